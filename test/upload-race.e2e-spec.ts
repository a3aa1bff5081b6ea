/*
 * Issue 19, finding 1: two uploads of the same bytes at the same moment, one refused (a stale
 * If-Match, 409) and one accepted (201). The refused one must never take away the file the accepted
 * one recorded: every accepted file downloads, and verify finds every file intact. Refused files are
 * left to the file sweep, which runs throughout (every second, grace 3 s) and removes only what no
 * record references.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectStatus, openCase, SUBS, users, type Users } from './support/procedure';
import { startTestApp, token, type TestApp } from './support/test-app';

const ROUNDS = 100;
const GRACE_SECONDS = 3;
// No case ever has revision 0 (opening is revision 1): this If-Match is always stale.
const STALE = '"0"';

let app: TestApp;
let u: Users;
let filesDir: string;
let officer: string;

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), 'wenze-race-files-'));
  app = await startTestApp({
    FILES_DIR: filesDir,
    FILES_GRACE_SECONDS: String(GRACE_SECONDS),
    FILES_SWEEP_SECONDS: '1',
  });
  u = await users(app.baseUrl);
  officer = await token(SUBS.officer, ['officer']);
});

afterAll(async () => {
  await app?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The names of the stored files (their hashes), temporary ones left out. */
function storedHashes(): string[] {
  if (!existsSync(filesDir)) return [];
  return readdirSync(filesDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.endsWith('tmp'))
    .map((e) => e.name)
    .sort();
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function upload(caseId: string, bytes: Buffer, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append('kind', 'other');
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'evidence.pdf');
  return fetch(`${app.baseUrl}/cases/${caseId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${officer}`, ...headers },
    body: form,
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));
}

it(`${ROUNDS} rounds of two identical uploads at once, one refused: every accepted file stays`, async () => {
  const opened = await openCase(u);
  const accepted: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bytes = Buffer.from(`%PDF-1.4\n% evidence of round ${round} ${opened.id}\n%%EOF\n`);
    const [refused, taken] = await Promise.all([
      upload(opened.id, bytes, { 'if-match': STALE }),
      upload(opened.id, bytes),
    ]);
    expect([refused.status, taken.status]).toEqual([409, 201]);
    accepted.push(sha256(bytes));
  }
  // Past the grace period, with the sweep running: the accepted files are all still there.
  await sleep((GRACE_SECONDS + 2) * 1000);
  const missing: string[] = [];
  for (const hash of accepted) {
    const res = await fetch(`${app.baseUrl}/cases/${opened.id}/attachments/${hash}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200 || sha256(bytes) !== hash) missing.push(hash);
  }
  expect(missing).toEqual([]);
  const verify = expectStatus(
    await u.supervisor.get<{ ok: boolean; filesChecked: number; problems: string[] }>(
      `/cases/${opened.id}/verify`,
    ),
    200,
  ).body;
  expect(verify.problems).toEqual([]);
  expect(verify).toMatchObject({ ok: true, filesChecked: ROUNDS });
});

it('a refused upload whose bytes nobody records is removed by the sweep once its grace has passed', async () => {
  const opened = await openCase(u);
  const bytes = Buffer.from(`%PDF-1.4\n% refused only ${opened.id}\n%%EOF\n`);
  expect((await upload(opened.id, bytes, { 'if-match': STALE })).status).toBe(409);
  expect(storedHashes()).toContain(sha256(bytes));
  const kept = (await upload(opened.id, Buffer.from(`%PDF-1.4\n% kept ${opened.id}\n%%EOF\n`))).status;
  expect(kept).toBe(201);
  for (let waited = 0; storedHashes().includes(sha256(bytes)) && waited < 30; waited++) await sleep(1000);
  expect(storedHashes()).not.toContain(sha256(bytes));
  const verify = expectStatus(
    await u.supervisor.get<{ ok: boolean; problems: string[] }>(`/cases/${opened.id}/verify`),
    200,
  ).body;
  expect(verify).toMatchObject({ ok: true, problems: [] });
});
