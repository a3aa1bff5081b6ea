/*
 * Issue 20: each rate of the indices measures what its seed sentence means. Over HTTP on the real service
 * and store, a hand-built data set in the current Beijing calendar year, every numerator and denominator
 * checked by hand:
 *   county A (handling unit) with a register of four cadres and four departments —
 *     财政 fin (led by A1): key task t1 met, key task t2 done on time but not up to standard;
 *     教育 edu (led by A2): key task t3 met, key task t4 not yet due;
 *     闲置 idle (led by A3): no key task (cannot be judged: not counted);
 *     无分管 nolead (no 分管领导 recorded): key task t7 met (not an overseen department: not counted);
 *     plus a key task t6 done and never checked, and a task t5 that is not key;
 *   findings: A1 a decision (Party discipline + formal warning), A2 an inquiry concluded with criticism,
 *     A3 an inquiry cleared; a person not on any register a decision (organisational handling + notice);
 *   rectification: a problem an inspection tour found, verified (not counted); two problems A found
 *     itself (自查), verified (counted, corrected); one found itself, done but not verified (not corrected);
 *   the annual assessments of townships T (80%) and T2 (90%), both handled by A;
 * township T under A: two cadres, one with an inquiry finding handled by A;
 * county B: a register of three cadres and no case at all.
 * Then a clue A declines, and last year's data: a list of A of last year (fin's key task checked met,
 * edu's done and not checked) and T2's assessment of last year (70%).
 *
 * The report reads each figure's `counts` (SQL over case_tally, the tallies the engine keeps beside each
 * case, and over the measures) once that read model is built; the drill-down reads its `facts`. The file
 * also proves, on the store (test/support/index-counts-run.ts runs both in a child process):
 *   - for every rate, declinedClues, softMeasures and restrictedNow, the counts equal the facts unit by
 *     unit, over the city's units and each alone and over county A's reach, this year and last; not
 *     vacuously: every rate has facts in at least one unit this year (keyTasks, departmentResponsibility
 *     and publicApproval last year too), declinedClues in A;
 *   - GET /indices gives, unit by unit, the facts' sums of each of them, and the drill-down as many items
 *     where a fact is one case counted once;
 *   - a version migration writes a case's tallies again from its context;
 *   - while the model is not built (no marker), the report answers from the facts alike; started on a
 *     store from before migration CaseTally1765950000000, the service builds every case's rows exactly
 *     as the write path had written them, and sets the marker.
 */
import type { Payloads } from '../machines/accountability.types';
import { waitFor } from './support/deadline-helpers';
import { countsAndFacts, mismatches, perUnit, type CountsRead } from './support/index-counts-run';
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  openBody,
  step,
  steps,
  roleClients,
  TO_DECISION,
  unique,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

const HOUR_MS = 3_600_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const now = () => new Date().toISOString();
const YEAR = new Date(Date.now() + 8 * HOUR_MS).getUTCFullYear();

const CITY = 'ir-city';
const A = 'ir-a';
const B = 'ir-b';
const T = 'ir-t';
const T2 = 'ir-t2';
const FIN = 'ir-a-fin';
const EDU = 'ir-a-edu';
const IDLE = 'ir-a-idle';
const NOLEAD = 'ir-a-nolead';

interface Figure {
  numerator: number;
  denominator: number;
  rate: number | null;
  rule: { zh: string; en: string };
}
interface Row {
  unit: { code: string };
  rates: Record<string, Figure>;
  softMeasures: Figure;
  softAccountability: Figure;
  declinedClues: number;
  restrictedNow: number;
}
interface Report {
  rows: Row[];
}
interface Drill {
  items: { caseId: string; workflow: string; detail: string | null }[];
}

const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator ? numerator / denominator : null,
});

