/*
 * Documents (文书) over real HTTP: an accountability case driven to its decision has its 问责决定书
 * issued as PDF, numbered per unit and year, its hash on the chain; the PDF is downloaded and read
 * back (subject, number, measures in Chinese, the appeal time limit); kinds not issuable in the state
 * are refused with nothing left behind (no history row, no file); outside reach is 404. The inquiry's
 * 谈话函询通知书 and the rectification's 整改通知书 come out the same way.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claims, signJwt, TEST_SUB_UNIT } from './support/jwt';
import { pdfText } from './support/pdf-text';
import {
  expectStatus,
  history,
  openBody,
  step,
  SUBS,
  unique,
  users,
  walkToDecision,
  type CaseView,
  type ErrorBody,
  type Users,
} from './support/procedure';
import type { components } from '../web/src/api/schema';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

type Issued = components['schemas']['IssuedDocument'];
type CaseDocuments = components['schemas']['CaseDocuments'];

/** The PDF's text with all white space taken out (lines wrap anywhere in Chinese). */
async function textOf(pdf: Buffer): Promise<string> {
  return (await pdfText(pdf)).text.replace(/\s+/g, '');
}

/** Files kept in the blob store (not its temporary folder). */
function storedFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.parentPath.includes(`${root}/tmp`))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

const UNIT = unique('doc-county-');
const UNIT_NAME = '甲县纪委监委 County A Commission';

/** Tokens by client, to read raw bytes (the test client reads text). */
const tokens = new Map<Client, string>();

async function clientIn(baseUrl: string, sub: string, roles: string[], unit: string): Promise<Client> {
  const token = await signJwt(claims(sub, roles, 3600, unit), TEST_SECRET);
  const client = new Client(baseUrl, token);
  tokens.set(client, token);
  return client;
}

