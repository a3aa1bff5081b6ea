/*
 * Attachments (issue 13): files uploaded to a case over real HTTP, stored by hash, recorded on the
 * chain, listed, downloaded, checked by verify — and everything refused leaves nothing behind.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectStatus, history, openCase, SUBS, users, type Users } from './support/procedure';
import { claims, signJwt, TEST_SUB_UNIT } from './support/jwt';
import { Client, startTestApp, TEST_SECRET, token, type TestApp } from './support/test-app';

const MAX_BYTES = 64 * 1024;

interface Attachment {
  seq: number;
  actor: string;
  name: string;
  size: number;
  sha256: string;
  mediaType: string;
  kind: string;
  description?: string;
}
interface Verify {
  ok: boolean;
  filesChecked: number;
  filesHashed: number;
  filesIntact: boolean;
  problems: string[];
}

let app: TestApp;
let u: Users;
let filesDir: string;
let officer: string;

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), 'wenze-files-'));
  app = await startTestApp({
    FILES_DIR: filesDir,
    ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
    // Refused uploads' files are collected by the sweep, not by the request (see upload-race.e2e-spec).
    FILES_GRACE_SECONDS: '2',
    FILES_SWEEP_SECONDS: '1',
  });
  u = await users(app.baseUrl);
  officer = await token(SUBS.officer, ['officer']);
});

afterAll(async () => {
  await app?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

function pdf(text: string, padTo = 0): Buffer {
  const body = `%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`;
  return Buffer.concat([Buffer.from(body), Buffer.alloc(Math.max(0, padTo - body.length), 0x20)]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file the store holds (its temporary folder included). */
