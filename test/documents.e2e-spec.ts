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
const UNIT_FULL_NAME = '中共甲县纪律检查委员会';

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
    expectStatus(
      await admin.post('/units', {
        code: UNIT,
        name: UNIT_NAME,
        fullName: UNIT_FULL_NAME,
        parentCode: 'test',
      }),
      201,
    );
    const roles = Object.keys(SUBS) as (keyof Users)[];
    const clients = await Promise.all(roles.map((r) => clientIn(app.baseUrl, SUBS[r], [r], UNIT)));
    u = Object.fromEntries(roles.map((r, i) => [r, clients[i]])) as unknown as Users;
    outsider = await clientIn(app.baseUrl, 'doc-outsider', ['officer'], TEST_SUB_UNIT);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    rmSync(files, { recursive: true, force: true });
  });

  const decidedCase = (name = '张三') => decidedCaseOf(u, name);

  async function decidedCaseOf(u: Users, name = '张三', decisionNo = unique('D-')): Promise<CaseView> {
    const c = expectStatus(
      await u.integration.post<CaseView>('/cases', {
        ...openBody({ subject: { ref: unique('p-'), name, organisation: '县交通运输局', post: '局长' } }),
        facts: '县道边坡施工中多次收到险情报告未予处置，导致边坡垮塌',
      }),
      201,
    ).body;
    await walkToDecision(u, c.id);
    return step(u, c.id, 'DECIDE', {
      decisionNo,
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

  const issue = (as: Client, caseId: string, kind: string, more: Record<string, unknown> = {}) =>
    as.post<Issued & ErrorBody>(`/cases/${caseId}/documents`, { kind, ...more });

  it('issues a 问责决定书 once decided: under the decision’s number, stored, its hash on the chain, and it reads back', async () => {
    const decisionNo = `青纪问〔2026〕${Date.now() % 100000}号`;
    const c = await decidedCaseOf(u, '张三', decisionNo);
    expect(c.state).toBe('notification');
    const before = expectStatus(await u.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
    expect(before).toMatchObject({ issued: [], available: true, mayIssue: true });
    const read = await u.supervisor.get<CaseDocuments>(`/cases/${c.id}/documents`);
    expect(expectStatus(read, 200).body).toMatchObject({ mayIssue: false });
    expect(before.issuable.map((d) => d.kind).sort()).toEqual(['decision', 'deliveryReceipt']);
    expect(before.issuable.find((d) => d.kind === 'decision')?.label.zh).toBe('问责决定书');

    const doc = expectStatus(await issue(u.officer, c.id, 'decision'), 201).body;
    expect(doc).toMatchObject({ kind: 'decision', title: '问责决定书', issuedBy: SUBS.officer });
    // One decision, one number: the document carries the 决定文号 the committee gave.
    expect(doc.number).toBe(decisionNo);

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
      `${UNIT_FULL_NAME}文件`,
      '抄送：同级党委组织部，县交通运输局。',
      '—1—',
    ]) {
      expect(text).toContain(words);
    }
    // The basis once, the unit's full name as issuer, no second number.
    expect(text.split('《中国共产党问责条例》')).toHaveLength(2);
    expect(text).not.toMatch(/问决〔/);
    expect(text.split(decisionNo).length).toBeGreaterThanOrEqual(2);

    const after = expectStatus(await u.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
    expect(after.issued).toEqual([
      expect.objectContaining({ number: doc.number, sha256: doc.sha256, seq: row?.seq }),
    ]);
  });

  it('counter numbers differ within a unit and year, also when issued at the same time on different cases', async () => {
    const [a, b, c] = await Promise.all([decidedCase('李四'), decidedCase('王五'), decidedCase('赵六')]);
    const docs = await Promise.all([a, b, c].map((x) => issue(u.officer, x.id, 'deliveryReceipt')));
    const numbers = docs.map((d) => expectStatus(d, 201).body.number);
    expect(new Set(numbers).size).toBe(3);
    for (const n of numbers) expect(n).toMatch(/^问送〔\d{4}〕\d+号$/);
    const decision = expectStatus(await issue(u.officer, a.id, 'decision'), 201).body;
    const text = await textOf(
      await downloadBytes(u.officer, `/cases/${a.id}/documents/${docs[0].body.sha256}`),
    );
    expect(text).toContain('送达回证');
    expect(text).toContain(`问责决定书（${decision.number}）`);
  });

  it('issues a document once: again only confirmed with a reason (409/422 otherwise, nothing left behind); voided, it may be issued anew', async () => {
    const c = await decidedCase('孙九');
    const first = expectStatus(await issue(u.officer, c.id, 'decision'), 201).body;
    const rows = (await history(u.officer, c.id)).length;
    const stored = storedFiles(files).length;

    const again = await issue(u.officer, c.id, 'decision');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DOCUMENT_ISSUED');
    expect(again.body.message).toContain(`${first.number} was issued already`);
    expect(again.body.message).toContain('confirm: true with a reason');
    const noReason = await issue(u.officer, c.id, 'decision', { confirm: true, reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.message).toMatch(/needs a reason/);
    expect((await issue(u.officer, c.id, 'decision', { reason: '更正错字' })).status).toBe(409);
    expect((await issue(u.officer, c.id, 'decision', { confirm: 'yes' })).status).toBe(400);
    expect((await history(u.officer, c.id)).length).toBe(rows);
    expect(storedFiles(files).length).toBe(stored);

    const second = expectStatus(
      await issue(u.officer, c.id, 'decision', { confirm: true, reason: '更正问责事实中的错字' }),
      201,
    ).body;
    expect(second).toMatchObject({
      number: first.number,
      reissueOf: first.seq,
      reason: '更正问责事实中的错字',
    });

    // Voiding: a row on the chain; the document is listed as voided, its PDF still readable.
    const path = `/cases/${c.id}/documents/${first.sha256}/void`;
    expect((await u.officer.post<ErrorBody>(path, {})).status).toBe(400);
    expect((await u.officer.post<ErrorBody>(path, { reason: ' ' })).status).toBe(400);
    expect((await outsider.post<ErrorBody>(path, { reason: '误发' })).status).toBe(404);
    expect((await u.supervisor.post<ErrorBody>(path, { reason: '误发' })).status).toBe(403);
    const missing = `/cases/${c.id}/documents/${'a'.repeat(64)}/void`;
    expect((await u.officer.post<ErrorBody>(missing, { reason: '误发' })).status).toBe(404);
    const voided = expectStatus(
      await u.officer.post<Issued>(path, { reason: '已由更正后的决定书替代' }),
      201,
    ).body;
    expect(voided.voided).toMatchObject({ by: SUBS.officer, reason: '已由更正后的决定书替代' });
    const twice = await u.officer.post<ErrorBody>(path, { reason: '再次作废' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DOCUMENT_VOIDED');
    const row = (await history(u.officer, c.id)).find((h) => h.type === 'record.document.void');
    expect(row?.payload).toEqual({
      kind: 'decision',
      number: first.number,
      voids: first.sha256,
      voidsSeq: first.seq,
      reason: '已由更正后的决定书替代',
    });
    const listed = expectStatus(await u.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200).body;
    expect(listed.issued.map((d) => [d.seq, d.voided?.seq ?? null])).toEqual([
      [first.seq, row?.seq],
      [second.seq, null],
    ]);
    await downloadBytes(u.officer, `/cases/${c.id}/documents/${first.sha256}`);
    // The verification still holds: the void row records no file of its own.
    const verified = expectStatus(await u.officer.get<{ ok: boolean }>(`/cases/${c.id}/verify`), 200).body;
    expect(verified.ok).toBe(true);

    // The second is still in force; voided too, the kind is issued without confirmation.
    expect((await issue(u.officer, c.id, 'decision')).status).toBe(409);
    expectStatus(
      await u.officer.post(`/cases/${c.id}/documents/${second.sha256}/void`, { reason: '撤销' }),
      201,
    );
    const third = expectStatus(await issue(u.officer, c.id, 'decision'), 201).body;
    expect(third.number).toBe(first.number);
    expect(third.reissueOf).toBeUndefined();
  });

  it('a 函询函 is issued after a leader approved its draft (with a 批示); not before, not approved by its drafter', async () => {
    const inquiry = expectStatus(
      await u.officer.post<CaseView>('/cases', {
        workflow: 'inquiry',
        title: '反映违规发放津补贴问题',
        subject: {
          ref: unique('cadre-'),
          kind: 'individual',
          name: '周十',
          organisation: '县教育局',
          post: '局长',
        },
        clue: '来信反映其违规发放津补贴',
        source: 'report',
      }),
      201,
    ).body;
    expectStatus(await u.leader.send(inquiry.id, 'APPROVE', { method: 'letter' }), 200);
    const listed = expectStatus(
      await u.officer.get<CaseDocuments>(`/cases/${inquiry.id}/documents`),
      200,
    ).body;
    expect(listed.issuable).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'letter', approval: true })]),
    );
    expect(listed).toMatchObject({ mayIssue: true, mayApprove: false, drafts: [] });
    const early = await issue(u.officer, inquiry.id, 'letter');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('DOCUMENT_APPROVAL_REQUIRED');
    expect(early.body.message).toMatch(/submit a draft first/);

    const preview = await downloadBytes(u.officer, `/cases/${inquiry.id}/documents/preview/letter`);
    expect(await textOf(preview)).toContain('函询函');
    const drafts = `/cases/${inquiry.id}/documents/drafts`;
    expect((await u.officer.post<ErrorBody>(drafts, { kind: 'notice' })).status).toBe(400);
    const draft = expectStatus(
      await u.officer.post<{ seq: number; status: string }>(drafts, { kind: 'letter', note: '请审批' }),
      201,
    ).body;
    expect(draft.status).toBe('pending');
    const pending = await u.officer.post<ErrorBody>(drafts, { kind: 'letter' });
    expect(pending.status).toBe(409);
    expect((await issue(u.officer, inquiry.id, 'letter')).body.message).toMatch(/awaits approval/);

    const approval = `${drafts}/${draft.seq}/approval`;
    expect((await u.officer.post(approval, { approved: true })).status).toBe(403);
    expect((await u.leader.post(approval, { approved: 'yes' })).status).toBe(400);
    expect((await u.leader.post(`${drafts}/99999/approval`, { approved: true })).status).toBe(404);
    const outsiderLeader = await clientIn(app.baseUrl, 'doc-outsider-leader', ['leader'], TEST_SUB_UNIT);
    expect((await outsiderLeader.post(approval, { approved: true })).status).toBe(404);
    const approved = expectStatus(
      await u.leader.post<{ status: string; decision: { comment: string } }>(approval, {
        approved: true,
        comment: '同意，请按程序办理',
      }),
      201,
    ).body;
    expect(approved).toMatchObject({ status: 'approved', decision: { comment: '同意，请按程序办理' } });
    expect((await u.committee.post(approval, { approved: false })).status).toBe(409);

    const letter = expectStatus(await issue(u.officer, inquiry.id, 'letter'), 201).body;
    expect(letter.number).toMatch(/^纪函〔\d{4}〕\d+号$/);
    const text = await textOf(
      await downloadBytes(u.officer, `/cases/${inquiry.id}/documents/${letter.sha256}`),
    );
    for (const words of ['函询函', UNIT_FULL_NAME, '周十同志', '来信反映其违规发放津补贴', '十五个工作日内'])
      expect(text).toContain(words);
    const after = expectStatus(await u.leader.get<CaseDocuments>(`/cases/${inquiry.id}/documents`), 200).body;
    expect(after.mayApprove).toBe(true);
    expect(after.drafts).toEqual([
      expect.objectContaining({ seq: draft.seq, status: 'issued', issuedSeq: letter.seq }),
    ]);
    expect(after.issued.at(-1)?.approvalSeq).toBe(after.drafts[0].decision?.seq);
    // An approval serves one issue: issuing again needs a confirmation, a reason and a new approval.
    const again = await issue(u.officer, inquiry.id, 'letter', { confirm: true, reason: '地址有误' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('DOCUMENT_APPROVAL_REQUIRED');
  });

  it('the self-approval of a draft is refused', async () => {
    const inquiry = expectStatus(
      await u.officer.post<CaseView>('/cases', {
        workflow: 'inquiry',
        title: '反映公车私用问题',
        subject: { ref: unique('cadre-'), kind: 'individual', name: '吴一' },
        clue: '来信反映其公车私用',
        source: 'report',
      }),
      201,
    ).body;
    expectStatus(await u.leader.send(inquiry.id, 'APPROVE', { method: 'letter' }), 200);
    const drafts = `/cases/${inquiry.id}/documents/drafts`;
    const draft = expectStatus(await u.leader.post<{ seq: number }>(drafts, { kind: 'letter' }), 201).body;
    const self = await u.leader.post<ErrorBody>(`${drafts}/${draft.seq}/approval`, { approved: true });
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('DOCUMENT_SELF_APPROVAL');
    const returned = expectStatus(
      await u.committee.post<{ status: string }>(`${drafts}/${draft.seq}/approval`, {
        approved: false,
        comment: '请补充反映问题的具体时间',
      }),
      201,
    ).body;
    expect(returned.status).toBe('returned');
    expect((await issue(u.officer, inquiry.id, 'letter')).status).toBe(422);
    // Returned, a new draft may be submitted.
    expectStatus(await u.officer.post(drafts, { kind: 'letter' }), 201);
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
      UNIT_FULL_NAME,
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
