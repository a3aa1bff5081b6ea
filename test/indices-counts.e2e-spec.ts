/*
 * The indices' per-unit sums in SQL (IndexDefinition.counts) on the real service and store. A province
 * with two counties; through the API, county A decides two accountability cases (a party warning and a
 * formal warning, both restricting the person for a while; a written self-criticism, which restricts no
 * one), declines a clue and lets a key task
 * of its responsibility list run overdue; county B decides one case. Then a case of A in investigation
 * is transferred to B (移送管辖) and decided there; and a case of a test-only procedure
 * (test/fixtures/sanction.workflow.ts: accountability moves a case only until its decision) is moved
 * from A to B after its measures were recorded. The file proves:
 *   - a transfer moves the case's rows to B in the store (its time limits; its measures, when it has
 *     some; its tallies in case_tally, which the sanction fixture keeps for every case), the measures B
 *     decides carry B, and GET /indices counts them for B (the soft measures, the people restricted
 *     now) and no longer for A; B's drill-down lists the case, A's does not;
 *   - for every figure of INDICES that declares `counts`, over the province's whole unit set and each
 *     unit alone, this year and last year, the counts equal its facts summed per unit (run in a child
 *     process on the test's store: test/support/index-counts-run.ts). A counts query that binds a
 *     parameter the base class overrides (`:workflow`) gives zeros where the facts give one, and fails
 *     here. Not vacuously for softMeasures, restrictedNow (both counties), declinedClues and keyTasks
 *     (county A); the other rates have no facts in this data set: test/indices-rates.e2e-spec.ts holds
 *     them equal on data built for each.
 */
import { waitFor } from './support/deadline-helpers';
import { countsAndFacts, mismatches, perUnit } from './support/index-counts-run';
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  getCase,
  openBody,
  SUBS,
  step,
  steps,
  TO_DECISION,
  unique,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

const HOUR_MS = 3_600_000;
/** The current calendar year in Beijing (UTC+8): the year whose figures the data set makes. */
const YEAR = new Date(Date.now() + 8 * HOUR_MS).getUTCFullYear();

const PROV = 'ct-prov';
const A = 'ct-a';
const B = 'ct-b';

interface Figure {
  numerator: number;
  denominator: number;
}
interface Row {
  unit: { code: string };
  softMeasures: Figure;
  declinedClues: number;
  restrictedNow: number;
  overdueNow: { kind: string; count: number }[];
}
interface Drill {
  items: { caseId: string }[];
}

const WARNING = { type: 'partyDiscipline', detail: 'warning', responsibility: 'mainLeadership' } as const;
const FORMAL = { type: 'formalWarning', responsibility: 'mainLeadership' } as const;
/** Soft, and with no period of impact (no one is restricted by it). */
const SELF_CRITICISM = { type: 'writtenSelfCriticism', responsibility: 'mainLeadership' } as const;

let app: TestApp;
const as = (sub: string, roles: string[], unit: string | null) =>
  new Client(app.baseUrl, signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
/** One client per role of the procedure, of the unit. */
const usersOf = (unit: string): Users =>
  Object.fromEntries(
    (Object.keys(SUBS) as (keyof Users)[]).map((role) => [role, as(`${SUBS[role]}-${unit}`, [role], unit)]),
  ) as unknown as Users;
let a: Users;
let b: Users;
let supervisor: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ WORKFLOW_MODULES: 'test/fixtures/sanction.workflow.ts' });
  const admin = as('ct-admin', ['admin'], null);
  for (const unit of [
    { code: PROV, name: '省纪委 Province' },
    { code: A, name: '甲县纪委 County A', parentCode: PROV },
    { code: B, name: '乙县纪委 County B', parentCode: PROV },
  ]) {
    expectStatus(await admin.post('/units', unit), 201);
  }
  a = usersOf(A);
  b = usersOf(B);
  supervisor = as('ct-sup-prov', ['supervisor'], PROV);
}, 300_000); // the service may start slowly on a loaded machine (WENZE_TEST_START_TIMEOUT_MS)

afterAll(async () => {
  await app?.close();
});

const send = async (client: Client, id: string, type: string, payload?: unknown) =>
  expectStatus(await client.send<CaseView>(id, type, payload), 200).body;

/** An accountability case of the unit, opened and walked to its decision. */
async function toDecision(u: Users): Promise<string> {
  const c = expectStatus(await u.integration.post<CaseView>('/cases', openBody()), 201).body;
  await steps(u, c.id, ...TO_DECISION);
  return c.id;
}

const decide = (u: Users, id: string, measures: object[]) =>
  step(u, id, 'DECIDE', { decisionNo: unique('D-'), serious: false, measures } as never);

