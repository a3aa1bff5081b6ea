/*
 * Indices (issue 12) over HTTP on the real service and store: a city with two counties, and a hand-built
 * data set in the current Beijing calendar year —
 *   county A: a responsibility list of key tasks (one done on time and up to standard, one done late and
 *   not, one overdue, one not yet due; three of them name its department 财政 under A, led by P5), a
 *   rectification of problems A found itself (an item done on time, one done late, one not yet due; not
 *   verified), five individuals on A's register (one with two measures and a 一案双查 link, one whose
 *   proposal was declined, the linked leader, one inquiry concluded with criticism, one cleared) and an
 *   assessment with an approval rate of 87%;
 *   county B: a list with one key task done on time and up to standard.
 * (test/indices-rates.e2e-spec.ts checks the meaning of each rate in detail.)
 * Every figure is checked against its numerator and denominator, with the score and rank, the drill-down
 * lists, the CSV and the workbook (opened with exceljs), jurisdiction (404 outside reach), 400 for a bad year, and the access log.
 */
import ExcelJS from 'exceljs';
import { waitFor } from './support/deadline-helpers';
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  getCase,
  namedPlan,
  openBody,
  SUBS,
  TO_DECISION,
  step,
  steps,
  unique,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

const NEAR_MS = 6000;
const HOUR_MS = 3_600_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const now = () => new Date().toISOString();
/** The current calendar year in Beijing (UTC+8): the year whose figures the data set makes. */
const YEAR = new Date(Date.now() + 8 * HOUR_MS).getUTCFullYear();

const CITY = 'ix-city';
const A = 'ix-a';
const B = 'ix-b';
const FIN = 'ix-a-fin';
const CODES = ['keyTasks', 'departmentResponsibility', 'integrity', 'problemCorrection', 'publicApproval'];
const WEIGHTS = [30, 20, 20, 15, 15];

interface Figure {
  numerator: number;
  denominator: number;
  rate: number | null;
  rule: { zh: string; en: string };
}
interface Row {
  unit: { code: string; name: string; parentCode: string | null; depth: number };
  rates: Record<string, Figure>;
  score: number | null;
  rank: number | null;
  siblings: number;
  softMeasures: Figure;
  softAccountability: Figure;
  linkedCases: number;
  declinedClues: number;
  overdueNow: { kind: string; count: number }[];
  restrictedNow: number;
}
interface Report {
  year: number;
  unit: { code: string; name: string };
  generatedAt: string;
  indicators: { code: string; label: { zh: string; en: string }; weight: number }[];
  rows: Row[];
}
interface Drill {
  items: { caseId: string; workflow: string; title: string; state: string; detail: string | null }[];
}

const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator ? numerator / denominator : null,
});

