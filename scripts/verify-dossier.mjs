#!/usr/bin/env node
// Checks a Wenze dossier offline: node scripts/verify-dossier.mjs dossier.json public-key.pem [--files DIR]
// Prints the SHA-256 of the dossier's canonical JSON (as its PDF prints it).
// Exits 0 only when the signature is valid, the chain was verified when exported and the files match.
// The signature covers the canonical JSON of `dossier` (object keys sorted at every depth, no spaces).
// Every entry of `dossier.files` must be recorded by its history row; with --files, each file in DIR
// (named by its SHA-256 or by its recorded name, as downloaded) must hash to what the history records.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const args = process.argv.slice(2);
const filesAt = args.indexOf('--files');
const filesDir = filesAt >= 0 ? args.splice(filesAt, 2)[1] : undefined;
const [file, keyFile] = args;
if (!file || !keyFile || (filesAt >= 0 && !filesDir)) {
  console.error('usage: node scripts/verify-dossier.mjs dossier.json public-key.pem [--files DIR]');
  process.exit(2);
}
const { dossier, signature } = JSON.parse(readFileSync(file, 'utf8'));
const key = createPublicKey(readFileSync(keyFile));
const ok = verify(null, Buffer.from(canonical(dossier), 'utf8'), key, Buffer.from(signature.value, 'base64'));
const chain = dossier.verification?.ok
  ? `chain and replay verified when exported, with ${dossier.verification.filesChecked ?? 0} recorded file(s) intact`
  : 'chain NOT verified when exported';
console.log(
  ok
    ? `signature valid (key ${signature.keyId}); ${chain}`
    : 'signature INVALID: the dossier was changed or signed with another key',
);
// The digest the dossier's PDF prints in its signature block (档案摘要), to match the two.
console.log(
  `dossier SHA-256 (canonical JSON): ${createHash('sha256').update(canonical(dossier), 'utf8').digest('hex')}`,
);

let filesOk = true;
const history = new Map((dossier.history ?? []).map((row) => [row.seq, row]));
for (const f of dossier.files ?? []) {
  const row = history.get(f.seq);
  if (!row || row.type !== f.type || row.payload?.sha256 !== f.sha256) {
    console.log(`file ${f.name}: NOT recorded by history row ${f.seq}`);
    filesOk = false;
    continue;
  }
  if (!filesDir) continue;
  const path = [join(filesDir, f.sha256), join(filesDir, f.name)].find((p) => existsSync(p));
  if (!path) {
    console.log(`file ${f.name}: not found in ${filesDir}`);
    filesOk = false;
    continue;
  }
  const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
  console.log(`file ${f.name}: ${hash === f.sha256 ? 'matches' : 'does NOT match'} the SHA-256 on the chain`);
  if (hash !== f.sha256) filesOk = false;
}
// A dossier whose chain was not verified when exported is no proof of the case's records: exit 1.
const chainOk = dossier.verification?.ok === true;
process.exit(ok && filesOk && chainOk ? 0 : 1);
