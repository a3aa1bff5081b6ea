/*
 * The case list as officers and supervisors use it (issue 13), end to end against the real service:
 *   - GET /cases filters on the subject's name and organisation, on the user who handled the case
 *     (actor), on the opening time (openedFrom/openedTo; bad or reversed → 400), on a pending time
 *     limit due soon (dueWithinDays), each finding exactly its cases, also page by page; each summary
 *     names its next deadline;
 *   - GET /inbox holds the cases waiting on the caller, not those where only a side move (a take-over)
 *     is open to them, and nothing outside their reach;
 *   - GET /cases/export gives the same filtered cases as an Excel workbook and as CSV.
 */
import ExcelJS from 'exceljs';
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  openBody,
  openCase,
  step,
  unique,
  users,
  walkPages,
  type CaseView,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

interface Summary {
  id: string;
  businessKey: string;
  subject: { name: string };
  nextDeadline: { kind: string; dueAt: string } | null;
}
interface InboxItem extends Summary {
  yourEvents: string[];
}

let app: TestApp;
let u: Users;
const M = unique('m'); // this run's marker, in every subject name and organisation below
const name = (n: string) => `${n} ${M}`;
let early: CaseView[]; // opened first, by the integration desk
let late: CaseView[]; // opened after `between`, by the officer
let between: string;
let elsewhere: CaseView; // a case of another unit, outside the test users' reach

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
const idsOf = (...cases: CaseView[]) => cases.map((c) => c.id).sort();
const list = async (query: string) => (await walkPages<Summary>(u.supervisor, `/cases?${query}`, 2)).items;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
  const admin = new Client(app.baseUrl, signJwt(claims('s-admin', ['admin'], 3600, null), TEST_SECRET));
  const other = unique('other-');
  expectStatus(await admin.post('/units', { code: other, name: 'Other commission 他县纪委' }), 201);
  const otherOfficer = new Client(
    app.baseUrl,
    signJwt(claims('s-other', ['officer'], 3600, other), TEST_SECRET),
  );
  early = [
    await openCase(u, { subject: { ref: unique('s-'), name: name('王小明'), organisation: `水利局 ${M}` } }),
    await openCase(u, { subject: { ref: unique('s-'), name: name('李四'), organisation: `交通局 ${M}` } }),
  ];
  await new Promise((resolve) => setTimeout(resolve, 20));
  between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  late = [
    await openCase(
      u,
      { subject: { ref: unique('s-'), name: name('王大明'), organisation: `交通局 ${M}` } },
      u.officer,
    ),
    await openCase(
      u,
      { subject: { ref: unique('s-'), name: name('赵六'), organisation: `水利局 ${M}` } },
      u.officer,
    ),
  ];
  // early[1] waits for the leader's approval; late[1] is under investigation (a 3-month limit).
  await step(u, early[1].id, 'ACCEPT');
  await step(u, late[1].id, 'ACCEPT');
  await step(u, late[1].id, 'APPROVE_INVESTIGATION');
  elsewhere = expectStatus(
    await otherOfficer.post<CaseView>('/cases', {
      ...openBody({ subject: { ref: unique('s-'), name: name('王外') } }),
      unitId: other,
    }),
    201,
  ).body;
}, 120_000);

afterAll(() => app?.close());