describe('indices: each rate as its seed sentence means it (issue 20)', () => {
  let store: TestStore;
  let app: TestApp;
  const as = (sub: string, roles: string[], unit: string | null) =>
    new Client(app.baseUrl, signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
  let admin: Client;
  let a: Users;
  let supervisor: Client;
  const ids: Record<string, string> = {};
  /** Cadre refs, as the register and the cases' subjects name them. */
  const RUN = unique('').slice(-8);
  const ref = (name: string) => `ir-${name}-${RUN}`;

  const send = async (client: Client, id: string, type: string, payload?: unknown) =>
    expectStatus(await client.send<CaseView>(id, type, payload), 200).body;
  const open = async (client: Client, body: Record<string, unknown>) =>
    expectStatus(await client.post<CaseView>('/cases', body), 201).body;
  /** A drafted list of county A signed by its principal and discipline head, then published. */
  async function signAndPublish(listId: string) {
    await send(as('ir-list-principal', ['principal'], A), listId, 'SIGN', {
      as: 'principal',
      opinion: 'Agreed',
    });
    await send(as('ir-list-head', ['disciplineHead'], A), listId, 'SIGN', {
      as: 'supervisor',
      opinion: 'Agreed',
    });
    await send(a.officer, listId, 'PUBLISH');
  }

  async function cadre(unit: string, name: string, post: string) {
    expectStatus(await admin.post(`/units/${unit}/cadres`, { ref: ref(name), name, post }), 201);
  }

  async function inquiry(subjectRef: string, conclusion: string): Promise<string> {
    const c = await open(a.officer, {
      workflow: 'inquiry',
      title: `Tenders ${subjectRef}`,
      subject: { ref: subjectRef, kind: 'individual', name: subjectRef, organisation: 'County A' },
      clue: 'tenders steered to a relative',
      source: 'report',
    });
    await send(a.leader, c.id, 'APPROVE', { method: 'talk' });
    await send(a.officer, c.id, 'RECORD_TALK', { heldAt: now(), record: 'talked' });
    await send(a.leader, c.id, 'CONCLUDE', { conclusion, reason: 'as found' });
    return c.id;
  }

  async function decision(subjectRef: string, measures: Payloads['DECIDE']['measures']): Promise<string> {
    const c = await open(a.integration, {
      workflow: 'accountability',
      title: `Landslide ${subjectRef}`,
      subject: { kind: 'individual', name: subjectRef, organisation: 'County A', ref: subjectRef },
      source: 'incident',
      facts: 'Slope collapsed after warnings were ignored',
      situation: 'seriousAccident',
    });
    for (const type of TO_DECISION) await step(a, c.id, type);
    await step(a, c.id, 'DECIDE', { decisionNo: unique('D-IR-'), serious: false, measures });
    return c.id;
  }

  async function rectification(source: string, items: number, verify: boolean): Promise<string> {
    const org = unique('org-');
    const later = inMs(HOUR_MS);
    const r = await open(a.officer, {
      workflow: 'rectification',
      title: `Problems ${source} ${org}`,
      subject: { ref: org, kind: 'organisation', name: `Bureau ${org}` },
      source,
      unitLeader: { ref: unique('leader-'), name: 'Li Si', post: 'Party secretary' },
      supervisor: { ref: unique('head-'), name: 'Zhou Lan', post: 'Discipline head' },
      items: Array.from({ length: items }, (_, i) => ({
        description: `Problem ${i + 1}`,
        responsible: 'Office',
        responsibleRef: unique('owner-'),
        dueAt: later,
      })),
    });
    await send(a.officer, r.id, 'SUBMIT_PLAN', { plan: 'Fix each problem this month' });
    await send(a.leader, r.id, 'APPROVE_PLAN');
    for (let itemId = 1; itemId <= items; itemId++) {
      await send(a.officer, r.id, 'COMPLETE_ITEM', { itemId, evidenceRef: `R-${itemId}` });
    }
    if (verify) await send(a.leader, r.id, 'VERIFY', { passed: true });
    return r.id;
  }

  async function assessment(unit: string, approvalRate: number, year = YEAR): Promise<string> {
    const scores = Object.fromEntries(
      ['keyTasks', 'departmentResponsibility', 'integrity', 'problemCorrection', 'publicApproval'].map(
        (c) => [c, 80],
      ),
    );
    const c = await open(a.officer, {
      workflow: 'assessment',
      title: `Annual assessment ${year} ${unit}`,
      // the assessed unit is named by its code: its approval counts on its own row
      subject: { ref: unit, kind: 'organisation', name: `Township ${unit}` },
      year,
      unitLeader: { ref: unique('leader-'), name: 'Li Si', post: 'Party secretary' },
      supervisor: { ref: unique('disc-'), name: 'Zhou Qi', post: 'Discipline secretary' },
    });
    await send(as('ir-principal-a', ['principal'], A), c.id, 'SUBMIT_SELF_ASSESSMENT', {
      report: 'done',
      scores,
      evidenceRefs: ['E-1'],
    });
    await new Promise((r) => setTimeout(r, 20));
    await send(a.officer, c.id, 'RECORD_ON_SITE', { heldAt: now(), scores, approvalRate, problems: [] });
    return c.id;
  }

  /** The clients of the service as it runs now (its port changes when it is started again). */
  function connect() {
    admin = as('ir-admin', ['admin'], null);
    a = roleClients((sub, role) => as(`${sub}-ir`, [role], A), admin);
    supervisor = as('ir-sup-city', ['supervisor'], CITY);
  }

  beforeAll(async () => {
    store = await createTestStore();
    app = await startTestApp({}, { store });
    connect();
    for (const unit of [
      { code: CITY, name: '市纪委 City' },
      { code: A, name: '甲县委 County A', parentCode: CITY },
      { code: B, name: '乙县委 County B', parentCode: CITY },
      { code: T, name: '青石镇 Township T', parentCode: A },
      { code: T2, name: '白云镇 Township T2', parentCode: A },
    ]) {
      expectStatus(await admin.post('/units', unit), 201);
    }
    await cadre(A, 'A1', '副县长 Deputy head');
    await cadre(A, 'A2', '副县长 Deputy head');
    await cadre(A, 'A3', '副县长 Deputy head');
    await cadre(A, 'A4', '办公室主任 Office head');
    await cadre(T, 'T1', '镇长 Township head');
    await cadre(T, 'T2', '副镇长 Deputy township head');
    for (const name of ['B1', 'B2', 'B3']) await cadre(B, name, '科员 Clerk');
    for (const [code, name, leader] of [
      [FIN, '财政局 Finance', 'A1'],
      [EDU, '教育局 Education', 'A2'],
      [IDLE, '档案局 Archives', 'A3'],
      [NOLEAD, '无分管 Unassigned', null],
    ] as const) {
      const department = {
        code,
        name,
        parentCode: A,
        kind: 'department',
        ...(leader && { leaderRef: ref(leader) }),
      };
      expectStatus(await admin.post('/units', department), 201);
    }
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await store?.drop();
  });

  it('builds the data set: a list with key tasks checked, findings, self-found problems, assessments', async () => {
    const later = inMs(HOUR_MS);
    const task = (title: string, extra: Record<string, unknown>) => ({
      title,
      owner: 'Party office',
      dueAt: later,
      responsible: { ref: 'ir-office-head', name: 'Office head' },
      standard: `${title}: done, minuted, every section covered`,
      safeguards: 'Staff assigned',
      supervisedBy: 'Discipline group',
      ...extra,
    });
    const list = await open(a.officer, {
      workflow: 'responsibilityList',
      title: `Responsibility list ${YEAR} ${RUN}`,
      subject: { ref: unique('org-'), kind: 'organisation', name: 'County A Party committee' },
      year: YEAR,
      principal: { ref: 'ir-list-principal', name: 'Sun Wei' },
      supervisor: { ref: 'ir-list-head', name: 'Zhou Lan' },
      tasks: [
        task('Tender review', { key: true, department: FIN }),
        task('Budget audit', { key: true, department: FIN }),
        task('School canteens', { key: true, department: EDU }),
        task('Teacher hiring', { key: true, department: EDU }),
        task('Archive study', { department: FIN }),
        task('Integrity talks', { key: true }),
        task('Unassigned task', { key: true, department: NOLEAD }),
      ],
    });
    expect(list.workflowVersion).toBe(3);
    ids.list = list.id;
    await signAndPublish(list.id);
    for (const taskId of ['t1', 't2', 't3', 't5', 't6', 't7']) {
      await send(a.officer, list.id, 'COMPLETE_TASK', { taskId, evidenceRef: `E-${taskId}` });
    }
    await send(a.leader, list.id, 'CHECK_TASK', { taskId: 't1', met: true, note: 'All tenders reviewed' });
    // t2: done on time, but not up to its standard
    await send(a.leader, list.id, 'CHECK_TASK', {
      taskId: 't2',
      met: false,
      note: 'Two sections not audited',
    });
    await send(a.leader, list.id, 'CHECK_TASK', { taskId: 't3', met: true, note: 'Every canteen checked' });
    await send(a.leader, list.id, 'CHECK_TASK', { taskId: 't7', met: true, note: 'Done as set' });

    ids.a1 = await decision(ref('A1'), [
      { type: 'partyDiscipline', detail: 'warning', responsibility: 'mainLeadership' },
      { type: 'formalWarning', responsibility: 'mainLeadership' },
    ]);
    ids.outsider = await decision(unique('outsider-'), [
      { type: 'organisationalHandling', detail: 'reassignment', responsibility: 'direct' },
      { type: 'notice', responsibility: 'direct' },
    ]);
    ids.a2 = await inquiry(ref('A2'), 'criticism');
    ids.a3 = await inquiry(ref('A3'), 'cleared');
    ids.t1 = await inquiry(ref('T1'), 'criticism');

    ids.tour = await rectification('inspectionTour', 1, true);
    ids.selfVerified = await rectification('selfInspection', 2, true);
    ids.selfDone = await rectification('selfInspection', 1, false);

    ids.assessT = await assessment(T, 80);
    ids.assessT2 = await assessment(T2, 90);
  }, 240_000);

  const report = async (year = YEAR) =>
    expectStatus(await supervisor.get<Report>(`/indices?year=${year}&unit=${CITY}`), 200).body;
  const drill = async (unit: string, figure: string, part = 'numerator', year = YEAR) =>
    expectStatus(
      await supervisor.get<Drill>(`/indices/cases?year=${year}&unit=${unit}&figure=${figure}&part=${part}`),
      200,
    ).body.items;

  it('counts every numerator and denominator by the seed sentence of its rate', async () => {
    const { rows } = await report();
    // departments are not rows of their own: each counts under the unit it lies under
    expect(rows.map((r) => r.unit.code)).toEqual([CITY, A, T, T2, B]);
    const row = (code: string) => rows.find((r) => r.unit.code === code)!;
    const rates = (code: string) =>
      Object.fromEntries(
        Object.entries(row(code).rates).map(([k, f]) => [k, ratio(f.numerator, f.denominator)]),
      );

    expect(rates(A)).toEqual({
      // t1, t3 and t7 checked and met; t2 on time but not up to standard; t6 done, never checked;
      // t4 not yet due, t5 not key
      keyTasks: ratio(3, 5),
      // fin (t1 met, t2 not) not carried out, edu (t3 met, t4 not due) carried out; idle has no key task
      // due, nolead no 分管领导: neither counted
      departmentResponsibility: ratio(1, 2),
      // A3 (cleared) and A4 clean; A1 (discipline, warning) and A2 (criticism) not
      integrity: ratio(2, 4),
      // the two self-found problems verified; the one done but unverified not; the inspection's not counted
      problemCorrection: ratio(2, 3),
      // A handles the townships' assessments; it was assessed by none
      publicApproval: ratio(0, 0),
    });
    expect(rates(T)).toMatchObject({
      integrity: ratio(1, 2), // T1's finding was handled by A: it counts on T's register all the same
      publicApproval: ratio(80, 100),
      keyTasks: ratio(0, 0),
    });
    expect(rates(T2)).toMatchObject({ integrity: ratio(0, 0), publicApproval: ratio(90, 100) });
    // a unit with no cases: its clean cadres over all its cadres
    expect(rates(B)).toEqual({
      keyTasks: ratio(0, 0),
      departmentResponsibility: ratio(0, 0),
      integrity: ratio(3, 3),
      problemCorrection: ratio(0, 0),
      publicApproval: ratio(0, 0),
    });

    // the soft means (formal warning, organisational handling, notice) of all four measures decided
    expect(row(A).softMeasures).toMatchObject(ratio(3, 4));
    expect(row(A).softAccountability).toEqual(row(A).softMeasures);
    expect(row(A).softMeasures.rule.zh).toContain('通报批评、诫勉、组织处理');
  });

  it('quotes the seed sentence of each rate, with its numerator and denominator, in both languages', async () => {
    const { rows } = await report();
    const names = {
      keyTasks: '重点任务达标率',
      departmentResponsibility: '分管部门责任制落实率',
      integrity: '廉洁自律规定落实率',
      problemCorrection: '单位查摆问题纠正率',
      publicApproval: '群众认可率',
    };
    for (const [code, name] of Object.entries(names)) {
      const { rule } = rows[1].rates[code];
      expect(rule.zh).toContain(`种子材料「${name}」`);
      expect(rule.zh).toContain('分子');
      expect(rule.zh).toContain('分母');
      expect(rule.en).toContain(`Seeds, ${name}`);
      expect(rule.en).toMatch(/Numerator: .*denominator: /);
    }
  });

  it('lists the cases and what was counted behind each part', async () => {
    const details = (items: Drill['items']) => items.map((i) => i.detail ?? '');
    const keyNum = details(await drill(A, 'keyTasks'));
    expect(keyNum.map((d) => d.split(' due')[0])).toEqual(['key task t1', 'key task t3', 'key task t7']);
    const keyDen = details(await drill(A, 'keyTasks', 'denominator'));
    expect(keyDen.find((d) => d.startsWith('key task t2'))).toContain('checked not met');
    expect(keyDen.find((d) => d.startsWith('key task t6'))).toContain('not checked');

    const departments = details(await drill(A, 'departmentResponsibility', 'denominator'));
    // in the order of the unit tree (by code)
    expect(departments.map((d) => d.split(':')[0])).toEqual([
      `department 教育局 Education (${EDU}, 分管领导 ${ref('A2')})`,
      `department 财政局 Finance (${FIN}, 分管领导 ${ref('A1')})`,
    ]);
    expect(departments[0]).toContain('1 of 1 key tasks met');
    expect(departments[1]).toContain('1 of 2 key tasks met');
    const carried = details(await drill(A, 'departmentResponsibility'));
    expect(carried.map((d) => d.split(' (')[0])).toEqual(['department 教育局 Education']);

    const corrected = await drill(A, 'problemCorrection');
    expect(corrected.map((i) => i.caseId)).toEqual([ids.selfVerified, ids.selfVerified]);
    const due = await drill(A, 'problemCorrection', 'denominator');
    expect(due.map((i) => i.caseId)).toEqual([ids.selfVerified, ids.selfVerified, ids.selfDone]);
    expect(due.map((i) => i.caseId)).not.toContain(ids.tour);

    // the cadres with a finding, by the cases that found it
    const against = await drill(A, 'integrity', 'denominator');
    expect(new Set(against.map((i) => i.caseId))).toEqual(new Set([ids.a1, ids.a2]));
    expect((await drill(T, 'integrity', 'denominator')).map((i) => i.caseId)).toEqual([ids.t1]);

    expect((await drill(T, 'publicApproval')).map((i) => i.caseId)).toEqual([ids.assessT]);
    const soft = await drill(A, 'softMeasures');
    expect(soft.map((i) => i.detail?.split(' decided')[0]).sort()).toEqual([
      'measure formalWarning',
      'measure notice',
      'measure organisationalHandling/reassignment',
    ]);
    // the former name of the figure still answers
    expect((await drill(A, 'softAccountability')).map((i) => i.detail)).toEqual(soft.map((i) => i.detail));
  });

  it('refuses a key task naming a department that is not a department under the list’s unit', async () => {
    const body = (department: string) => ({
      workflow: 'responsibilityList',
      title: `List ${RUN} ${department}`,
      subject: { ref: unique('org-'), kind: 'organisation', name: 'Bureau' },
      year: YEAR,
      principal: { ref: 'ir-list-principal', name: 'Sun Wei' },
      supervisor: { ref: 'ir-list-head', name: 'Zhou Lan' },
      tasks: [
        {
          title: 'Key',
          owner: 'Office',
          dueAt: inMs(HOUR_MS),
          responsible: { ref: 'ir-office-head', name: 'Office head' },
          standard: 's',
          safeguards: 'g',
          supervisedBy: 'b',
          key: true,
          department,
        },
      ],
    });
    for (const department of [T, 'ir-nowhere']) {
      const refused = await a.officer.post<{ message: string }>('/cases', body(department));
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain(
        `tasks[0].department: there is no department ${department} under`,
      );
    }
    const bOfficer = as('ir-officer-b', ['officer'], B);
    const elsewhere = await bOfficer.post<{ message: string }>('/cases', body(FIN));
    expect(elsewhere.status).toBe(400);
  });

  // ——— the report's counts (SQL over case_tally and the measures) against the facts ———

  /** The rates and the figures the report reads from `counts`, by unit: numerator and denominator. */
  const sumsOfReport = (rows: Row[]) =>
    Object.fromEntries(
      rows.map((r) => [
        r.unit.code,
        {
          ...Object.fromEntries(Object.entries(r.rates).map(([k, f]) => [k, [f.numerator, f.denominator]])),
          softMeasures: [r.softMeasures.numerator, r.softMeasures.denominator],
          declinedClues: r.declinedClues,
          restrictedNow: r.restrictedNow,
        },
      ]),
    );
  const RATES = ['keyTasks', 'departmentResponsibility', 'integrity', 'problemCorrection', 'publicApproval'];
  const REPORT_UNITS = [CITY, A, T, T2, B];
  const pathOf = async (code: string) =>
    (await store.query<{ path: string }>('SELECT path FROM unit WHERE code = ?', [code]))[0].path;
  /** Counts and facts of every declaring figure, as the city's supervisor and as county A's reach them. */
  async function readAll(): Promise<CountsRead[]> {
    const now = new Date().toISOString();
    const years = [YEAR, YEAR - 1];
    return [
      ...(await countsAndFacts(store, {
        reach: { kind: 'subtree', unit: CITY, path: await pathOf(CITY) },
        unitSets: [REPORT_UNITS, ...REPORT_UNITS.map((u) => [u]), [A, T, T2]],
        years,
        now,
      })),
      ...(await countsAndFacts(store, {
        reach: { kind: 'subtree', unit: A, path: await pathOf(A) },
        unitSets: [[A, T, T2], [A]],
        years,
        now,
      })),
    ];
  }
  /** A figure's facts over the report's units in the year, summed per unit. */
  const factsOf = (read: CountsRead[], figure: string, year: number) =>
    perUnit(
      read.find((r) => r.figure === figure && r.year === year && r.units.join() === REPORT_UNITS.join())!
        .facts,
    );
  const tallyRows = () =>
    store.query<Record<string, unknown>>(
      'SELECT case_id, seq, workflow, kind, unit_id, year, ref, at, done_at, met_at, value FROM case_tally ORDER BY case_id, seq',
    );
  const marker = async () =>
    (await store.query<{ name: string }>("SELECT name FROM read_model WHERE name = 'case_tally'")).length;

  it('adds a declined clue, and last year’s list (key tasks of fin checked met, of edu not checked) and T2’s assessment', async () => {
    const clue = await open(a.integration, openBody());
    await steps(a, clue.id, 'PROPOSE_DECLINE', 'APPROVE_DECLINE');
    ids.declined = clue.id;

    const later = inMs(HOUR_MS);
    const task = (title: string, department: string) => ({
      title,
      owner: 'Party office',
      dueAt: later,
      responsible: { ref: 'ir-office-head', name: 'Office head' },
      standard: `${title}: done and minuted`,
      safeguards: 'Staff assigned',
      supervisedBy: 'Discipline group',
      key: true,
      department,
    });
    const list = await open(a.officer, {
      workflow: 'responsibilityList',
      title: `Responsibility list ${YEAR - 1} ${RUN}`,
      subject: { ref: unique('org-'), kind: 'organisation', name: 'County A Party committee' },
      year: YEAR - 1,
      principal: { ref: 'ir-list-principal', name: 'Sun Wei' },
      supervisor: { ref: 'ir-list-head', name: 'Zhou Lan' },
      tasks: [task('Last year’s tenders', FIN), task('Last year’s canteens', EDU)],
    });
    ids.lastList = list.id;
    await signAndPublish(list.id);
    for (const taskId of ['t1', 't2']) {
      await send(a.officer, list.id, 'COMPLETE_TASK', { taskId, evidenceRef: `E-last-${taskId}` });
    }
    await send(a.leader, list.id, 'CHECK_TASK', { taskId: 't1', met: true, note: 'All tenders reviewed' });

    ids.assessLast = await assessment(T2, 70, YEAR - 1);

    const last = await report(YEAR - 1);
    const row = (code: string) => last.rows.find((r) => r.unit.code === code)!;
    expect(row(A).rates).toMatchObject({
      keyTasks: ratio(1, 2),
      // fin: its one key task met; edu: its one done and not checked
      departmentResponsibility: ratio(1, 2),
    });
    expect(row(T2).rates.publicApproval).toMatchObject(ratio(70, 100));
    expect((await report()).rows.find((r) => r.unit.code === A)!.declinedClues).toBe(1);
  }, 120_000);

  it('every rate and figure that declares counts sums to its facts, unit by unit, for each unit set, this year and last', async () => {
    // the model is built (an empty store at start-up): GET /indices reads the counts
    expect(await marker()).toBe(1);
    const read = await readAll();
    const declaring = [...new Set(read.map((r) => r.figure))].sort();
    expect(declaring).toEqual([...RATES, 'declinedClues', 'restrictedNow', 'softMeasures'].sort());
    expect(mismatches(read)).toEqual([]);

    // not vacuous: over the report's units, the units where each figure has facts
    const whole = (year: number) =>
      Object.fromEntries(declaring.map((figure) => [figure, factsOf(read, figure, year)]));
    expect(whole(YEAR)).toEqual({
      keyTasks: { [A]: [3, 5] },
      departmentResponsibility: { [A]: [1, 2] },
      integrity: { [A]: [2, 4], [B]: [3, 3], [T]: [1, 2] },
      problemCorrection: { [A]: [2, 3] },
      publicApproval: { [T]: [80, 100], [T2]: [90, 100] },
      declinedClues: { [A]: [1, 0] },
      softMeasures: { [A]: [3, 4] },
      // A1 and the outsider: each has a measure whose period of impact runs now
      restrictedNow: { [A]: [2, 0] },
    });
    expect(whole(YEAR - 1)).toMatchObject({
      keyTasks: { [A]: [1, 2] },
      departmentResponsibility: { [A]: [1, 2] },
      publicApproval: { [T2]: [70, 100] },
    });
  }, 120_000);

  it('GET /indices (the counts) gives each rate and figure as its facts sum it, and as the drill-down lists it', async () => {
    const read = await readAll();
    for (const year of [YEAR, YEAR - 1]) {
      const facts = (figure: string) => factsOf(read, figure, year);
      const fromFacts = Object.fromEntries(
        REPORT_UNITS.map((unit) => [
          unit,
          {
            ...Object.fromEntries(RATES.map((rate) => [rate, facts(rate)[unit] ?? [0, 0]])),
            softMeasures: facts('softMeasures')[unit] ?? [0, 0],
            declinedClues: (facts('declinedClues')[unit] ?? [0])[0],
            restrictedNow: (facts('restrictedNow')[unit] ?? [0])[0],
          },
        ]),
      );
      expect({ year, report: sumsOfReport((await report(year)).rows) }).toEqual({ year, report: fromFacts });
    }

    // the drill-down lists one item per fact counted, for the figures whose facts are one case and one each
    const { rows } = await report();
    const row = (code: string) => rows.find((r) => r.unit.code === code)!;
    for (const figure of ['keyTasks', 'departmentResponsibility', 'problemCorrection']) {
      const { numerator, denominator } = row(A).rates[figure];
      expect({ figure, numerator: (await drill(A, figure)).length }).toEqual({ figure, numerator });
      expect({ figure, denominator: (await drill(A, figure, 'denominator')).length }).toEqual({
        figure,
        denominator,
      });
    }
    expect((await drill(A, 'declinedClues')).map((i) => i.caseId)).toEqual([ids.declined]);
    expect(row(A).declinedClues).toBe(1);
    expect((await drill(A, 'restrictedNow')).length).toBe(row(A).restrictedNow);
    // an approval rate is the survey's own: one assessment behind each township's
    for (const [unit, id] of [
      [T, ids.assessT],
      [T2, ids.assessT2],
    ]) {
      expect((await drill(unit, 'publicApproval')).map((i) => i.caseId)).toEqual([id]);
    }
    // last year: the list of last year behind A's key tasks, T2's assessment of last year behind its rate
    const lastKeyTasks = await drill(A, 'keyTasks', 'denominator', YEAR - 1);
    expect(lastKeyTasks.map((i) => i.caseId)).toEqual([ids.lastList, ids.lastList]);
    expect((await drill(T2, 'publicApproval', 'numerator', YEAR - 1)).map((i) => i.caseId)).toEqual([
      ids.assessLast,
    ]);
  }, 120_000);

  it('a version migration (POST /cases/:id/migrate) rewrites the list’s tallies from its context', async () => {
    const id = ids.lastList;
    const rowsOf = () => tallyRows().then((rows) => rows.filter((r) => r.case_id === id));
    const written = await rowsOf();
    expect(written.map((r) => [r.kind, r.ref, r.unit_id, r.year, r.met_at !== null])).toEqual([
      ['keyTask', FIN, A, YEAR - 1, true],
      ['keyTask', EDU, A, YEAR - 1, false],
    ]);
    // rows gone wrong behind the engine's back: the counts no longer equal the facts…
    await store.exec('UPDATE case_tally SET met_at = NULL WHERE case_id = ?', [id]);
    const broken = mismatches(await readAll()).map((m) => m.where);
    expect(broken).toEqual(
      expect.arrayContaining([
        `keyTasks for ${REPORT_UNITS.join(',')} in ${YEAR - 1}`,
        `keyTasks for ${A} in ${YEAR - 1}`,
      ]),
    );
    // …until the case moves to another version: its rows are written again as its context has them
    const migrate = async (toVersion: number) =>
      expectStatus(await admin.post<CaseView>(`/cases/${id}/migrate`, { toVersion, stateMapping: {} }), 200)
        .body;
    expect(await migrate(2)).toMatchObject({ workflowVersion: 2 });
    expect(await rowsOf()).toEqual(written);
    expect(await migrate(3)).toMatchObject({ workflowVersion: 3 });
    expect(await rowsOf()).toEqual(written);
    expect(mismatches(await readAll())).toEqual([]);
  }, 120_000);

  describe('a store from before the read model: the service builds the tallies of the cases it holds', () => {
    let written: Record<string, unknown>[];
    let answered: Record<number, unknown>;
    const start = async () => {
      app = await startTestApp({}, { store });
      connect();
    };
    const answers = async () => ({
      [YEAR]: sumsOfReport((await report(YEAR)).rows),
      [YEAR - 1]: sumsOfReport((await report(YEAR - 1)).rows),
    });

    it('while the model is not built (no marker), GET /indices answers as before, from the facts', async () => {
      written = await tallyRows();
      expect(new Set(written.map((r) => `${String(r.workflow)} ${String(r.kind)}`))).toEqual(
        new Set([
          'responsibilityList keyTask',
          'rectification selfFoundItem',
          'assessment survey',
          'accountability closedWith',
          'inquiry closedWith',
        ]),
      );
      answered = await answers();
      await app.close();
      // no rows, no marker, and a build that cannot write (held by a trigger): the marker stays absent
      await store.exec('DELETE FROM case_tally');
      expect(await store.exec('DELETE FROM read_model WHERE name = ?', ['case_tally'])).toBe(1);
      if (store.kind === 'sqlite') {
        await store.exec(
          "CREATE TRIGGER hold_tally BEFORE INSERT ON case_tally BEGIN SELECT RAISE(ABORT, 'held by the test'); END",
        );
      } else {
        await store.exec(
          "CREATE FUNCTION hold_tally() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'held by the test'; END $$ LANGUAGE plpgsql",
        );
        await store.exec(
          'CREATE TRIGGER hold_tally BEFORE INSERT ON case_tally FOR EACH ROW EXECUTE FUNCTION hold_tally()',
        );
      }
      await start();
      await waitFor(
        'the build of the read model to fail',
        () => /could not be built[^\n]*held by the test/.test(app.output() + app.logs()),
        60_000,
      );
      expect(await marker()).toBe(0);
      expect(await tallyRows()).toEqual([]);
      // the counts would give nothing now; the report gives what it gave
      expect(mismatches(await readAll()).length).toBeGreaterThan(0);
      expect(await answers()).toEqual(answered);
    }, 180_000);

    it('started on a store from before the migration, the service builds every case’s tallies as the write path wrote them', async () => {
      await app.close();
      // as before migration CaseTally1765950000000: no table, not run, no marker
      await store.exec('DROP TABLE case_tally');
      if (store.kind === 'postgres') await store.exec('DROP FUNCTION hold_tally()');
      expect(await store.exec('DELETE FROM migrations WHERE name = ?', ['CaseTally1765950000000'])).toBe(1);
      await start();
      await waitFor('the read model built', async () => (await marker()) === 1, 60_000, 250);
      expect(await tallyRows()).toEqual(written);
      expect(
        await store.query('SELECT name FROM migrations WHERE name = ?', ['CaseTally1765950000000']),
      ).toHaveLength(1);
      expect(await answers()).toEqual(answered);
      expect(mismatches(await readAll())).toEqual([]);
    }, 180_000);
  });
});