/** A published responsibility list of the unit with one key task due in `ms`. */
async function listWithTask(unit: string, officer: Client, ms: number): Promise<string> {
  const ref = unique('org-');
  const list = expectStatus(
    await officer.post<CaseView>('/cases', {
      workflow: 'responsibilityList',
      title: `Responsibility list ${YEAR} ${ref}`,
      subject: { ref, kind: 'organisation', name: `Bureau ${ref}` },
      year: YEAR,
      principal: { ref: 'ct-list-principal', name: 'Sun Wei' },
      supervisor: { ref: 'ct-list-head', name: 'Zhou Lan' },
      tasks: [
        {
          title: 'Soon due',
          owner: 'Party office',
          dueAt: new Date(Date.now() + ms).toISOString(),
          responsible: { ref: 'ct-office-head', name: 'Office head' },
          standard: 'Done and minuted',
          safeguards: 'Staff assigned',
          supervisedBy: 'Discipline group',
          key: true,
        },
      ],
    }),
    201,
  ).body;
  const sign = (sub: string, role: string, signAs: string) =>
    send(as(sub, [role], unit), list.id, 'SIGN', { as: signAs, opinion: 'Agreed' });
  await sign('ct-list-principal', 'principal', 'principal');
  await sign('ct-list-head', 'disciplineHead', 'supervisor');
  await send(officer, list.id, 'PUBLISH');
  return list.id;
}

const report = async () => {
  const body = expectStatus(
    await supervisor.get<{ rows: Row[] }>(`/indices?year=${YEAR}&unit=${PROV}`),
    200,
  ).body;
  return Object.fromEntries(body.rows.map((r) => [r.unit.code, r]));
};
const drill = async (unit: string, figure: string, part = 'numerator') =>
  expectStatus(
    await supervisor.get<Drill>(`/indices/cases?year=${YEAR}&unit=${unit}&figure=${figure}&part=${part}`),
    200,
  ).body.items.map((i) => i.caseId);
const unitsOfRows = async (table: 'measure' | 'deadline' | 'case_tally', caseId: string) =>
  (
    await app.store.query<{ unit_id: string }>(`SELECT unit_id FROM ${table} WHERE case_id = ?`, [caseId])
  ).map((r) => r.unit_id);

it('builds the data set: decisions in both counties, a declined clue, an overdue key task', async () => {
  ids.a1 = await toDecision(a);
  await decide(a, ids.a1, [WARNING, FORMAL]);
  ids.a2 = await toDecision(a);
  await decide(a, ids.a2, [SELF_CRITICISM]);
  ids.b1 = await toDecision(b);
  await decide(b, ids.b1, [WARNING]);
  const declined = expectStatus(await a.integration.post<CaseView>('/cases', openBody()), 201).body;
  ids.declined = declined.id;
  await steps(a, declined.id, 'PROPOSE_DECLINE', 'APPROVE_DECLINE');
  ids.list = await listWithTask(A, a.officer, 3000);
  await waitFor(
    'the key task flagged overdue',
    async () => {
      const tasks = (await getCase(a.officer, ids.list)).context.tasks as { overdueAt: string | null }[];
      return tasks[0].overdueAt !== null;
    },
    30_000,
    250,
  );

  const rows = await report();
  expect(rows[A]).toMatchObject({
    softMeasures: { numerator: 2, denominator: 3 },
    restrictedNow: 1,
    declinedClues: 1,
    overdueNow: [{ kind: 'listTask', count: 1 }],
  });
  expect(rows[B]).toMatchObject({
    softMeasures: { numerator: 0, denominator: 1 },
    restrictedNow: 1,
    declinedClues: 0,
    overdueNow: [],
  });
}, 120_000);

it('a case transferred from A to B takes its time limits along, and its measures count for B only', async () => {
  const before = await report();
  const id = expectStatus(await a.integration.post<CaseView>('/cases', openBody()), 201).body.id;
  ids.moved = id;
  await steps(a, id, 'ACCEPT', 'APPROVE_INVESTIGATION');
  // the investigation's time limit runs, on A's row
  expect((await getCase(a.officer, id)).deadlines.filter((d) => d.status === 'pending')).toHaveLength(1);
  expect(await unitsOfRows('deadline', id)).toEqual([A]);

  await step(a, id, 'TRANSFER_JURISDICTION', { unitId: B, reason: 'the subject works in county B' });
  expect(await unitsOfRows('deadline', id)).toEqual([B]);
  expect((await a.officer.get(`/cases/${id}`)).status).toBe(404);

  // B hears the subject, reports, proposes and decides: a party warning and a formal warning
  await steps(b, id, 'RECORD_STATEMENT', 'SUBMIT_REPORT', 'PROPOSE_OPINION');
  await decide(b, id, [WARNING, FORMAL]);
  expect(await unitsOfRows('measure', id)).toEqual([B, B]);
  const deadlines = await unitsOfRows('deadline', id);
  expect(deadlines.length).toBeGreaterThan(1); // the investigation's, then the delivery's
  expect(new Set(deadlines)).toEqual(new Set([B]));

  const after = await report();
  expect(after[B].softMeasures).toMatchObject({
    numerator: before[B].softMeasures.numerator + 1,
    denominator: before[B].softMeasures.denominator + 2,
  });
  expect(after[B].restrictedNow).toBe(before[B].restrictedNow + 1);
  expect(after[A].softMeasures).toMatchObject(before[A].softMeasures);
  expect(after[A].restrictedNow).toBe(before[A].restrictedNow);

  // the drill-down: B's lists the case, A's does not
  expect(await drill(B, 'softMeasures', 'denominator')).toEqual(expect.arrayContaining([id, id]));
  expect(await drill(B, 'restrictedNow')).toContain(id);
  for (const [figure, part] of [
    ['softMeasures', 'denominator'],
    ['restrictedNow', 'numerator'],
  ]) {
    expect(await drill(A, figure, part)).not.toContain(id);
  }
});