describe('filters of GET /cases', () => {
  it("finds the subject's name, page by page, and only those cases", async () => {
    expect(ids(await list(`subject=${encodeURIComponent(name('明'))}`))).toEqual(idsOf(early[0], late[0]));
    expect(ids(await list(`subject=${encodeURIComponent(name('王小明'))}`))).toEqual(idsOf(early[0]));
    // Four cases, two pages; the case of the other unit (王外) is outside the supervisor's reach.
    expect(ids(await list(`subject=${encodeURIComponent(M)}`))).toEqual(idsOf(...early, ...late));
    expect(await list(`subject=${encodeURIComponent(name('王外'))}`)).toEqual([]);
  });

  it("finds the subject's organisation, also combined with another filter", async () => {
    const org = encodeURIComponent(`交通局 ${M}`);
    expect(ids(await list(`organisation=${org}`))).toEqual(idsOf(early[1], late[0]));
    expect(ids(await list(`organisation=${org}&subject=${encodeURIComponent('李四')}`))).toEqual(
      idsOf(early[1]),
    );
  });

  it('finds the cases a user handled: opened or sent an event of', async () => {
    const mine = await list(`actor=olivia-officer&subject=${encodeURIComponent(M)}`);
    expect(ids(mine)).toEqual(idsOf(early[1], ...late));
    const leader = await list(`actor=leo-leader&subject=${encodeURIComponent(M)}`);
    expect(ids(leader)).toEqual(idsOf(late[1]));
    expect(await list(`actor=nobody-${M}`)).toEqual([]);
  });

  it('finds the cases opened in a time range; dates are whole days at UTC+8', async () => {
    const s = `subject=${encodeURIComponent(M)}`;
    expect(ids(await list(`${s}&openedFrom=${between}`))).toEqual(idsOf(...late));
    expect(ids(await list(`${s}&openedTo=${between}`))).toEqual(idsOf(...early));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(ids(await list(`${s}&openedFrom=${today}&openedTo=${today}`))).toEqual(idsOf(...early, ...late));
    expect(await list(`${s}&openedTo=2020-01-01`)).toEqual([]);
  });

  it('refuses a bad or reversed date with a message that says so', async () => {
    for (const [query, words] of [
      ['openedFrom=2026-02-30', 'openedFrom'],
      ['openedTo=yesterday', 'openedTo'],
      ['openedFrom=2026-03-01&openedTo=2026-02-01', 'after openedTo'],
      ['dueWithinDays=-1', 'dueWithinDays'],
    ]) {
      const reply = await u.supervisor.get<ErrorBody>(`/cases?${query}`);
      expect(reply.status).toBe(400);
      expect(JSON.stringify(reply.body)).toContain(words);
    }
  });

  it('finds the cases with a time limit due within N days, and names the next deadline', async () => {
    const s = `subject=${encodeURIComponent(M)}`;
    expect(await list(`${s}&dueWithinDays=60`)).toEqual([]);
    const soon = await list(`${s}&dueWithinDays=100`);
    expect(ids(soon)).toEqual(idsOf(late[1]));
    expect(soon[0].nextDeadline?.kind).toBe('investigation');
    const all = await list(s);
    expect(all.find((c) => c.id === early[0].id)?.nextDeadline).toBeNull();
  });
});

describe('GET /inbox', () => {
  const inbox = async (client: Client) =>
    expectStatus(await client.get<{ items: InboxItem[]; scanned: number }>('/inbox'), 200).body;

  it("holds the cases that wait on the user's roles, with the events they may take", async () => {
    const officer = await inbox(u.officer);
    const byId = new Map(officer.items.map((i) => [i.id, i]));
    expect(byId.get(early[0].id)?.yourEvents).toContain('ACCEPT');
    expect(byId.get(early[0].id)?.yourEvents).not.toContain('TRANSFER_JURISDICTION');
    expect(byId.has(early[1].id)).toBe(false); // waits for the leader
    expect(byId.get(late[1].id)?.nextDeadline?.kind).toBe('investigation');
    // Looked at: the cases waiting for the officer's role (all of them here), newest first.
    expect(officer.scanned).toBeGreaterThanOrEqual(officer.items.length);
  });

  it('publishes which events are side moves in the catalogue', async () => {
    const wf = expectStatus(
      await u.leader.get<{ events: { type: string; sideMove: boolean }[] }>('/workflows/accountability'),
      200,
    ).body;
    const side = wf.events.filter((e) => e.sideMove).map((e) => e.type);
    expect(side.sort()).toEqual(['CORRECT_DECISION', 'TAKE_OVER', 'TRANSFER_JURISDICTION']);
  });

  it('leaves out a case where only a side move (take-over) is open to the user', async () => {
    const leader = await inbox(u.leader);
    const got = new Set(leader.items.map((i) => i.id));
    expect(got.has(early[1].id)).toBe(true); // waits for APPROVE_INVESTIGATION
    const approval = leader.items.find((i) => i.id === early[1].id)!;
    expect(approval.yourEvents).toContain('APPROVE_INVESTIGATION');
    expect(approval.yourEvents).not.toContain('TAKE_OVER');
    expect(got.has(early[0].id)).toBe(false); // proposed: only TAKE_OVER for a leader
    expect(got.has(late[0].id)).toBe(false);
  });

  it('holds nothing outside the user’s reach', async () => {
    for (const client of [u.officer, u.leader, u.committee]) {
      expect((await inbox(client)).items.map((i) => i.id)).not.toContain(elsewhere.id);
    }
  });
});

