/*
 * The signed dossier as a readable PDF (GET /cases/:id/dossier.pdf): a decided case with a file
 * attached and its 问责决定书 issued reads back with its case number, its unit's full name, the
 * history's events in Chinese at Beijing time with their hashes, the attachment's and the document's
 * SHA-256 and the signature block; the signed JSON it embeds passes scripts/verify-dossier.mjs with
 * the digest the PDF prints. English on ?lang=en; 404 outside reach; logged; 409 on a broken chain.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beijingTime } from '../src/cases/cases.export';
import { canonicalJson } from '../src/engine/history/canonical-json';
import type { components } from '../web/src/api/schema';
import { claims, signJwt, TEST_SUB_UNIT } from './support/jwt';
import { pdfAttachments, pdfText } from './support/pdf-text';
import {
  expectStatus,
  history,
  openBody,
  step,
  SUBS,
  unique,
  walkToDecision,
  type CaseView,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { tamperPayload } from './support/tamper';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

type Issued = components['schemas']['IssuedDocument'];
type SignedDossier = components['schemas']['SignedDossier'];

const UNIT = unique('dossier-county-');
const UNIT_FULL_NAME = '中共乙县纪律检查委员会';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('the dossier as PDF', () => {
  let app: TestApp;
  let u: Users;
  let outsider: Client;
  const tokens = new Map<Client, string>();
  const files = mkdtempSync(join(tmpdir(), 'wenze-dossier-pdf-'));

  async function clientIn(sub: string, roles: string[], unit: string): Promise<Client> {
    const token = await signJwt(claims(sub, roles, 3600, unit), TEST_SECRET);
    const client = new Client(app.baseUrl, token);
    tokens.set(client, token);
    return client;
  }

  /** A GET's status, headers and raw bytes. */
  async function fetchBytes(as: Client, path: string) {
    const res = await fetch(`${app.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${tokens.get(as)}` },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    app = await startTestApp({ FILES_DIR: files });
    const admin = await Client.as(app.baseUrl, 'dossier-admin', ['admin']);
    expectStatus(
      await admin.post('/units', {
        code: UNIT,
        name: '乙县纪委监委',
        fullName: UNIT_FULL_NAME,
        shortName: '乙纪',
        parentCode: 'test',
      }),
      201,
    );
    const roles = Object.keys(SUBS) as (keyof Users)[];
    const clients = await Promise.all(roles.map((r) => clientIn(SUBS[r], [r], UNIT)));
    u = Object.fromEntries(roles.map((r, i) => [r, clients[i]])) as unknown as Users;
    outsider = await clientIn('dossier-outsider', ['supervisor'], TEST_SUB_UNIT);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    rmSync(files, { recursive: true, force: true });
  });

  /** A decided case with a talk record attached and its decision issued. */
  async function decidedCase(): Promise<{ c: CaseView; attachment: Buffer; doc: Issued }> {
    const c = expectStatus(
      await u.integration.post<CaseView>('/cases', {
        ...openBody({
          subject: { ref: unique('p-'), name: '张三', organisation: '县交通运输局', post: '局长' },
        }),
        title: '县道边坡垮塌问责',
      }),
      201,
    ).body;
    await walkToDecision(u, c.id);
    const attachment = Buffer.from(`%PDF-1.4\n% 谈话笔录 ${unique()}\n%%EOF\n`);
    const form = new FormData();
    form.append('kind', 'talkRecord');
    form.append('file', new Blob([attachment], { type: 'application/pdf' }), '谈话笔录.pdf');
    const uploaded = await fetch(`${app.baseUrl}/cases/${c.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(u.officer)}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    await step(u, c.id, 'DECIDE', {
      decisionNo: `乙纪问〔2026〕${Date.now() % 100000}号`,
      measures: [{ type: 'formalWarning', responsibility: 'mainLeadership' }],
      serious: false,
    });
    const doc = expectStatus(
      await u.officer.post<Issued>(`/cases/${c.id}/documents`, { kind: 'decision' }),
      201,
    ).body;
    const view = expectStatus(await u.supervisor.get<CaseView>(`/cases/${c.id}`), 200).body;
    return { c: view, attachment, doc };
  }

  it('reads back: cover, the history in Chinese at Beijing time with hashes, files, documents, signature; its embedded JSON verifies', async () => {
    const { c, attachment, doc } = await decidedCase();
    const got = await fetchBytes(u.supervisor, `/cases/${c.id}/dossier.pdf`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toContain(encodeURIComponent('案卷档案'));
    expect(got.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const { text: raw, pages } = await pdfText(got.bytes);
    const text = raw.replace(/\s+/g, '');
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(c.caseNo).toMatch(/^乙纪〔\d{4}〕/);
    for (const words of [
      '案卷档案',
      c.caseNo!,
      '县道边坡垮塌问责',
      UNIT_FULL_NAME,
      '张三，县交通运输局，局长',
      '问责（第',
      '提出问责建议',
      '受理',
      '批准启动调查',
      '记录陈述申辩',
      '作出问责决定',
      '上传附件：谈话笔录.pdf',
      `出具文书：问责决定书${doc.number}`,
      '北京时间',
      '谈话笔录.pdf',
      sha256(attachment),
      doc.number,
      doc.sha256,
      '档案摘要',
      'Ed25519',
      '第1页，共',
    ]) {
      expect(text).toContain(words.replace(/\s+/g, ''));
    }
    const rows = await history(u.supervisor, c.id);
    for (const row of rows) {
      expect(text).toContain(beijingTime(row.at).replace(' ', ''));
      expect(text).toContain(`${row.hash.slice(0, 12)}…`);
    }
    // No event left as its code.
    expect(text).not.toMatch(/APPROVE_INVESTIGATION|RECORD_STATEMENT|record\.attachment/);

    // The JSON it embeds is the signed dossier: it verifies offline, its digest is the one printed.
    const embedded = (await pdfAttachments(got.bytes))[`dossier-${c.id}.json`];
    expect(embedded).toBeDefined();
    const signed = JSON.parse(embedded.toString('utf8')) as SignedDossier;
    expect(signed.dossier.case.id).toBe(c.id);
    expect(signed.dossier.history.map((h) => h.hash)).toEqual(rows.map((r) => r.hash));
    const digest = sha256(canonicalJson(signed.dossier));
    expect(text).toContain(digest);
    expect(text).toContain(signed.signature.value);
    expect(text).toContain(signed.signature.keyId);
    const dir = mkdtempSync(join(tmpdir(), 'wenze-dossier-check-'));
    try {
      writeFileSync(join(dir, 'dossier.json'), embedded);
      writeFileSync(join(dir, 'key.pem'), (await u.supervisor.get<string>('/dossier-key')).body);
      const out = execFileSync(
        process.execPath,
        ['scripts/verify-dossier.mjs', join(dir, 'dossier.json'), join(dir, 'key.pem')],
        { encoding: 'utf8' },
      );
      expect(out).toMatch(/^signature valid .*chain and replay verified/);
      expect(out).toContain(`dossier SHA-256 (canonical JSON): ${digest}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The read is logged as the PDF's.
    const log = expectStatus(
      await u.supervisor.get<{ items: { action: string; caseId: string | null }[] }>(
        `/access-log?actor=${SUBS.supervisor}&action=case.dossier.pdf`,
      ),
      200,
    ).body.items;
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: c.id })]));
  });

  it('speaks English on ?lang=en, refuses another language, is 404 outside reach', async () => {
    const { c } = await decidedCase();
    const en = await fetchBytes(u.leader, `/cases/${c.id}/dossier.pdf?lang=en`);
    expect(en.status).toBe(200);
    const text = (await pdfText(en.bytes)).text.replace(/\s+/g, ' ');
    for (const words of [
      'Case dossier',
      'Handling unit',
      'Accept',
      'Decide on accountability',
      'Beijing time',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).toContain('Page 1 of');
    expectStatus(await u.leader.get<ErrorBody>(`/cases/${c.id}/dossier.pdf?lang=fr`), 400);

    const outside = await outsider.get<ErrorBody>(`/cases/${c.id}/dossier.pdf`);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('CASE_NOT_FOUND');
    expect((await fetch(`${app.baseUrl}/cases/${c.id}/dossier.pdf`)).status).toBe(401);
  });

  it('is refused (409 CHAIN_NOT_VERIFIED) for a case whose hash chain is broken, like the JSON', async () => {
    const { c } = await decidedCase();
    expect((await fetchBytes(u.supervisor, `/cases/${c.id}/dossier.pdf`)).status).toBe(200);
    await tamperPayload(app, c.id, 2, { note: 'approved by someone else' });
    const refused = await u.supervisor.get<ErrorBody>(`/cases/${c.id}/dossier.pdf`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CHAIN_NOT_VERIFIED');
    expect(refused.body.message).toMatch(/hash chain breaks at seq 2\): no signed dossier is issued/);
  });
});