it('a decided case moved from A to B takes its measures and its time limit along: they count for B, no longer for A', async () => {
  const before = await report();
  const ref = unique('p-');
  const id = expectStatus(
    await a.officer.post<CaseView>('/cases', {
      workflow: 'sanction',
      title: `Sanction ${ref}`,
      subject: { ref, kind: 'individual', name: 'Li Si' },
    }),
    201,
  ).body.id;
  // a formal warning and a party warning, both restricting the person for a year; a time limit runs
  await send(a.officer, id, 'DECIDE_SANCTION');
  expect(await unitsOfRows('measure', id)).toEqual([A, A]);
  expect(await unitsOfRows('deadline', id)).toEqual([A]);
  expect(await unitsOfRows('case_tally', id)).toEqual([A]);
  const decided = await report();
  expect(decided[A]).toMatchObject({
    softMeasures: {
      numerator: before[A].softMeasures.numerator + 1,
      denominator: before[A].softMeasures.denominator + 2,
    },
    restrictedNow: before[A].restrictedNow + 1,
  });
  expect(await drill(A, 'softMeasures', 'denominator')).toEqual(expect.arrayContaining([id, id]));

  await send(a.officer, id, 'MOVE_CASE', { unitId: B });
  expect(await unitsOfRows('measure', id)).toEqual([B, B]);
  expect(await unitsOfRows('deadline', id)).toEqual([B]);
  // its tally, unchanged by the move, is rewritten at B all the same
  expect(await unitsOfRows('case_tally', id)).toEqual([B]);
  const moved = await report();
  expect(moved[A]).toMatchObject({
    softMeasures: before[A].softMeasures,
    restrictedNow: before[A].restrictedNow,
  });
  expect(moved[B]).toMatchObject({
    softMeasures: {
      numerator: before[B].softMeasures.numerator + 1,
      denominator: before[B].softMeasures.denominator + 2,
    },
    restrictedNow: before[B].restrictedNow + 1,
  });
  expect(await drill(B, 'softMeasures', 'denominator')).toEqual(expect.arrayContaining([id, id]));
  expect(await drill(B, 'restrictedNow')).toContain(id);
  expect(await drill(A, 'softMeasures', 'denominator')).not.toContain(id);
  expect(await drill(A, 'restrictedNow')).not.toContain(id);
});

it('every figure that declares counts sums to its facts, unit by unit, for any unit set and year', async () => {
  const [{ path }] = await app.store.query<{ path: string }>('SELECT path FROM unit WHERE code = ?', [PROV]);
  const read = await countsAndFacts(app.store, {
    reach: { kind: 'subtree', unit: PROV, path },
    unitSets: [[PROV, A, B], [A], [B], [PROV]],
    years: [YEAR, YEAR - 1],
    now: new Date().toISOString(),
  });
  // the figures the report reads from SQL: none may fall out of this check unnoticed
  const declaring = [...new Set(read.map((r) => r.figure))].sort();
  expect(declaring).toEqual(expect.arrayContaining(['declinedClues', 'restrictedNow', 'softMeasures']));
  expect(read).toHaveLength(declaring.length * 4 * 2);
  expect(mismatches(read)).toEqual([]);

  // not vacuous for the figures this data set is built for: this year, over the whole set, the units
  // with facts. The rates (but keyTasks: A's overdue key task, due and not met) have no facts here:
  // test/indices-rates.e2e-spec.ts proves them on data built for them.
  const withFacts = (figure: string) =>
    perUnit(read.find((r) => r.figure === figure && r.units.length === 3 && r.year === YEAR)!.facts);
  expect({
    softMeasures: withFacts('softMeasures'),
    restrictedNow: withFacts('restrictedNow'),
    declinedClues: withFacts('declinedClues'),
    keyTasks: withFacts('keyTasks'),
  }).toEqual({
    // A: a1's two measures and a2's one; B: b1's one, and two of each case moved from A
    softMeasures: { [A]: [2, 3], [B]: [2, 5] },
    // A: a1's person; B: b1's, and the person of each case moved from A
    restrictedNow: { [A]: [1, 0], [B]: [3, 0] },
    declinedClues: { [A]: [1, 0] },
    keyTasks: { [A]: [0, 1] },
  });
}, 120_000);