describe('indices (GET /indices) end to end', () => {
  let app: TestApp;
  const as = (sub: string, roles: string[], unit: string | null) =>
    new Client(app.baseUrl, signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
  let admin: Client;
  let a: Users & { principal: Client; disciplineHead: Client };
  let bOfficer: Client;
  let citySupervisor: Client;
  let aSupervisor: Client;
  /** The cases of county A by role in the data set. */
  const ids: Record<string, string> = {};

  const send = async (client: Client, id: string, type: string, payload?: unknown) =>
    expectStatus(await client.send<CaseView>(id, type, payload), 200).body;

  async function openList(officer: Client, tasks: Record<string, unknown>[]): Promise<CaseView> {
    const ref = unique('org-');
    const list = expectStatus(
      await officer.post<CaseView>('/cases', {
        workflow: 'responsibilityList',
        title: `Responsibility list ${YEAR} ${ref}`,
        subject: { ref, kind: 'organisation', name: `Bureau ${ref}` },
        year: YEAR,
        // Named by the `sub` of their accounts: only they sign (signAndPublish).
        principal: { ref: 'ix-list-principal', name: 'Sun Wei' },
        supervisor: { ref: 'ix-list-head', name: 'Zhou Lan' },
        tasks,
      }),
      201,
    ).body;
    return list;
  }

  async function signAndPublish(id: string, unit: string, officer: Client) {
    await send(as('ix-list-principal', ['principal'], unit), id, 'SIGN', {
      as: 'principal',
      opinion: 'Agreed',
    });
    await send(as('ix-list-head', ['disciplineHead'], unit), id, 'SIGN', {
      as: 'supervisor',
      opinion: 'Agreed',
    });
    return send(officer, id, 'PUBLISH');
  }

  const task = (title: string, dueAt: string, oversight = false) => ({
    title,
    owner: 'Party office',
    dueAt,
    responsible: { ref: 'ix-office-head', name: 'Office head' },
    standard: 'Done and minuted',
    safeguards: 'Staff assigned',
    supervisedBy: 'Discipline group',
    key: true,
    ...(oversight && { department: FIN }),
  });
  /** The five individuals of county A, on its register (廉洁自律's denominator). */
  const people = Object.fromEntries(['p1', 'p2', 'p3', 'p4', 'p5'].map((p) => [p, unique(`${p}-`)]));

  beforeAll(async () => {
    app = await startTestApp();
    admin = as('ix-admin', ['admin'], null);
    for (const unit of [
      { code: CITY, name: '市纪委 City' },
      { code: A, name: '甲县纪委 County A', parentCode: CITY },
      { code: B, name: '乙县纪委 County B', parentCode: CITY },
    ]) {
      expectStatus(await admin.post('/units', unit), 201);
    }
    for (const [key, ref] of Object.entries(people)) {
      expectStatus(await admin.post(`/units/${A}/cadres`, { ref, name: `Person ${key}` }), 201);
    }
    // 财政局, a department under A overseen by P5 (分管领导)
    const fin = {
      code: FIN,
      name: '财政局 Finance',
      parentCode: A,
      kind: 'department',
      leaderRef: people.p5,
    };
    expectStatus(await admin.post('/units', fin), 201);
    const roleClient = (role: keyof typeof SUBS) => as(`${SUBS[role]}-a`, [role], A);
    a = {
      integration: roleClient('integration'),
      officer: roleClient('officer'),
      leader: roleClient('leader'),
      committee: roleClient('committee'),
      supervisor: roleClient('supervisor'),
      admin,
      principal: as('ix-principal-a', ['principal'], A),
      disciplineHead: as('ix-dh-a', ['disciplineHead'], A),
    };
    bOfficer = as('ix-officer-b', ['officer'], B);
    citySupervisor = as('ix-sup-city', ['supervisor'], CITY);
    aSupervisor = a.supervisor;
  }, 300_000); // the service may start slowly on a loaded machine (WENZE_TEST_START_TIMEOUT_MS)

  afterAll(async () => {
    await app?.close();
  });

  it('builds the data set: lists, rectification, individuals, inquiries, an assessment', async () => {
    const near = inMs(NEAR_MS);
    const later = inMs(HOUR_MS);
    // county A's list of key tasks: t1 on time, t2 late, t3 overdue, t4 not yet due (t1, t2, t4 name 财政)
    const list = await openList(a.officer, [
      task('On time', later, true),
      task('Late', near, true),
      task('Overdue', near),
      task('Not yet due', later, true),
    ]);
    ids.list = list.id;
    await signAndPublish(list.id, A, a.officer);
    await send(a.officer, list.id, 'COMPLETE_TASK', { taskId: 't1', evidenceRef: 'E-1' });

    // county A's rectification: item 1 on time, item 2 late, item 3 not yet due
    const ref = unique('org-');
    const rect = expectStatus(
      await a.officer.post<CaseView>('/cases', {
        workflow: 'rectification',
        title: `Canteen funds ${ref}`,
        subject: { ref, kind: 'organisation', name: `Township ${ref}` },
        source: 'selfInspection',
        unitLeader: { ref: unique('leader-'), name: 'Li Si', post: 'Party secretary' },
        items: [
          { description: 'Repay', responsible: 'Finance', dueAt: later },
          { description: 'Rules', responsible: 'Office', dueAt: near },
          { description: 'Training', responsible: 'Office', dueAt: later },
        ],
      }),
      201,
    ).body;
    ids.rectification = rect.id;
    await send(a.officer, rect.id, 'SUBMIT_PLAN', namedPlan(rect, 'Repay, rules, training'));
    await send(a.leader, rect.id, 'APPROVE_PLAN');
    await send(a.officer, rect.id, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'R-1' });

    // individuals: P1 gets two measures and a 一案双查 case against P3; P2's proposal is declined
    const p1 = expectStatus(
      await a.integration.post<CaseView>('/cases', openBody({ subject: { ref: people.p1 } })),
      201,
    ).body;
    ids.a1 = p1.id;
    for (const type of TO_DECISION) await step(a, p1.id, type);
    const decided = await step(a, p1.id, 'DECIDE', {
      decisionNo: 'D-IX-1',
      serious: true,
      measures: [
        { type: 'partyDiscipline', detail: 'warning', responsibility: 'mainLeadership' },
        { type: 'formalWarning', responsibility: 'mainLeadership' },
      ],
      alsoInvestigate: [
        {
          subject: { kind: 'individual', ref: people.p3, name: 'Qian Wu' },
          responsibility: 'mainLeadership',
        },
      ],
    });
    ids.linked = decided.links.find((l) => l.relation === 'alsoInvestigate')!.caseId;
    const p2 = expectStatus(
      await a.integration.post<CaseView>('/cases', openBody({ subject: { ref: people.p2 } })),
      201,
    ).body;
    ids.declined = p2.id;
    await steps(a, p2.id, 'PROPOSE_DECLINE', 'APPROVE_DECLINE');

    // inquiries: P4 concluded with criticism (a finding), P5 cleared
    for (const [key, conclusion, r] of [
      ['criticised', 'criticism', people.p4],
      ['cleared', 'cleared', people.p5],
    ]) {
      const c = expectStatus(
        await a.officer.post<CaseView>('/cases', {
          workflow: 'inquiry',
          title: `Tenders ${r}`,
          subject: { ref: r, kind: 'individual', name: 'Li Si', organisation: 'Bureau' },
          clue: 'tenders steered to a relative',
          source: 'report',
        }),
        201,
      ).body;
      ids[key] = c.id;
      await send(a.leader, c.id, 'APPROVE', { method: 'talk' });
      await send(a.officer, c.id, 'RECORD_TALK', { heldAt: now(), record: 'talked' });
      await send(a.leader, c.id, 'CONCLUDE', { conclusion, reason: 'as found' });
    }

    // the assessment of county A for the year: approval 87%
    const scores = Object.fromEntries(CODES.map((c) => [c, 80]));
    const aRef = unique('unit-');
    const assessment = expectStatus(
      await a.officer.post<CaseView>('/cases', {
        workflow: 'assessment',
        title: `Annual assessment ${YEAR} ${aRef}`,
        subject: { ref: aRef, kind: 'organisation', name: `County A ${aRef}` },
        year: YEAR,
        unitLeader: { ref: unique('leader-'), name: 'Li Si', post: 'Party secretary' },
        supervisor: { ref: unique('disc-'), name: 'Zhou Qi', post: 'Discipline secretary' },
      }),
      201,
    ).body;
    ids.assessment = assessment.id;
    await send(a.principal, assessment.id, 'SUBMIT_SELF_ASSESSMENT', {
      report: 'done',
      scores,
      evidenceRefs: ['E-1'],
    });
    await new Promise((r) => setTimeout(r, 20));
    await send(a.officer, assessment.id, 'RECORD_ON_SITE', {
      heldAt: now(),
      scores,
      approvalRate: 87,
      problems: [],
    });

    // county B: one task done on time
    const bList = await openList(bOfficer, [task('On time', later)]);
    ids.bList = bList.id;
    await signAndPublish(bList.id, B, bOfficer);
    await send(bOfficer, bList.id, 'COMPLETE_TASK', { taskId: 't1', evidenceRef: 'E-B' });
    await send(as('ix-leader-b', ['leader'], B), bList.id, 'CHECK_TASK', {
      taskId: 't1',
      met: true,
      note: 'As set',
    });

    // the near due dates pass and the worker flags them; then t2 and item 2 are done, late
    await waitFor(
      'the list tasks flagged overdue',
      async () => {
        const c = await getCase(a.officer, list.id);
        const tasks = c.context.tasks as { id: string; overdueAt: string | null }[];
        return tasks.filter((t) => t.overdueAt).length === 2;
      },
      30_000,
      250,
    );
    await waitFor(
      'the rectification item flagged overdue',
      async () => {
        const c = await getCase(a.officer, rect.id);
        return (c.context.items as { id: number; overdueAt: string | null }[])[1].overdueAt !== null;
      },
      30_000,
      250,
    );
    await send(a.officer, list.id, 'COMPLETE_TASK', { taskId: 't2', evidenceRef: 'E-2' });
    await send(a.officer, rect.id, 'COMPLETE_ITEM', { itemId: 2, evidenceRef: 'R-2' });
    // the key tasks done are checked against their standard: t1 met it, t2 (late) did not
    await send(a.leader, list.id, 'CHECK_TASK', { taskId: 't1', met: true, note: 'Minuted' });
    await send(a.leader, list.id, 'CHECK_TASK', { taskId: 't2', met: false, note: 'Half the sessions' });
  }, 120_000);

  const indices = async (client: Client, query: string) =>
    expectStatus(await client.get<Report>(`/indices?${query}`), 200).body;

  it('computes each figure of county A from its numerator and denominator, and scores and ranks it', async () => {
    const report = await indices(citySupervisor, `year=${YEAR}&unit=${CITY}`);
    expect(report.year).toBe(YEAR);
    expect(report.unit).toEqual({ code: CITY, name: '市纪委 City' });
    expect(report.indicators.map((i) => [i.code, i.weight])).toEqual(CODES.map((c, i) => [c, WEIGHTS[i]]));
    expect(report.rows.map((r) => [r.unit.code, r.unit.parentCode, r.unit.depth])).toEqual([
      [CITY, null, 0],
      [A, CITY, 1],
      [B, CITY, 1],
    ]);
    const [city, rowA, rowB] = report.rows;

    const rates = {
      keyTasks: ratio(1, 3), // t1 met its standard; t2 did not, t3 overdue; t4 not yet due is left out
      departmentResponsibility: ratio(0, 1), // 财政: t1 met, t2 not (t4 is not due): not carried out
      integrity: ratio(3, 5), // P2, P3, P5 clean; P1 (measures) and P4 (criticism) not
      problemCorrection: ratio(0, 2), // items 1 and 2 due, done but not verified; item 3 not due
      publicApproval: ratio(87, 100),
    };
    for (const [code, expected] of Object.entries(rates)) {
      expect({ code, ...rowA.rates[code], rule: undefined }).toEqual({ code, ...expected, rule: undefined });
      expect(rowA.rates[code].rule.zh.length).toBeGreaterThan(5);
      expect(rowA.rates[code].rule.en.length).toBeGreaterThan(5);
    }
    const score = (rs: (number | null)[]) => {
      const used = rs.map((r, i) => [r, WEIGHTS[i]] as const).filter(([r]) => r !== null);
      const weights = used.reduce((s, [, w]) => s + w, 0);
      return Math.round((used.reduce((s, [r, w]) => s + w * r! * 100, 0) / weights) * 100) / 100;
    };
    expect(rowA.score).toBe(score(CODES.map((c) => rowA.rates[c].rate)));
    expect(rowA.score).toBeCloseTo(35.05, 2);
    expect(rowA.softMeasures).toMatchObject(ratio(1, 2)); // formalWarning of {partyDiscipline, formalWarning}
    expect(rowA.softAccountability).toEqual(rowA.softMeasures); // the deprecated name of the same figure
    expect(rowA).toMatchObject({ linkedCases: 1, declinedClues: 1, restrictedNow: 1, rank: 2, siblings: 2 });

    // overdue now, by kind, as the case views of county A's cases show it
    const overdue = new Map<string, number>();
    for (const id of Object.values(ids).filter((id) => id !== ids.bList)) {
      for (const d of (await getCase(a.officer, id)).deadlines) {
        if (d.overdue) overdue.set(d.kind, (overdue.get(d.kind) ?? 0) + 1);
      }
    }
    expect(overdue.get('listTask')).toBe(1);
    expect([...rowA.overdueNow].sort((x, y) => x.kind.localeCompare(y.kind))).toEqual(
      [...overdue].map(([kind, count]) => ({ kind, count })).sort((x, y) => x.kind.localeCompare(y.kind)),
    );

    // county B: one rate, so its score is that rate; first among the two counties
    expect(rowB.rates.keyTasks).toMatchObject(ratio(1, 1));
    expect(rowB.rates.integrity).toMatchObject(ratio(0, 0));
    expect(rowB.rates.publicApproval).toMatchObject(ratio(0, 0));
    expect(rowB).toMatchObject({ score: 100, rank: 1, siblings: 2, linkedCases: 0, declinedClues: 0 });
    expect(rowB.overdueNow).toEqual([]);
    // the city handles no case itself: no rate, no score, alone in its group
    expect(city).toMatchObject({ score: null, rank: null, siblings: 1, restrictedNow: 0 });
    expect(city.rates.keyTasks).toMatchObject(ratio(0, 0));
  });

  it('lists the cases behind a numerator or a denominator', async () => {
    const drill = async (figure: string, part = 'numerator') =>
      expectStatus(
        await citySupervisor.get<Drill>(
          `/indices/cases?year=${YEAR}&unit=${A}&figure=${figure}&part=${part}`,
        ),
        200,
      ).body.items;
    const keyNum = await drill('keyTasks');
    expect(keyNum.map((i) => [i.caseId, i.workflow])).toEqual([[ids.list, 'responsibilityList']]);
    expect(keyNum[0].detail).toMatch(/^key task t1 due /);
    expect((await drill('keyTasks', 'denominator')).map((i) => i.detail?.slice(0, 11))).toEqual([
      'key task t1',
      'key task t2',
      'key task t3',
    ]);
    expect((await drill('problemCorrection', 'denominator')).map((i) => i.detail?.slice(0, 20))).toEqual([
      'self-found problem 1',
      'self-found problem 2',
    ]);
    const sorted = (xs: string[]) => [...xs].sort();
    // the clean cadres have no case behind them; those with a finding, the cases that found it
    expect(await drill('integrity')).toEqual([]);
    expect(sorted((await drill('integrity', 'denominator')).map((i) => i.caseId))).toEqual(
      sorted([ids.a1, ids.criticised]),
    );
    expect((await drill('publicApproval')).map((i) => i.caseId)).toEqual([ids.assessment]);
    const soft = await drill('softMeasures');
    expect(soft.map((i) => [i.caseId, i.detail?.split(' decided')[0]])).toEqual([
      [ids.a1, 'measure formalWarning'],
    ]);
    expect((await drill('softMeasures', 'denominator')).map((i) => i.caseId)).toEqual([ids.a1, ids.a1]);
    expect((await drill('linkedCases')).map((i) => i.caseId)).toEqual([ids.linked]);
    expect((await drill('declinedClues')).map((i) => [i.caseId, i.state])).toEqual([
      [ids.declined, 'closed'],
    ]);
    expect((await drill('restrictedNow')).map((i) => i.caseId)).toEqual([ids.a1]);
    const unknown = await citySupervisor.get(`/indices/cases?year=${YEAR}&unit=${A}&figure=nothing`);
    expect(unknown.status).toBe(400);
  });

  /** The raw bytes of a download, as the city supervisor. */
  const download = async (path: string) => {
    const res = await fetch(`${app.baseUrl}${path}`, {
      headers: {
        authorization: `Bearer ${signJwt(claims('ix-sup-city', ['supervisor'], 3600, CITY), TEST_SECRET)}`,
      },
    });
    expect(res.status).toBe(200);
    return { bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };

  /** The file name a download offers (RFC 5987 filename*). */
  const fileName = (headers: Headers) =>
    decodeURIComponent(headers.get('content-disposition')!.split("''")[1]);

  it('exports the rows as CSV with a byte-order mark and Chinese headers', async () => {
    const reply = await citySupervisor.get<string>(`/indices/export?year=${YEAR}&unit=${CITY}&format=csv`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/csv');
    expect(fileName(reply.headers)).toBe(`考核指数-${CITY}-${YEAR}.csv`);
    const raw = await download(`/indices/export?year=${YEAR}&unit=${CITY}`);
    expect([...raw.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = reply.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^单位代码,单位名称,上级单位,重点任务达标率（分子）,重点任务达标率（分母）,重点任务达标率,/,
    );
    expect(lines[0]).not.toMatch(/[A-Za-z]/);
    const cellsA = lines[2].split(',');
    expect(cellsA.slice(0, 3)).toEqual([A, '甲县纪委 County A', '市纪委 City']);
    // keyTasks 1/3, departmentResponsibility 0/1, integrity 3/5, problemCorrection 0/2, publicApproval 87/100
    expect(cellsA.slice(3, 18)).toEqual([
      '1',
      '3',
      '0.3333',
      '0',
      '1',
      '0',
      '3',
      '5',
      '0.6',
      '0',
      '2',
      '0',
      '87',
      '100',
      '0.87',
    ]);
    expect(cellsA.slice(18, 21)).toEqual(['35.05', '2', '2']);
    // the overdue task limit by its name
    expect(cellsA[26]).toContain('任务期限 1');
    expect(lines[3].split(',').slice(0, 6)).toEqual([B, '乙县纪委 County B', '市纪委 City', '1', '1', '1']);
    expect((await citySupervisor.get(`/indices/export?year=${YEAR}&unit=${CITY}&format=pdf`)).status).toBe(
      400,
    );
  });

  it('exports the same rows as an Excel workbook a reader can hand over', async () => {
    const { bytes, headers } = await download(`/indices/export?year=${YEAR}&unit=${CITY}&format=xlsx`);
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(fileName(headers)).toBe(`考核指数-${CITY}-${YEAR}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([`考核指数${YEAR}`]);
    const sheet = book.worksheets[0];
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    // the title, the filters (year, unit), the time of export; the header frozen below them
    expect(values(1)[0]).toBe(`市纪委 City${YEAR}年度考核指数`);
    expect(values(2)[0]).toBe(`筛选条件：年度：${YEAR}年；单位：市纪委 City（${CITY}）及下级单位`);
    expect(values(3)[0]).toMatch(
      /^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）；共 3 个单位；导出人：ix-sup-city$/,
    );
    const headerRow = 5;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    const header = values(headerRow);
    expect(header.slice(0, 6)).toEqual([
      '单位代码',
      '单位名称',
      '上级单位',
      '重点任务达标率（分子）',
      '重点任务达标率（分母）',
      '重点任务达标率',
    ]);
    expect(header.slice(18, 21)).toEqual(['综合得分', '排名', '同级单位数']);
    expect(header).toContain('一案双查');
    expect(sheet.getRow(headerRow).font?.bold).toBe(true);
    expect(sheet.autoFilter).toBeDefined();
    // every column has a width; the unit's name wider than its rank
    const widths = sheet.columns.map((c) => c.width ?? 0);
    expect(widths).toHaveLength(header.length);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
    expect(widths[1]).toBeGreaterThan(widths[19]);
    // county A: code, name, parent by name, keyTasks 1, 3, 1/3 shown as a percentage, the approval 87/100, the score
    expect(sheet.rowCount).toBe(headerRow + 3);
    const rowA = sheet.getRow(headerRow + 2);
    expect(values(headerRow + 2).slice(0, 6)).toEqual([A, '甲县纪委 County A', '市纪委 City', 1, 3, 0.3333]);
    expect(rowA.getCell(6).numFmt).toBe('0.00%');
    expect(values(headerRow + 2).slice(15, 19)).toEqual([87, 100, 0.87, 35.05]);
  });

  it('keeps to the caller’s reach: 404 outside it, the own unit by default; 400 for a bad year', async () => {
    const own = await indices(aSupervisor, `year=${YEAR}`);
    expect(own.rows.map((r) => r.unit.code)).toEqual([A]);
    expect(own.rows[0]).toMatchObject({ rank: 1, siblings: 1 });
    for (const unit of [B, CITY, 'no-such-unit']) {
      expect((await aSupervisor.get(`/indices?year=${YEAR}&unit=${unit}`)).status).toBe(404);
      expect((await aSupervisor.get(`/indices/export?year=${YEAR}&unit=${unit}`)).status).toBe(404);
      expect((await aSupervisor.get(`/indices/cases?year=${YEAR}&unit=${unit}&figure=keyTasks`)).status).toBe(
        404,
      );
    }
    for (const year of ['1999', '2101', 'abc', '20x6', '']) {
      expect((await citySupervisor.get(`/indices?year=${year}&unit=${CITY}`)).status).toBe(400);
    }
    expect((await citySupervisor.get(`/indices?unit=${CITY}`)).status).toBe(400);
    // an admin without unit must name one; naming one, reaches it
    expect((await admin.get(`/indices?year=${YEAR}`)).status).toBe(400);
    expect((await indices(admin, `year=${YEAR}&unit=${B}`)).rows.map((r) => r.unit.code)).toEqual([B]);
    // an officer's role is not granted the capability
    expect((await a.officer.get(`/indices?year=${YEAR}`)).status).toBe(403);
    // another year holds nothing
    const before = await indices(citySupervisor, `year=${YEAR - 1}&unit=${CITY}`);
    expect(before.rows.every((r) => r.score === null && r.softMeasures.denominator === 0)).toBe(true);
  });

  it('records every read in the access log', async () => {
    const log = expectStatus(
      await citySupervisor.get<{
        items: { action: string; actor: { sub: string }; unitId: string | null }[];
      }>('/access-log?action=indices.read&actor=ix-sup-city'),
      200,
    ).body.items;
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.map((e) => e.unitId)).toContain(CITY);
    for (const action of ['indices.cases', 'indices.export']) {
      const items = expectStatus(
        await citySupervisor.get<{ items: unknown[] }>(`/access-log?action=${action}&actor=ix-sup-city`),
        200,
      ).body.items;
      expect(items.length).toBeGreaterThan(0);
    }
  });
});