function storedFiles(): string[] {
  if (!existsSync(filesDir)) return [];
  return readdirSync(filesDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function upload(
  bearer: string,
  caseId: string,
  file: { bytes: Buffer; name: string; type?: string },
  fields: Record<string, string> = { kind: 'talkRecord' },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  const res = await fetch(`${app.baseUrl}/cases/${caseId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, ...headers },
    body: form,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** scripts/verify-dossier.mjs on dir/dossier.json with dir/key.pem and --files dir/files. */
function checkDossier(dir: string): { status: number; out: string } {
  const args = ['scripts/verify-dossier.mjs', join(dir, 'dossier.json'), join(dir, 'key.pem')];
  try {
    return {
      status: 0,
      out: execFileSync(process.execPath, [...args, '--files', join(dir, 'files')], { encoding: 'utf8' }),
    };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { status: failed.status, out: failed.stdout };
  }
}

async function verify(caseId: string): Promise<Verify> {
  return expectStatus(await u.supervisor.get<Verify>(`/cases/${caseId}/verify`), 200).body;
}

describe('attachments', () => {
  it('uploads a file, lists it, gives back the same bytes, records its hash on the chain, verifies', async () => {
    const opened = await openCase(u);
    const bytes = pdf('谈话笔录 of the first interview');
    const reply = await upload(
      officer,
      opened.id,
      { bytes, name: '../../etc/谈话笔录 第一次.pdf', type: 'text/plain' },
      { kind: 'talkRecord', description: 'First interview' },
      { 'if-match': `"${opened.revision}"` },
    );
    expect(reply.status).toBe(201);
    const created = reply.body as { attachment: Attachment; revision: number };
    expect(created.revision).toBe(opened.revision + 1);
    expect(reply.headers.get('etag')).toBe(`"${created.revision}"`);
    expect(created.attachment).toMatchObject({
      seq: created.revision,
      name: '谈话笔录 第一次.pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      mediaType: 'application/pdf',
      kind: 'talkRecord',
      description: 'First interview',
    });

    const list = expectStatus(
      await u.leader.get<{ items: Attachment[]; kinds: string[]; maxBytes: number; mayAttach: boolean }>(
        `/cases/${opened.id}/attachments`,
      ),
      200,
    ).body;
    expect(list.items).toEqual([created.attachment]);
    expect(list.kinds).toContain('deliveryReceipt');
    expect(list.maxBytes).toBe(MAX_BYTES);
    expect(list.mayAttach).toBe(true);

    const res = await fetch(`${app.baseUrl}/cases/${opened.id}/attachments/${sha256(bytes)}`, {
      headers: { authorization: `Bearer ${await token(SUBS.leader, ['leader'])}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('谈话笔录 第一次.pdf')}`,
    );

    const rows = await history(u.supervisor, opened.id);
    const row = rows.find((r) => r.seq === created.revision)!;
    expect(row.type).toBe('record.attachment');
    expect(row.from).toBe(row.to);
    expect((row.payload as { sha256: string }).sha256).toBe(sha256(bytes));
    expect(await verify(opened.id)).toMatchObject({ ok: true, filesChecked: 1, filesIntact: true });

    const dossier = expectStatus(
      await u.supervisor.get<{ dossier: { files: Attachment[] } }>(`/cases/${opened.id}/dossier`),
      200,
    ).body.dossier;
    expect(dossier.files).toEqual([
      expect.objectContaining({ seq: row.seq, sha256: sha256(bytes), name: '谈话笔录 第一次.pdf' }),
    ]);
    // Offline: the signed dossier, and the downloaded file checked against the hash it lists.
    const dir = mkdtempSync(join(tmpdir(), 'wenze-dossier-'));
    try {
      const signed = await u.supervisor.get(`/cases/${opened.id}/dossier`);
      writeFileSync(join(dir, 'dossier.json'), JSON.stringify(signed.body));
      writeFileSync(join(dir, 'key.pem'), await (await fetch(`${app.baseUrl}/dossier-key`)).text());
      mkdirSync(join(dir, 'files'));
      writeFileSync(join(dir, 'files', '谈话笔录 第一次.pdf'), bytes);
      expect(checkDossier(dir)).toEqual({
        status: 0,
        out: expect.stringMatching(/1 recorded file\(s\) intact[\s\S]*谈话笔录 第一次\.pdf: matches/),
      });
      writeFileSync(join(dir, 'files', '谈话笔录 第一次.pdf'), pdf('another interview'));
      expect(checkDossier(dir)).toEqual({ status: 1, out: expect.stringMatching(/does NOT match/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Another case does not record these bytes: 404 there.
    const other = await openCase(u);
    expect((await u.leader.get(`/cases/${other.id}/attachments/${sha256(bytes)}`)).status).toBe(404);
  });

  it('a file changed or removed on disk makes verify report a broken proof', async () => {
    const opened = await openCase(u);
    const bytes = pdf('original report, to be tampered with');
    expect(
      (await upload(officer, opened.id, { bytes, name: 'report.pdf' }, { kind: 'originalReport' })).status,
    ).toBe(201);
    const path = storedFiles().find((f) => f.endsWith(sha256(bytes)))!;
    writeFileSync(path, pdf('original report, tampered with!'));
    const tampered = await verify(opened.id);
    expect(tampered).toMatchObject({ ok: false, filesIntact: false });
    expect(tampered.problems.join('\n')).toMatch(/report\.pdf.*no longer hashes to its recorded SHA-256/);
    rmSync(path);
    expect((await verify(opened.id)).problems.join('\n')).toMatch(/report\.pdf.*missing from the file store/);
  });

  it('verify reads 50 files once, not again while they are unchanged, and still catches a file changed since', async () => {
    const opened = await openCase(u);
    const files = Array.from({ length: 50 }, (_, i) => ({
      name: `evidence-${i + 1}.pdf`,
      bytes: pdf(`evidence page ${i + 1}`, 200),
    }));
    for (const file of files) {
      expect((await upload(officer, opened.id, file, { kind: 'originalReport' })).status).toBe(201);
    }
    expect(await verify(opened.id)).toMatchObject({ ok: true, filesChecked: 50, filesHashed: 50 });
    // Nothing changed on disk: nothing is read again.
    expect(await verify(opened.id)).toMatchObject({ ok: true, filesChecked: 50, filesHashed: 0 });

    // Same size, and the modification time put back as it was: the change is still caught (the file's
    // change time moved), and only that file is read again.
    const target = files[17];
    const path = storedFiles().find((f) => f.endsWith(sha256(target.bytes)))!;
    const before = statSync(path);
    const forged = pdf('evidence page 18, forged', 200);
    expect(forged.length).toBe(target.bytes.length);
    writeFileSync(path, forged);
    utimesSync(path, before.atime, before.mtime);
    const tampered = await verify(opened.id);
    expect(tampered).toMatchObject({ ok: false, filesChecked: 50, filesHashed: 1, filesIntact: false });
    expect(tampered.problems).toEqual([
      expect.stringMatching(/evidence-18\.pdf.*no longer hashes to its recorded SHA-256/),
    ]);
    // Still reported on the next call (a broken file is never taken as checked).
    expect(await verify(opened.id)).toMatchObject({ ok: false, filesHashed: 1 });

    // The original bytes put back: intact again, read once, then not again.
    writeFileSync(path, target.bytes);
    expect(await verify(opened.id)).toMatchObject({ ok: true, filesHashed: 1, filesIntact: true });
    expect(await verify(opened.id)).toMatchObject({ ok: true, filesHashed: 0 });
  });

  it('refuses what it must, and a refused upload leaves no history row and, after the sweep, no file', async () => {
    const opened = await openCase(u);
    const rowsBefore = (await history(u.supervisor, opened.id)).length;
    const filesBefore = storedFiles().sort();
    // An officer of the unit below the case's: the case is out of reach. A token whose only role the
    // catalogue does not declare has no role left, so none that may attach.
    const outsider = signJwt(claims('sub-unit-officer', ['officer'], 3600, TEST_SUB_UNIT), TEST_SECRET);
    const nobody = await token('visitor', ['visitor']);
    const attempts = [
      [
        'one byte too large',
        await upload(officer, opened.id, { bytes: pdf('big', MAX_BYTES + 1), name: 'big.pdf' }),
        413,
      ],
      [
        'far too large (the whole body is read, the answer arrives)',
        await upload(officer, opened.id, { bytes: pdf('huge', 8 * 1024 * 1024), name: 'huge.pdf' }),
        413,
      ],
      [
        'an executable',
        await upload(officer, opened.id, { bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), name: 'x.pdf' }),
        415,
      ],
      [
        'a zip not named as an office document',
        await upload(officer, opened.id, { bytes: Buffer.from('PK\x03\x04rest'), name: 'a.zip' }),
        415,
      ],
      [
        'an unknown kind',
        await upload(officer, opened.id, { bytes: pdf('k'), name: 'k.pdf' }, { kind: 'secret' }),
        400,
      ],
      ['no kind', await upload(officer, opened.id, { bytes: pdf('n'), name: 'n.pdf' }, {}), 400],
      [
        'a stale If-Match',
        await upload(officer, opened.id, { bytes: pdf('stale'), name: 's.pdf' }, undefined, {
          'if-match': '"7"',
        }),
        409,
      ],
      ['outside reach', await upload(outsider, opened.id, { bytes: pdf('out'), name: 'o.pdf' }), 404],
      ['without attach', await upload(nobody, opened.id, { bytes: pdf('no'), name: 'no.pdf' }), 403],
    ] as const;
    const got = attempts.map(([what, reply]) => ({ what, status: reply.status }));
    expect(got).toEqual(attempts.map(([what, , status]) => ({ what, status })));
    expect(String(attempts[0][1].body.message)).toContain(`limit of ${MAX_BYTES} bytes`);
    expect(String(attempts[2][1].body.message)).toContain('not of an accepted type');
    expect((await history(u.supervisor, opened.id)).length).toBe(rowsBefore);
    for (let waited = 0; storedFiles().length > filesBefore.length && waited < 30; waited++) {
      await new Promise((done) => setTimeout(done, 1000));
    }
    expect(storedFiles().sort()).toEqual(filesBefore);
    const json = await u.officer.post(`/cases/${opened.id}/attachments`, { kind: 'other' });
    expect(json.status).toBe(415);
    expect((await new Client(app.baseUrl, outsider).get(`/cases/${opened.id}/attachments`)).status).toBe(404);
  });

  it('the JSON routes keep their body limit and parser beside multipart', async () => {
    const opened = await openCase(u);
    const sent = await u.officer.send(opened.id, 'ACCEPT');
    expect(sent.status).toBe(200);
    const tooBig = await u.integration.post('/cases', {
      workflow: 'accountability',
      title: 'x'.repeat(1_100_000),
    });
    expect(tooBig.status).toBe(413);
  });
});
