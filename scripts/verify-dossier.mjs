#!/usr/bin/env node
// Checks a Wenze dossier offline: node scripts/verify-dossier.mjs dossier.json public-key.pem
// The signature covers the canonical JSON of `dossier` (object keys sorted at every depth, no spaces).
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

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

const [file, keyFile] = process.argv.slice(2);
if (!file || !keyFile) {
  console.error('usage: node scripts/verify-dossier.mjs dossier.json public-key.pem');
  process.exit(2);
}
const { dossier, signature } = JSON.parse(readFileSync(file, 'utf8'));
const key = createPublicKey(readFileSync(keyFile));
const ok = verify(null, Buffer.from(canonical(dossier), 'utf8'), key, Buffer.from(signature.value, 'base64'));
const chain = dossier.verification?.ok
  ? 'chain and replay verified when exported'
  : 'chain NOT verified when exported';
console.log(
  ok
    ? `signature valid (key ${signature.keyId}); ${chain}`
    : 'signature INVALID: the dossier was changed or signed with another key',
);
process.exit(ok ? 0 : 1);