describe('documents (文书) over HTTP', () => {
  let app: TestApp;
  let u: Users;
  let outsider: Client;
  const files = mkdtempSync(join(tmpdir(), 'wenze-docs-'));

  beforeAll(async () => {
    app = await startTestApp({ FILES_DIR: files });
    const admin = await Client.as(app.baseUrl, 'doc-admin', ['admin']);
    expectStatus(await admin.post('/units', { code: UNIT, name: UNIT_NAME, parentCode: 'test' }), 201);
    const roles = Object.keys(SUBS) as (keyof Users)[];
    const clients = await Promise.all(roles.map((r) => clientIn(app.baseUrl, SUBS[r], [r], UNIT)));
    u = Object.fromEntries(roles.map((r, i) => [r, clients[i]])) as unknown as Users;
    outsider = await clientIn(app.baseUrl, 'doc-outsider', ['officer'], TEST_SUB_UNIT);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    rmSync(files, { recursive: true, force: true });
  });

  const decidedCase = (name = '张三') => decidedCaseOf(u, name);

  async function decidedCaseOf(u: Users, name = '张三'): Promise<CaseView> {
    const c = expectStatus(
      await u.integration.post<CaseView>('/cases', {
        ...openBody({ subject: { ref: unique('p-'), name, organisation: '县交通运输局', post: '局长' } }),
        facts: '县道边坡施工中多次收到险情报告未予处置，导致边坡垮塌',
      }),
      201,
    ).body;
    await walkToDecision(u, c.id);
    return step(u, c.id, 'DECIDE', {
      decisionNo: unique('D-'),
      measures: [{ type: 'formalWarning', responsibility: 'mainLeadership' }],
      serious: false,
    });
  }

  /** The raw bytes of a GET. */
  async function downloadBytes(as: Client, path: string): Promise<Buffer> {
    const res = await fetch(`${app.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${tokens.get(as)}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  const issue = (as: Client, caseId: string, kind: string) =>
    as.post<Issued & ErrorBody>(`/cases/${caseId}/documents`, { kind });

  it('issues a 问责决定书 once decided: numbered, stored, its hash on the chain, and it reads back', async () => {
    const c = await decidedCase();
    expect(c.state).toBe('notification');
    const before = expectStatus(await u.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
    expect(before).toMatchObject({ issued: [], available: true, mayIssue: true });
    const read = await u.supervisor.get<CaseDocuments>(`/cases/${c.id}/documents`);
    expect(expectStatus(read, 200).body).toMatchObject({ mayIssue: false });
    expect(before.issuable.map((d) => d.kind).sort()).toEqual(['decision', 'deliveryReceipt']);
    expect(before.issuable.find((d) => d.kind === 'decision')?.label.zh).toBe('问责决定书');

    const doc = expectStatus(await issue(u.officer, c.id, 'decision'), 201).body;
    expect(doc).toMatchObject({ kind: 'decision', title: '问责决定书', issuedBy: SUBS.officer });
    expect(doc.number).toMatch(/^问决〔\d{4}〕\d+号$/);

    const row = (await history(u.officer, c.id)).find((h) => h.type === 'record.document');
    expect(row?.payload).toEqual({
      kind: 'decision',
      number: doc.number,
      title: '问责决定书',
      sha256: doc.sha256,
      size: doc.size,
    });
    expect(row?.from).toBe(row?.to);

    expect((await fetch(`${app.baseUrl}/cases/${c.id}/documents/${doc.sha256}`)).status).toBe(401);
    const got = await u.committee.request<string>('GET', `/cases/${c.id}/documents/${doc.sha256}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('问责决定书')}`,
    );
    const bytes = await downloadBytes(u.committee, `/cases/${c.id}/documents/${doc.sha256}`);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(bytes);
    for (const words of [
      '问责决定书',
      doc.number,
      '张三同志',
      '诫勉',
      '主要领导责任',
      '一个月内',
      '书面申诉',
      '甲县纪委监委',
      '—1—',
    ]) {
      expect(text).toContain(words);
    }

    const after = expectStatus(await u.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
    expect(after.issued).toEqual([
      expect.objectContaining({ number: doc.number, sha256: doc.sha256, seq: row?.seq }),
    ]);
  });

  it('numbers differ within a unit and year, also when issued at the same time on different cases', async () => {
    const [a, b, c] = await Promise.all([decidedCase('李四'), decidedCase('王五'), decidedCase('赵六')]);
    const docs = await Promise.all([a, b, c].map((x) => issue(u.officer, x.id, 'decision')));
    const numbers = docs.map((d) => expectStatus(d, 201).body.number);
    expect(new Set(numbers).size).toBe(3);
    const receipt = expectStatus(await issue(u.officer, a.id, 'deliveryReceipt'), 201).body;
    expect(receipt.number).toMatch(/^问送〔\d{4}〕\d+号$/);
    const text = await textOf(await downloadBytes(u.officer, `/cases/${a.id}/documents/${receipt.sha256}`));
    expect(text).toContain('送达回证');
    expect(text).toContain(numbers[0]);
  });

  it('refuses a kind not issuable in the state (422) or unknown (400), leaving no history row and no file', async () => {
    const c = expectStatus(await u.integration.post<CaseView>('/cases', openBody()), 201).body;
    const rows = (await history(u.officer, c.id)).length;
    const stored = storedFiles(files).length;
    const early = await issue(u.officer, c.id, 'decision');
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/cannot be issued while the case is in proposed/);
    const unknown = await issue(u.officer, c.id, 'summons');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/no document of kind "summons".*decision, deliveryReceipt/);
    expect((await issue(u.officer, c.id, '../x')).status).toBe(400);
    expect((await u.officer.post(`/cases/${c.id}/documents`, {})).status).toBe(400);
    const missing = '3f0b2a7c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';
    expect((await issue(u.officer, missing, 'decision')).status).toBe(404);
    expect((await history(u.officer, c.id)).length).toBe(rows);
    expect(storedFiles(files).length).toBe(stored);
    const listed = expectStatus(await u.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
    expect(listed).toMatchObject({ issued: [], issuable: [] });
  });

  it('is 404 outside reach, 403 to a role without issueDocuments, and 404 for a hash not issued on the case', async () => {
    const c = await decidedCase();
    const doc = expectStatus(await issue(u.officer, c.id, 'decision'), 201).body;
    expect((await issue(outsider, c.id, 'decision')).status).toBe(404);
    expect((await outsider.get(`/cases/${c.id}/documents`)).status).toBe(404);
    expect((await outsider.get(`/cases/${c.id}/documents/${doc.sha256}`)).status).toBe(404);
    expect((await issue(u.supervisor, c.id, 'decision')).status).toBe(403);
    expect((await u.officer.get(`/cases/${c.id}/documents/${'0'.repeat(64)}`)).status).toBe(404);
    const other = await decidedCase();
    expect((await u.officer.get(`/cases/${other.id}/documents/${doc.sha256}`)).status).toBe(404);
    expect((await u.officer.get(`/cases/${c.id}/documents/not-a-hash`)).status).toBe(400);
  });

  it('issues the 谈话函询通知书 of an approved inquiry and the 整改通知书 of a rectification', async () => {
    const inquiry = expectStatus(
      await u.officer.post<CaseView>('/cases', {
        workflow: 'inquiry',
        title: '反映违规插手工程招投标问题',
        subject: {
          ref: unique('cadre-'),
          kind: 'individual',
          name: '钱七',
          organisation: '县住建局',
          post: '局长',
        },
        clue: '来信反映其将两个项目指定给亲属承包',
        source: 'report',
      }),
      201,
    ).body;
    expect((await issue(u.officer, inquiry.id, 'notice')).status).toBe(422);
    expectStatus(await u.leader.send(inquiry.id, 'APPROVE', { method: 'letter' }), 200);
    const notice = expectStatus(await issue(u.officer, inquiry.id, 'notice'), 201).body;
    const noticeText = await textOf(
      await downloadBytes(u.officer, `/cases/${inquiry.id}/documents/${notice.sha256}`),
    );
    for (const words of [
      '谈话函询通知书',
      notice.number,
      '钱七同志',
      '函询',
      '十五个工作日内',
      '甲县纪委监委',
    ]) {
      expect(noticeText).toContain(words);
    }

    const rectification = expectStatus(
      await u.officer.post<CaseView>('/cases', {
        workflow: 'rectification',
        title: '食堂经费用于公务接待',
        subject: { ref: unique('unit-'), kind: 'organisation', name: '青龙镇人民政府' },
        source: 'inspectionTour',
        unitLeader: { ref: unique('leader-'), name: '孙八', post: '党委书记' },
        items: [
          {
            description: '清退违规列支的接待费用',
            responsible: '镇财政所',
            dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        ],
      }),
      201,
    ).body;
    const order = expectStatus(await issue(u.officer, rectification.id, 'notice'), 201).body;
    expect(order.number).toMatch(/^整改〔\d{4}〕\d+号$/);
    const orderText = await textOf(
      await downloadBytes(u.officer, `/cases/${rectification.id}/documents/${order.sha256}`),
    );
    for (const words of ['整改通知书', '青龙镇人民政府', '清退违规列支的接待费用', '孙八'])
      expect(orderText).toContain(words);
  });

  it('without a CJK font the service starts, says so once, and answers 503 naming the package', async () => {
    const bare = await startTestApp({ DOCUMENT_FONT: join(files, 'no-such-font.ttf'), LOG_LEVEL: 'info' });
    try {
      const t = await users(bare.baseUrl);
      const c = await decidedCaseOf(t);
      const officer = t.officer;
      const rows = (await history(officer, c.id)).length;
      const refused = await officer.post<ErrorBody>(`/cases/${c.id}/documents`, { kind: 'decision' });
      expect(refused.status).toBe(503);
      expect(refused.body.message).toMatch(/fonts-noto-cjk.*DOCUMENT_FONT/);
      expect((await history(officer, c.id)).length).toBe(rows);
      const listed = expectStatus(await officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
      expect(listed.available).toBe(false);
      const said = `${bare.output()}${bare.logs()}`.split('\n').filter((l) => l.includes('cannot be used'));
      expect(said).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });
});