describe('GET /cases/export', () => {
  const download = async (query: string) => {
    const res = await fetch(`${app.baseUrl}/cases/export?${query}`, {
      headers: { authorization: `Bearer ${signJwt(claims('sam-supervisor', ['supervisor']), TEST_SECRET)}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };

  it('gives the filtered cases as an Excel workbook with Chinese headers', async () => {
    const { status, bytes, headers } = await download(
      `format=xlsx&organisation=${encodeURIComponent(`水利局 ${M}`)}`,
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(headers.get('content-disposition')).toMatch(
      /^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(headers.get('content-disposition')!.split("''")[1])).toMatch(
      /^案件台账-\d{12}\.xlsx$/,
    );
    // opened as a spreadsheet program would: the title, the filters it was made with, a frozen header
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('台账')!;
    const text = (row: number) =>
      (sheet.getRow(row).values as unknown[]).slice(1).map((v) => (v === undefined ? null : String(v)));
    expect(text(1)[0]).toBe('案件台账');
    expect(text(2)[0]).toBe(`筛选条件：对象单位含“水利局 ${M}”`);
    expect(text(3)[0]).toMatch(/^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）；共 2 件；/);
    const headerRow = 5;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(text(headerRow).slice(0, 5)).toEqual(['业务编号', '标题', '程序', '状态', '阶段']);
    expect(sheet.getRow(headerRow).font?.bold).toBe(true);
    // every column has a width, a Chinese title column wider than a date's
    const widths = sheet.columns.map((c) => c.width ?? 0);
    expect(widths).toHaveLength(14);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
    expect(widths[1]).toBeGreaterThan(widths[8]);
    const rows = Array.from({ length: sheet.rowCount - headerRow }, (_, i) => text(headerRow + 1 + i));
    expect(rows.map((r) => r[0]).sort()).toEqual([early[0].businessKey, late[1].businessKey].sort());
    const investigated = rows.find((r) => r[0] === late[1].businessKey)!;
    // names, not codes: 问责, 办理中, the stage 调查 and its time limit 调查期限
    expect(investigated.slice(2, 5)).toEqual(['问责', '办理中', '调查']);
    expect(investigated[9]).toBe('调查期限');
    expect(investigated).toContain(name('赵六'));
    expect(rows.flat().join(' ')).not.toMatch(/investigation|pendingApproval|accountability/);
    const waiting = rows.find((r) => r[0] === early[0].businessKey)!;
    expect(waiting[4]).toMatch(/^[^A-Za-z]+$/);
  });

  it('gives the same as CSV, and refuses bad filters', async () => {
    const { status, bytes } = await download(`format=csv&subject=${encodeURIComponent(name('李四'))}`);
    expect(status).toBe(200);
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith('业务编号,标题,程序')).toBe(true);
    expect(lines[1].startsWith(early[1].businessKey)).toBe(true);
    expect((await download('format=pdf')).status).toBe(400);
    expect((await download('openedFrom=2026-03-01&openedTo=2026-02-01')).status).toBe(400);
  });

  it('refuses an export of more cases than EXPORT_MAX_CASES, saying how many match', async () => {
    const small = await startTestApp({ EXPORT_MAX_CASES: '2' });
    try {
      const su = await users(small.baseUrl);
      for (let i = 0; i < 3; i++) await openCase(su);
      const ok = await su.supervisor.get<string>(`/cases/export?format=csv&openedTo=2020-01-01`);
      expect(ok.status).toBe(200);
      const reply = await su.supervisor.get<ErrorBody>('/cases/export?format=csv');
      expect(reply.status).toBe(400);
      expect(reply.body.message).toContain('3 cases match; an export holds at most 2');
    } finally {
      await small.close();
    }
  });
});
