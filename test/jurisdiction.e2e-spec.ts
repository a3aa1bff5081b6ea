/*
 * Units and jurisdiction (管辖), end to end against the real service (DESIGN.md "Units and jurisdiction"):
 *   - the unit tree: POST /units (admin only; 409, 400, 403), GET /units to any role, GET /me and its reach;
 *   - the read matrix: every read endpoint × every user × every case — 200 inside the user's reach, 404
 *     outside, 403 for a role the endpoint does not name (the role check comes first); lists, searches,
 *     deadlines, audit, stats and subject records hold exactly what is within reach;
 *   - an answer outside reach says no more than the answer for a case that does not exist;
 *   - opening cases for a unit: one's own or one below (403 else, 400 for an unknown unit, nothing written);
 *   - acting: only users of the case's own unit (above: 403, outside reach: 404, nothing written), except
 *     CORRECT_DECISION and TAKE_OVER from a unit above; TRANSFER_JURISDICTION and TAKE_OVER move the case,
 *     are in its history, and the reach follows the case;
 *   - links to cases outside reach are left out of a case view;
 *   - a property (fast-check): whatever a user asks, no answer names a case outside their reach;
 *   - the access log (查阅登记): each read recorded in the same request, listed to the supervisors of the
 *     unit and above with filters and paging, and append-only in the database.
 * One service for the whole file; the unit tree is prov > city > {county-a, county-b}.
 */
import fc from 'fast-check';
import { SAMPLE } from '../machines/accountability.fixtures';
import type { Payloads, UserEventType } from '../machines/accountability.types';
import { claims, signJwt } from './support/jwt';
import {
  deliverPayload,
  expectStatus,
  openBody,
  SENDER,
  TO_DECISION,
  unique,
  type CaseView,
  type HistoryEntry,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type Reply, type TestApp } from './support/test-app';

// ---------------------------------------------------------------------------------------------------
// The unit tree, the users and their reach, as the test computes it
// ---------------------------------------------------------------------------------------------------

type UnitCode = 'prov' | 'city' | 'county-a' | 'county-b';

const TREE: { code: UnitCode; name: string; parentCode: UnitCode | null }[] = [
  { code: 'prov', name: 'Provincial Commission 省纪委', parentCode: null },
  { code: 'city', name: 'City Commission 市纪委', parentCode: 'prov' },
  { code: 'county-a', name: 'County A Commission 甲县纪委', parentCode: 'city' },
  { code: 'county-b', name: 'County B Commission 乙县纪委', parentCode: 'city' },
];
const CODES = TREE.map((t) => t.code);
const PARENT = new Map<string, string | null>(TREE.map((t) => [t.code, t.parentCode]));

/** The unit, its parent, and so on up to the root. */
function ancestry(code: string): string[] {
  const out: string[] = [];
  for (let c: string | null | undefined = code; c; c = PARENT.get(c)) out.push(c);
  return out;
}

/** The unit and every unit below it. */
function subtree(code: string): Set<string> {
  return new Set(CODES.filter((c) => ancestry(c).includes(code)));
}

const UNIT_ROLES = ['officer', 'leader', 'committee', 'supervisor', 'integration'] as const;
type UnitRole = (typeof UNIT_ROLES)[number];

interface User {
  name: string;
  sub: string;
  roles: string[];
  unit: string | null;
  client: Client;
}

/** The units whose cases the user reads. */
function reachOf(user: User): Set<string> | 'all' {
  if (user.unit === null) return user.roles.includes('admin') ? 'all' : new Set();
  return subtree(user.unit);
}

function reaches(user: User, unit: string): boolean {
  const reach = reachOf(user);
  return reach === 'all' || reach.has(unit);
}

/** Who may use which read endpoint (the contract); every other role gets 403. */
const ENDPOINT_ROLES = {
  caseRead: ['officer', 'leader', 'committee', 'supervisor', 'integration', 'admin'],
  record: ['officer', 'leader', 'committee', 'supervisor', 'admin'],
  audit: ['supervisor', 'admin'],
  accessLog: ['supervisor', 'admin'],
  // As the catalogue grants them today (workflows/index.ts).
  deadlines: ['supervisor', 'admin', 'leader', 'officer', 'committee'],
  stats: ['supervisor', 'admin', 'leader'],
} as const;

function mayUse(user: User, roles: readonly string[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

function expectedStatus(user: User, roles: readonly string[], inReach: boolean): number {
  if (!mayUse(user, roles)) return 403;
  return inReach ? 200 : 404;
}

// ---------------------------------------------------------------------------------------------------
// The answers, as the contract shapes them
// ---------------------------------------------------------------------------------------------------

type View = CaseView & { unitId: string };
type Summary = { id: string; businessKey: string; state: string; unitId: string };
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface UnitView {
  code: string;
  name: string;
  parentCode: string | null;
  path: string;
}
interface Me {
  sub: string;
  name: string;
  roles: string[];
  unit?: string | null;
  reach: string[] | 'all';
}
interface DeadlineItem {
  id: string;
  caseId: string;
}
interface SubjectRecord {
  id: string;
  cases: Summary[];
  measures: { caseId: string }[];
  impactPeriods: { caseId: string }[];
}
interface Stats {
  casesByStage: { stage: string; count: number }[];
}
interface AccessEntry {
  id: string | number;
  at: string;
  actor: { sub: string; roles: string[]; unit: string | null };
  action: string;
  caseId: string | null;
  subjectId: string | null;
  unitId: string | null;
  requestId: string;
  resultCount: number | null;
}
interface WorkflowView {
  openRoles: string[];
  events: { type: string; roles: string[] }[];
}

/** A case the test knows of, with the unit that handles it now. */
interface Known {
  label: string;
  id: string;
  businessKey: string;
  /** In the title and business key: a search for it finds this case only. */
  marker: string;
  unit: string;
  subjectId: string;
  subjectRef: string;
}

// ---------------------------------------------------------------------------------------------------
// Set-up: units, users and one case per unit in different stages
// ---------------------------------------------------------------------------------------------------

let app: TestApp;
let wf: WorkflowView;
let admin: User;
let cityAdmin: User;
let noRoles: User;
let unknownRole: User;
let noUnitOfficer: User;
/** U[unit][role]: one user of each role in each unit. */
const U = {} as Record<UnitCode, Record<UnitRole, User>>;
let USERS: User[] = [];
const created: Record<string, Reply<UnitView>> = {};
const known = new Map<string, Known>();
/** The cases of the matrix: one per unit (two in county-a), in different stages. */
const base = {} as Record<'prov' | 'city' | 'countyA' | 'countyB' | 'countyAClosed', Known>;

function makeUser(name: string, roles: string[], unit: string | null, sub = name.replace(/ /g, '.')): User {
  // Built here, not by claims(): a token without `unit` must have none, whatever claims() defaults to.
  const body: Record<string, unknown> = { ...claims(sub, roles, 3600) };
  delete body.unit;
  if (unit !== null) body.unit = unit;
  return { name, sub, roles, unit, client: new Client(app.baseUrl, signJwt(body, TEST_SECRET)) };
}

async function count(table: string, where = '', params: unknown[] = []): Promise<number> {
  const [row] = await app.store.query<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM "${table}" ${where}`,
    params,
  );
  return Number(row.n);
}

/** What a refused request must not change: cases, subjects, history rows, links. */
async function written(): Promise<number[]> {
  return Promise.all(['case', 'subject', 'transition', 'case_link'].map((t) => count(t)));
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return out;
}

/** Every item of a paged list, or the first answer that was not 200. */
async function all<T>(client: Client, path: string): Promise<{ status: number; items: T[]; body: unknown }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply: Reply<Page<T>> = await client.get<Page<T>>(url);
    if (reply.status !== 200) return { status: reply.status, items, body: reply.body };
    items.push(...reply.body.items);
    cursor = reply.body.nextCursor;
    if (!cursor) return { status: 200, items, body: reply.body };
  }
  throw new Error(`paging of ${path} does not end`);
}

/** Opens a case for `unit` as `by` and registers it. */
async function open(
  label: string,
  unit: UnitCode,
  by: User,
  options: { subjectRef?: string } = {},
): Promise<Known> {
  const marker = unique('M');
  const body = {
    ...openBody({
      businessKey: `jur-${marker}`,
      title: `Case ${marker} of ${label}`,
      ...(options.subjectRef !== undefined && { subject: { ref: options.subjectRef } }),
    }),
    unitId: unit,
  };
  const view = expectStatus(await by.client.post<View>('/cases', body), 201).body;
  const k: Known = {
    label,
    id: view.id,
    businessKey: view.businessKey,
    marker,
    unit,
    subjectId: view.subject.id,
    subjectRef: view.subject.ref,
  };
  known.set(k.id, k);
  return k;
}

function payloadOf(type: UserEventType): unknown {
  return type === 'DELIVER' ? deliverPayload() : SAMPLE[type];
}

/** Sends the events in order as the unit's user of the role the procedure names; each must succeed. */
async function walk(unit: UnitCode, id: string, ...events: UserEventType[]): Promise<void> {
  for (const type of events) {
    const role = SENDER[type] as UnitRole;
    expectStatus(await U[unit][role].client.send(id, type, payloadOf(type)), 200);
  }
}

async function decide(unit: UnitCode, id: string, decision: Payloads['DECIDE'] = SAMPLE.DECIDE) {
  return expectStatus(await U[unit].committee.client.send<View>(id, 'DECIDE', decision), 200).body;
}

/** The case as the admin (reach: all) reads it; the registry follows the unit the service says. */
async function adminView(id: string): Promise<View> {
  const view = expectStatus(await admin.client.get<View>(`/cases/${id}`), 200).body;
  const k = known.get(id);
  if (k) k.unit = view.unitId;
  return view;
}

async function transitionsOf(id: string): Promise<number> {
  return count('transition', 'WHERE case_id = ?', [id]);
}

beforeAll(async () => {
  app = await startTestApp();
  admin = makeUser('admin', ['admin'], null);
  for (const unit of TREE) {
    const body = {
      code: unit.code,
      name: unit.name,
      ...(unit.parentCode && { parentCode: unit.parentCode }),
    };
    created[unit.code] = expectStatus(await admin.client.post<UnitView>('/units', body), 201);
  }
  for (const code of CODES) {
    U[code] = Object.fromEntries(
      UNIT_ROLES.map((role) => [role, makeUser(`${code} ${role}`, [role], code)]),
    ) as Record<UnitRole, User>;
  }
  cityAdmin = makeUser('city admin', ['admin'], 'city');
  noRoles = makeUser('prov no-roles', [], 'prov');
  unknownRole = makeUser('prov unknown-role', ['root'], 'prov');
  noUnitOfficer = makeUser('no-unit officer', ['officer'], null);
  USERS = [
    ...CODES.flatMap((code) => UNIT_ROLES.map((role) => U[code][role])),
    admin,
    cityAdmin,
    noRoles,
    unknownRole,
    noUnitOfficer,
  ];
  wf = expectStatus(await admin.client.get<WorkflowView>('/workflows/accountability'), 200).body;

  // Two cases about the same person, handled by the two counties.
  const shared = unique('shared-');
  base.prov = await open('prov, proposed', 'prov', U.prov.integration);
  base.city = await open('city, investigation', 'city', U.city.officer);
  base.countyA = await open('county-a, execution', 'county-a', U['county-a'].integration, {
    subjectRef: shared,
  });
  base.countyB = await open('county-b, notification', 'county-b', U['county-b'].officer, {
    subjectRef: shared,
  });
  base.countyAClosed = await open('county-a, declined', 'county-a', U['county-a'].officer);
  await Promise.all([
    walk('city', base.city.id, 'ACCEPT', 'APPROVE_INVESTIGATION'),
    (async () => {
      await walk('county-a', base.countyA.id, ...TO_DECISION);
      await decide('county-a', base.countyA.id);
      await walk('county-a', base.countyA.id, 'DELIVER');
    })(),
    (async () => {
      await walk('county-b', base.countyB.id, ...TO_DECISION);
      await decide('county-b', base.countyB.id);
    })(),
    walk('county-a', base.countyAClosed.id, 'PROPOSE_DECLINE', 'APPROVE_DECLINE'),
  ]);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

// ---------------------------------------------------------------------------------------------------

describe('the unit tree', () => {
  it('POST /units answers the unit; GET /units gives the whole tree to any role', async () => {
    for (const unit of TREE) {
      expect(created[unit.code].body).toMatchObject({
        code: unit.code,
        name: unit.name,
        parentCode: unit.parentCode,
        path: expect.any(String),
      });
      if (unit.parentCode) {
        const path = created[unit.code].body.path;
        const parentPath = created[unit.parentCode].body.path;
        expect({
          unit: unit.code,
          under: path.startsWith(parentPath) && path.length > parentPath.length,
        }).toEqual({ unit: unit.code, under: true });
      }
    }
    for (const user of [U['county-b'].officer, U.prov.integration, U['county-a'].supervisor, noUnitOfficer]) {
      const reply = await user.client.get<{ items: UnitView[] }>('/units');
      expect({ user: user.name, status: reply.status }).toEqual({ user: user.name, status: 200 });
      const byCode = new Map(reply.body.items.map((u) => [u.code, u]));
      for (const unit of TREE) {
        expect(byCode.get(unit.code)).toMatchObject({
          code: unit.code,
          name: unit.name,
          parentCode: unit.parentCode,
        });
      }
      // The unit every test app is seeded with.
      expect(byCode.has('test')).toBe(true);
    }
  });

  it('duplicate code 409, unknown parent 400, malformed code 400, non-admin 403; nothing is created', async () => {
    const units = async () =>
      expectStatus(await admin.client.get<{ items: UnitView[] }>('/units'), 200).body.items.length;
    const before = await units();
    const refusals: [User, unknown, number][] = [
      [admin, { code: 'city', name: 'Another city' }, 409],
      [admin, { code: 'county-a', name: 'Again', parentCode: 'city' }, 409],
      [admin, { code: unique('x-'), name: 'Orphan', parentCode: 'nowhere' }, 400],
      [admin, { code: '', name: 'Empty' }, 400],
      [admin, { code: 'a b', name: 'Space' }, 400],
      [admin, { code: 'a/b', name: 'Slash' }, 400],
      [admin, { code: 'a_b', name: 'Underscore' }, 400],
      [admin, { code: 'x'.repeat(65), name: 'Too long' }, 400],
      [admin, { code: 42, name: 'Not a string' }, 400],
      [admin, { name: 'No code' }, 400],
      [U.prov.supervisor, { code: unique('s-'), name: 'By a supervisor', parentCode: 'prov' }, 403],
      [U.prov.leader, { code: unique('l-'), name: 'By a leader', parentCode: 'prov' }, 403],
      [U.city.officer, { code: unique('o-'), name: 'By an officer', parentCode: 'city' }, 403],
      [noRoles, { code: unique('n-'), name: 'By nobody' }, 403],
    ];
    const got = [];
    for (const [user, body, status] of refusals) {
      const reply = await user.client.post('/units', body);
      got.push({ user: user.name, body, status: reply.status, expected: status });
    }
    expect(got.filter((g) => g.status !== g.expected)).toEqual([]);
    expect(await units()).toBe(before);
    // The longest code there may be, with every kind of character allowed; a root of its own, so that
    // it is in nobody's reach here.
    const longest = `A.b-9${'z'.repeat(59)}`;
    expect(longest).toHaveLength(64);
    const reply = await admin.client.post<UnitView>('/units', { code: longest, name: 'Edge' });
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 201, code: longest });
  });

  it('GET /me tells each user their unit and reach', async () => {
    const failures: string[] = [];
    for (const user of USERS) {
      const reply = await user.client.get<Me>('/me');
      // The contract names no roles for GET /me: a token without a known role may be refused it.
      if (reply.status === 403 && !mayUse(user, ENDPOINT_ROLES.caseRead)) continue;
      if (reply.status !== 200) {
        failures.push(`${user.name}: GET /me ${reply.status} ${JSON.stringify(reply.body)}`);
        continue;
      }
      const me = reply.body;
      const reach = reachOf(user);
      const got = {
        sub: me.sub,
        name: me.name,
        unit: me.unit ?? null,
        ...(user === noRoles || user === unknownRole
          ? {}
          : { roles: me.roles, reach: me.reach === 'all' ? 'all' : [...me.reach].sort() }),
      };
      const want = {
        sub: user.sub,
        name: user.sub,
        unit: user.unit,
        ...(user === noRoles || user === unknownRole
          ? {}
          : { roles: user.roles, reach: reach === 'all' ? 'all' : [...reach].sort() }),
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${user.name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      // Roles the catalogue does not declare count for nothing, and are not reported as held.
      if (user === unknownRole && me.roles.includes('root')) failures.push(`${user.name}: roles ${me.roles}`);
    }
    expect(failures).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

interface Check {
  user: User;
  path: string;
  status: number;
  /** A paged list: every page is read. */
  list?: boolean;
  /** What else a 200 must hold; returns the problems. */
  then?: (body: unknown, items: unknown[]) => string[];
}

function sameSet(what: string, got: Iterable<string>, want: Iterable<string>): string[] {
  const g = [...new Set(got)].sort();
  const w = [...new Set(want)].sort();
  if (JSON.stringify(g) === JSON.stringify(w)) return [];
  const extra = g.filter((x) => !w.includes(x)).map(describeId);
  const missing = w.filter((x) => !g.includes(x)).map(describeId);
  return [`${what}: extra ${JSON.stringify(extra)}, missing ${JSON.stringify(missing)}`];
}

function describeId(id: string): string {
  const k = known.get(id.split('#')[0]);
  return k ? `${id} (${k.label}, now ${k.unit})` : id;
}

/** The stage of a state path, as GET /stats counts it: its top-level state. */
function stageOf(state: string): string {
  return state.split(',')[0].split('.')[0];
}

describe('the read matrix: every read endpoint × every user × every case', () => {
  it('200 inside reach, 404 outside, 403 for roles the endpoint does not name; lists hold exactly what is within reach', async () => {
    // The references: what the admin (reach: all) gets, which must be every case of the file.
    const cases = await all<Summary>(admin.client, '/cases');
    const deadlines = await all<DeadlineItem>(admin.client, '/deadlines');
    const audit = await all<HistoryEntry>(admin.client, '/audit');
    expect([cases.status, deadlines.status, audit.status]).toEqual([200, 200, 200]);
    expect(
      sameSet(
        'admin: GET /cases',
        cases.items.map((c) => c.id),
        known.keys(),
      ),
    ).toEqual([]);
    const unitOf = (caseId: string) => known.get(caseId)?.unit ?? '(unknown case)';
    const subjects = [...new Set([...known.values()].map((k) => k.subjectId))];

    const checks: Check[] = [];
    for (const user of USERS) {
      const inReach = (k: Known) => reaches(user, k.unit);
      const mine = [...known.values()].filter(inReach);
      for (const k of Object.values(base)) {
        const ok = inReach(k);
        checks.push(
          {
            user,
            path: `/cases/${k.id}`,
            status: expectedStatus(user, ENDPOINT_ROLES.caseRead, ok),
            then: (body) => {
              const v = body as View;
              const problems: string[] = [];
              if (v.id !== k.id || v.unitId !== k.unit) problems.push(`id ${v.id}, unitId ${v.unitId}`);
              for (const link of v.links ?? [])
                if (!reaches(user, unitOf(link.caseId))) problems.push(`links ${describeId(link.caseId)}`);
              return problems;
            },
          },
          {
            user,
            path: `/cases/${k.id}/history`,
            status: expectedStatus(user, ENDPOINT_ROLES.record, ok),
            then: (body) => {
              const entries = body as HistoryEntry[];
              return entries.length > 0 && entries.every((e) => e.caseId === k.id)
                ? []
                : [`entries ${JSON.stringify(entries.map((e) => e.caseId))}`];
            },
          },
          {
            user,
            path: `/cases/${k.id}/verify`,
            status: expectedStatus(user, ENDPOINT_ROLES.record, ok),
            then: (body) => ((body as { ok: boolean }).ok ? [] : [`verify ${JSON.stringify(body)}`]),
          },
          {
            user,
            path: `/cases/${k.id}/dossier`,
            status: expectedStatus(user, ENDPOINT_ROLES.record, ok),
            then: (body) => {
              const d = body as { dossier: { case: View } };
              return d.dossier?.case?.id === k.id ? [] : [`dossier of ${d.dossier?.case?.id}`];
            },
          },
          {
            user,
            path: `/cases?q=${k.marker}`,
            status: expectedStatus(user, ENDPOINT_ROLES.caseRead, true),
            list: true,
            then: (_b, items) =>
              sameSet(
                'found',
                (items as Summary[]).map((c) => c.id),
                ok ? [k.id] : [],
              ),
          },
        );
      }
      for (const subjectId of subjects) {
        // A subject id is one case's record: asked for within reach, it gives every case of that person
        // (its ref) within reach; outside reach, nothing.
        const owner = [...known.values()].find((k) => k.subjectId === subjectId)!;
        const ofSubject = [...known.values()].filter((k) => k.subjectRef === owner.subjectRef);
        const visible = inReach(owner) ? ofSubject.filter(inReach).map((k) => k.id) : [];
        checks.push({
          user,
          path: `/subjects/${subjectId}`,
          status: expectedStatus(user, ENDPOINT_ROLES.record, visible.length > 0),
          then: (body) => {
            const r = body as SubjectRecord;
            const outside = [...r.measures, ...r.impactPeriods]
              .map((m) => m.caseId)
              .filter((id) => !visible.includes(id));
            return [
              ...sameSet(
                'cases',
                r.cases.map((c) => c.id),
                visible,
              ),
              ...(outside.length ? [`measures of ${JSON.stringify(outside.map(describeId))}`] : []),
            ];
          },
        });
      }
      checks.push({
        user,
        path: '/cases',
        status: expectedStatus(user, ENDPOINT_ROLES.caseRead, true),
        list: true,
        then: (_b, items) => {
          const summaries = items as Summary[];
          const wrongUnit = summaries.filter((c) => c.unitId !== unitOf(c.id)).map((c) => c.id);
          return [
            ...sameSet(
              'cases',
              summaries.map((c) => c.id),
              mine.map((k) => k.id),
            ),
            ...(wrongUnit.length ? [`unitId wrong on ${JSON.stringify(wrongUnit.map(describeId))}`] : []),
          ];
        },
      });
      for (const code of CODES) {
        const leaf = subtree(code).size === 1;
        checks.push({
          user,
          path: `/cases?unitId=${code}`,
          status: expectedStatus(user, ENDPOINT_ROLES.caseRead, true),
          list: true,
          then: (_b, items) => {
            const ids = (items as Summary[]).map((c) => c.id);
            const stray = ids.filter((id) => !reaches(user, unitOf(id)) || !subtree(code).has(unitOf(id)));
            return [
              ...(stray.length
                ? [`outside the filter or reach: ${JSON.stringify(stray.map(describeId))}`]
                : []),
              // A unit without units below: exactly its cases within reach.
              ...(leaf
                ? sameSet(
                    'cases',
                    ids,
                    mine.filter((k) => k.unit === code).map((k) => k.id),
                  )
                : []),
            ];
          },
        });
      }
      checks.push(
        {
          user,
          path: '/deadlines',
          status: expectedStatus(user, ENDPOINT_ROLES.deadlines, true),
          list: true,
          then: (_b, items) =>
            sameSet(
              'deadlines',
              (items as DeadlineItem[]).map((d) => `${d.caseId}#${d.id}`),
              deadlines.items
                .filter((d) => reaches(user, unitOf(d.caseId)))
                .map((d) => `${d.caseId}#${d.id}`),
            ),
        },
        {
          user,
          path: '/audit',
          status: expectedStatus(user, ENDPOINT_ROLES.audit, true),
          list: true,
          then: (_b, items) =>
            sameSet(
              'audit entries',
              (items as HistoryEntry[]).map((e) => `${e.caseId}#${e.seq}`),
              audit.items.filter((e) => reaches(user, unitOf(e.caseId))).map((e) => `${e.caseId}#${e.seq}`),
            ),
        },
        {
          user,
          path: '/stats',
          status: expectedStatus(user, ENDPOINT_ROLES.stats, true),
          then: (body) => {
            const got: Record<string, number> = {};
            for (const s of (body as Stats).casesByStage) if (s.count) got[s.stage] = s.count;
            const want: Record<string, number> = {};
            for (const c of cases.items)
              if (reaches(user, unitOf(c.id))) want[stageOf(c.state)] = (want[stageOf(c.state)] ?? 0) + 1;
            return JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(want).sort())
              ? []
              : [`casesByStage ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`];
          },
        },
        {
          user,
          path: '/access-log',
          status: expectedStatus(user, ENDPOINT_ROLES.accessLog, true),
          list: true,
          then: (_b, items) => {
            const outside = (items as AccessEntry[])
              .filter((e) => e.caseId != null && !reaches(user, unitOf(e.caseId)))
              .map((e) => `${e.action} ${describeId(e.caseId!)}`);
            return outside.length ? [`entries about cases outside reach: ${JSON.stringify(outside)}`] : [];
          },
        },
      );
    }

    const failures: string[] = [];
    await inBatches(checks, 12, async (check) => {
      const { user, path } = check;
      let status: number;
      let body: unknown;
      let items: unknown[] = [];
      if (check.list) {
        ({ status, body, items } = await all(user.client, path));
      } else {
        ({ status, body } = await user.client.get(path));
      }
      if (status !== check.status) {
        failures.push(`${user.name} GET ${path}: ${status}, expected ${check.status}`);
      } else if (status === 200 && check.then) {
        for (const problem of check.then(body, items)) failures.push(`${user.name} GET ${path}: ${problem}`);
      }
    });
    expect(failures).toEqual([]);
    // The matrix is no walk through open doors: each kind of answer is asked for many times.
    for (const status of [200, 403, 404])
      expect({ status, many: checks.filter((c) => c.status === status).length > 100 }).toEqual({
        status,
        many: true,
      });
    expect(checks.length).toBeGreaterThan(900);
  }, 240_000);

  it('outside reach, a 404 says no more than for a case or subject that does not exist', async () => {
    const user = U['county-b'].officer;
    const k = base.countyAClosed;
    const missingCase = '00000000-0000-4000-8000-000000000000';
    const missingSubject = unique('nobody-');
    const pairs: [string, string, string, string][] = [
      [`/cases/${k.id}`, `/cases/${missingCase}`, k.id, missingCase],
      [`/cases/${k.id}/history`, `/cases/${missingCase}/history`, k.id, missingCase],
      [`/cases/${k.id}/verify`, `/cases/${missingCase}/verify`, k.id, missingCase],
      [`/cases/${k.id}/dossier`, `/cases/${missingCase}/dossier`, k.id, missingCase],
      [`/subjects/${k.subjectRef}`, `/subjects/${missingSubject}`, k.subjectRef, missingSubject],
      [`/subjects/${k.subjectId}`, `/subjects/${missingCase}`, k.subjectId, missingCase],
    ];
    const got = [];
    for (const [outside, missing, outsideId, missingId] of pairs) {
      const [a, b] = [await user.client.get(outside), await user.client.get(missing)];
      got.push({
        path: outside,
        outside: [a.status, JSON.stringify(a.body).split(outsideId).join('<id>')],
        missing: [b.status, JSON.stringify(b.body).split(missingId).join('<id>')],
      });
    }
    const event = await user.client.send(k.id, 'ACCEPT', {});
    const eventMissing = await user.client.send(missingCase, 'ACCEPT', {});
    got.push({
      path: `POST /cases/${k.id}/events`,
      outside: [event.status, JSON.stringify(event.body).split(k.id).join('<id>')],
      missing: [eventMissing.status, JSON.stringify(eventMissing.body).split(missingCase).join('<id>')],
    });
    for (const g of got) {
      expect({ path: g.path, status: g.outside[0] }).toEqual({ path: g.path, status: 404 });
      expect({ path: g.path, body: g.outside[1] }).toEqual({ path: g.path, body: g.missing[1] });
    }
  });
});

// ---------------------------------------------------------------------------------------------------

describe('opening cases for a unit', () => {
  it('a unit outside one’s own unit and those below: 403; an unknown unit: 400; nothing written', async () => {
    const before = await written();
    const attempts: [User, string, number][] = [
      [U['county-a'].officer, 'city', 403],
      [U['county-a'].officer, 'prov', 403],
      [U['county-a'].officer, 'county-b', 403],
      [U['county-a'].integration, 'county-b', 403],
      [U.city.integration, 'prov', 403],
      [noUnitOfficer, 'county-a', 403],
      [U['county-a'].officer, 'nowhere', 400],
      [U.prov.integration, 'no such unit', 400],
    ];
    const got = [];
    for (const [user, unitId, status] of attempts) {
      const reply = await user.client.post('/cases', {
        ...openBody({ businessKey: unique('refused-') }),
        unitId,
      });
      got.push({ user: user.name, unitId, status: reply.status, expected: status, body: reply.body });
    }
    expect(got.filter((g) => g.status !== g.expected)).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it('for one’s own unit or one below: 201, and the case is that unit’s; without unitId, the caller’s unit', async () => {
    const below = await open('county-a, opened by the city', 'county-a', U.city.integration);
    expect((await adminView(below.id)).unitId).toBe('county-a');
    expectStatus(await U['county-a'].officer.client.get(`/cases/${below.id}`), 200);
    expectStatus(await U['county-b'].officer.client.get(`/cases/${below.id}`), 404);

    const own = await open('prov, opened by prov', 'prov', U.prov.officer);
    expect((await adminView(own.id)).unitId).toBe('prov');

    const reply = await U['county-b'].officer.client.post<View>('/cases', openBody());
    expect({ status: reply.status, unitId: reply.body.unitId }).toEqual({ status: 201, unitId: 'county-b' });
    known.set(reply.body.id, {
      label: 'county-b, opened without unitId',
      id: reply.body.id,
      businessKey: reply.body.businessKey,
      marker: reply.body.businessKey,
      unit: 'county-b',
      subjectId: reply.body.subject.id,
      subjectRef: reply.body.subject.ref,
    });
    expectStatus(await U['county-a'].officer.client.get(`/cases/${reply.body.id}`), 404);
  });
});

// ---------------------------------------------------------------------------------------------------

function rolesOf(type: string): string[] {
  return wf.events.find((e) => e.type === type)?.roles ?? [];
}

/** A user of `role` in `unit`: one of the set-up users, or a new one for a role no unit user has. */
function userWith(role: string, unit: UnitCode): User {
  if ((UNIT_ROLES as readonly string[]).includes(role)) return U[unit][role as UnitRole];
  if (role === 'admin' && unit === 'city') return cityAdmin;
  return makeUser(`${unit} ${role}`, [role], unit);
}

interface Attempt {
  user: User;
  type: string;
  payload: unknown;
  status: number;
}

/** Sends each attempt for real; returns the ones whose answer was not the expected status. */
async function attempt(caseId: string, attempts: Attempt[]) {
  const wrong = [];
  for (const a of attempts) {
    const reply = await a.user.client.send(caseId, a.type, a.payload);
    if (reply.status !== a.status)
      wrong.push({
        user: a.user.name,
        type: a.type,
        payload: a.payload,
        status: reply.status,
        expected: a.status,
        body: reply.body,
      });
  }
  return wrong;
}

describe('acting on a case: the case’s own unit, and the exceptions for the unit above', () => {
  it('the workflow declares the jurisdiction events and their roles', () => {
    expect(rolesOf('TRANSFER_JURISDICTION')).toContain('officer');
    expect(rolesOf('TAKE_OVER')).toContain('leader');
    expect(rolesOf('CORRECT_DECISION').length).toBeGreaterThan(0);
  });

  it('an ordinary event from a unit above is 403, from outside reach 404, and writes nothing; the own unit acts', async () => {
    const c = await open('county-a, acted on', 'county-a', U['county-a'].integration);
    const before = await transitionsOf(c.id);
    const dry = await U['county-a'].officer.client.post(`/cases/${c.id}/events?dryRun=true`, {
      type: 'ACCEPT',
    });
    expect(dry.status).toBe(200);
    expect(
      await attempt(c.id, [
        { user: U.city.officer, type: 'ACCEPT', payload: {}, status: 403 },
        { user: U.prov.officer, type: 'ACCEPT', payload: {}, status: 403 },
        { user: U['county-b'].officer, type: 'ACCEPT', payload: {}, status: 404 },
        { user: noUnitOfficer, type: 'ACCEPT', payload: {}, status: 404 },
      ]),
    ).toEqual([]);
    expect(await transitionsOf(c.id)).toBe(before);
    expect((await adminView(c.id)).state).toBe('proposed');

    expectStatus(await U['county-a'].officer.client.send(c.id, 'ACCEPT', {}), 200);
    const approve = { type: 'APPROVE_INVESTIGATION', payload: {} };
    expect(
      await attempt(c.id, [
        { user: U.city.leader, ...approve, status: 403 },
        { user: U.prov.leader, ...approve, status: 403 },
        { user: U['county-b'].leader, ...approve, status: 404 },
      ]),
    ).toEqual([]);
    expect(await transitionsOf(c.id)).toBe(before + 1);
    expectStatus(await U['county-a'].leader.client.send(c.id, 'APPROVE_INVESTIGATION', {}), 200);
    expect((await adminView(c.id)).state).toBe('investigation');
  });

  it('CORRECT_DECISION (纠错) is taken from the unit above, not from outside reach', async () => {
    const roles = rolesOf('CORRECT_DECISION');
    const role = roles.find((r) => (UNIT_ROLES as readonly string[]).includes(r)) ?? roles[0];
    const reason = { reason: 'the decision misread the facts' };

    // In notification, corrected by the city.
    const c = await open('county-a, corrected by the city', 'county-a', U['county-a'].integration);
    await walk('county-a', c.id, ...TO_DECISION);
    await decide('county-a', c.id);
    const before = await transitionsOf(c.id);
    expect(
      await attempt(c.id, [
        { user: userWith(role, 'county-b'), type: 'CORRECT_DECISION', payload: reason, status: 404 },
      ]),
    ).toEqual([]);
    expect(await transitionsOf(c.id)).toBe(before);
    const reply = await userWith(role, 'city').client.send(c.id, 'CORRECT_DECISION', reason);
    expect({ role, status: reply.status, body: reply.status === 200 ? null : reply.body }).toEqual({
      role,
      status: 200,
      body: null,
    });
    expect(await adminView(c.id)).toMatchObject({
      status: 'closed',
      outcome: 'corrected',
      unitId: 'county-a',
    });

    // In execution, corrected by the province.
    const d = await open('county-a, corrected by the province', 'county-a', U['county-a'].officer);
    await walk('county-a', d.id, ...TO_DECISION);
    await decide('county-a', d.id);
    await walk('county-a', d.id, 'DELIVER');
    expectStatus(await userWith(role, 'prov').client.send(d.id, 'CORRECT_DECISION', reason), 200);
    expect(await adminView(d.id)).toMatchObject({
      status: 'closed',
      outcome: 'corrected',
      unitId: 'county-a',
    });
  });

  it('TRANSFER_JURISDICTION (移送管辖) county-a → county-b: in the history; county-a loses it, county-b acts, the city still reads', async () => {
    const c = await open('county-a, transferred to county-b', 'county-a', U['county-a'].integration);
    await walk('county-a', c.id, 'ACCEPT');
    const to = (unitId: string) => ({ unitId, reason: 'the subject works in county B' });
    const before = await written();
    expect(
      await attempt(c.id, [
        // Own unit only: the city may read the case, but this is not its event.
        { user: U.city.officer, type: 'TRANSFER_JURISDICTION', payload: to('county-b'), status: 403 },
        { user: U['county-a'].leader, type: 'TRANSFER_JURISDICTION', payload: to('county-b'), status: 403 },
        { user: U['county-b'].officer, type: 'TRANSFER_JURISDICTION', payload: to('county-b'), status: 404 },
      ]),
    ).toEqual([]);
    expect(await written()).toEqual(before);
    expect((await adminView(c.id)).unitId).toBe('county-a');

    const moved = await U['county-a'].officer.client.send(c.id, 'TRANSFER_JURISDICTION', to('county-b'));
    expect({ status: moved.status, body: moved.status === 200 ? null : moved.body }).toEqual({
      status: 200,
      body: null,
    });
    expect(await adminView(c.id)).toMatchObject({ unitId: 'county-b', state: 'pendingApproval' });

    const entries = expectStatus(
      await U['county-b'].officer.client.get<HistoryEntry[]>(`/cases/${c.id}/history`),
      200,
    ).body;
    expect(entries.at(-1)).toMatchObject({
      type: 'TRANSFER_JURISDICTION',
      payload: { unitId: 'county-b' },
      actor: { sub: U['county-a'].officer.sub },
    });

    // County A: gone.
    for (const user of [U['county-a'].officer, U['county-a'].leader, U['county-a'].supervisor]) {
      expect({ user: user.name, status: (await user.client.get(`/cases/${c.id}`)).status }).toEqual({
        user: user.name,
        status: 404,
      });
    }
    expect(
      (await all<Summary>(U['county-a'].supervisor.client, '/cases')).items.map((s) => s.id),
    ).not.toContain(c.id);
    expect(
      await attempt(c.id, [
        { user: U['county-a'].leader, type: 'APPROVE_INVESTIGATION', payload: {}, status: 404 },
      ]),
    ).toEqual([]);
    // County B: acts.
    expectStatus(await U['county-b'].leader.client.send(c.id, 'APPROVE_INVESTIGATION', {}), 200);
    expect(
      (await all<Summary>(U['county-b'].officer.client, '/cases?unitId=county-b')).items.map((s) => s.id),
    ).toContain(c.id);
    // The city: reads it, now as county-b's, but may not act.
    const seen = expectStatus(await U.city.officer.client.get<View>(`/cases/${c.id}`), 200).body;
    expect({ unitId: seen.unitId, state: seen.state }).toEqual({
      unitId: 'county-b',
      state: 'investigation',
    });
    expect(
      (await all<Summary>(U.city.supervisor.client, '/cases?unitId=county-b')).items.map((s) => s.id),
    ).toContain(c.id);
    expect(
      await attempt(c.id, [
        { user: U.city.officer, type: 'RECORD_STATEMENT', payload: SAMPLE.RECORD_STATEMENT, status: 403 },
      ]),
    ).toEqual([]);
  });

  it('TAKE_OVER (提级管辖) by a city leader moves a county-a case to the city; 指定管辖 by the province to county-b', async () => {
    const c = await open('county-a, taken over by the city', 'county-a', U['county-a'].integration);
    await walk('county-a', c.id, 'ACCEPT', 'APPROVE_INVESTIGATION');
    const to = (unitId: string) => ({ unitId, reason: 'major case: handled one level up' });
    const before = await written();
    expect(
      await attempt(c.id, [
        { user: U.city.officer, type: 'TAKE_OVER', payload: to('city'), status: 403 },
        { user: U['county-b'].leader, type: 'TAKE_OVER', payload: to('county-b'), status: 404 },
      ]),
    ).toEqual([]);
    expect(await written()).toEqual(before);

    const moved = await U.city.leader.client.send(c.id, 'TAKE_OVER', to('city'));
    expect({ status: moved.status, body: moved.status === 200 ? null : moved.body }).toEqual({
      status: 200,
      body: null,
    });
    expect(await adminView(c.id)).toMatchObject({ unitId: 'city', state: 'investigation' });
    const entries = expectStatus(
      await U.city.officer.client.get<HistoryEntry[]>(`/cases/${c.id}/history`),
      200,
    ).body;
    expect(entries.at(-1)).toMatchObject({
      type: 'TAKE_OVER',
      payload: { unitId: 'city' },
      actor: { sub: U.city.leader.sub },
    });
    expect((await U['county-a'].officer.client.get(`/cases/${c.id}`)).status).toBe(404);
    expect(
      await attempt(c.id, [
        {
          user: U['county-a'].officer,
          type: 'RECORD_STATEMENT',
          payload: SAMPLE.RECORD_STATEMENT,
          status: 404,
        },
      ]),
    ).toEqual([]);
    expectStatus(await U.city.officer.client.send(c.id, 'RECORD_STATEMENT', SAMPLE.RECORD_STATEMENT), 200);
    expectStatus(await U.prov.supervisor.client.get(`/cases/${c.id}`), 200);

    // Designation: the province hands a county-a case to county-b.
    const d = await open('county-a, designated to county-b', 'county-a', U['county-a'].officer);
    expectStatus(await U.prov.leader.client.send(d.id, 'TAKE_OVER', to('county-b')), 200);
    expect((await adminView(d.id)).unitId).toBe('county-b');
    expect((await U['county-a'].officer.client.get(`/cases/${d.id}`)).status).toBe(404);
    expectStatus(await U['county-b'].officer.client.send(d.id, 'ACCEPT', {}), 200);
  });

  it('neither moves a case in a state that does not take it (422), nor writes anything', async () => {
    const before = await written();
    const executing = base.countyA;
    const closed = base.countyAClosed;
    expect(
      await attempt(executing.id, [
        { user: U.city.leader, type: 'TAKE_OVER', payload: { unitId: 'city', reason: 'late' }, status: 422 },
        {
          user: U['county-a'].officer,
          type: 'TRANSFER_JURISDICTION',
          payload: { unitId: 'county-b', reason: 'late' },
          status: 422,
        },
      ]),
    ).toEqual([]);
    expect(
      await attempt(closed.id, [
        {
          user: U['county-a'].officer,
          type: 'TRANSFER_JURISDICTION',
          payload: { unitId: 'county-b', reason: 'closed' },
          status: 422,
        },
      ]),
    ).toEqual([]);
    expect(await written()).toEqual(before);
    expect((await adminView(executing.id)).unitId).toBe('county-a');
    expect((await adminView(closed.id)).unitId).toBe('county-a');
  });

  it('moving a case to a unit that does not exist: 400, and nothing is written', async () => {
    const c = await open('county-a, sent nowhere', 'county-a', U['county-a'].integration);
    await walk('county-a', c.id, 'ACCEPT');
    const revision = (await adminView(c.id)).revision;
    const got = [];
    for (const [user, type] of [
      [U['county-a'].officer, 'TRANSFER_JURISDICTION'],
      [U.city.leader, 'TAKE_OVER'],
    ] as const) {
      const before = await written();
      const reply = await user.client.send(c.id, type, { unitId: 'nowhere', reason: 'no such unit' });
      const view = await adminView(c.id);
      got.push({
        type,
        status: reply.status,
        written: (await written()).map((n, i) => n - before[i]),
        revision: view.revision,
        unitId: view.unitId,
      });
    }
    expect(got).toEqual(
      ['TRANSFER_JURISDICTION', 'TAKE_OVER'].map((type) => ({
        type,
        status: 400,
        written: [0, 0, 0, 0],
        revision,
        unitId: 'county-a',
      })),
    );
  });
});

// ---------------------------------------------------------------------------------------------------

/** Where in `value` a string contains `needle`, as JSON paths. */
function pathsOf(value: unknown, needle: string, path = '$'): string[] {
  if (typeof value === 'string') return value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => pathsOf(v, needle, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => pathsOf(v, needle, `${path}.${key}`));
  return [];
}

/** The cases outside the user's reach that the answer names (by id, business key or title marker). */
function leaks(user: User, requested: string, body: unknown): string[] {
  const out = new Set<string>();
  for (const k of known.values()) {
    if (reaches(user, k.unit)) continue;
    for (const token of new Set([k.id, k.businessKey, k.marker])) {
      // The user's own words (a 404 repeats the id asked for) are no disclosure.
      if (requested.includes(token)) continue;
      for (const at of pathsOf(body, token)) {
        // A linked case names, by id only, the case that opened it: the id is part of its own
        // immutable history (replayed by verify), and reading it answers 404 like any unknown id.
        if (token === k.id && at.endsWith('.linkedFrom.caseId')) continue;
        out.add(`${at} names ${k.label} (${k.unit})`);
      }
    }
  }
  return [...out];
}

describe('links between cases of different units', () => {
  let parent: Known;
  let linked: Known;

  beforeAll(async () => {
    // 一案双查: the decision opens a linked case, which is then transferred to county-b.
    parent = await open('county-a, parent of a linked case', 'county-a', U['county-a'].integration);
    await walk('county-a', parent.id, ...TO_DECISION);
    const marker = unique('M');
    const view = await decide('county-a', parent.id, {
      ...SAMPLE.DECIDE,
      alsoInvestigate: [
        {
          subject: {
            ref: unique('lk-'),
            kind: 'individual',
            name: 'Li Si',
            organisation: 'County Water Bureau',
          },
          responsibility: 'importantLeadership',
          title: `Case ${marker} (linked)`,
        },
      ],
    });
    const link = view.links.find((l) => l.direction === 'opened');
    if (!link) throw new Error(`the decision opened no linked case: ${JSON.stringify(view.links)}`);
    const l = await adminView(link.caseId);
    linked = {
      label: 'linked case, transferred to county-b',
      id: l.id,
      businessKey: l.businessKey,
      // Its title was written by county-a's decision (and stays in that case's history): it is no
      // disclosure when county-a reads it, so only the id and business key count as naming this case.
      marker: l.id,
      unit: l.unitId,
      subjectId: l.subject.id,
      subjectRef: l.subject.ref,
    };
    known.set(l.id, linked);
  }, 60_000);

  it('the linked case is handled by the unit of the case that opened it', () => {
    expect(linked.unit).toBe('county-a');
  });

  it('moved to county-b, each county’s view leaves out the link to the other’s case; the city sees both links', async () => {
    const sender = U[linked.unit as UnitCode]?.officer ?? U['county-a'].officer;
    expectStatus(
      await sender.client.send(linked.id, 'TRANSFER_JURISDICTION', {
        unitId: 'county-b',
        reason: 'lives there',
      }),
      200,
    );
    expect((await adminView(linked.id)).unitId).toBe('county-b');

    const fromCity = expectStatus(await U.city.officer.client.get<View>(`/cases/${parent.id}`), 200).body;
    expect(fromCity.links.map((l) => l.caseId)).toContain(linked.id);
    const linkedFromCity = expectStatus(
      await U.city.officer.client.get<View>(`/cases/${linked.id}`),
      200,
    ).body;
    expect(linkedFromCity.links.map((l) => l.caseId)).toContain(parent.id);

    const fromA = expectStatus(await U['county-a'].officer.client.get<View>(`/cases/${parent.id}`), 200).body;
    expect(fromA.links.map((l) => l.caseId)).not.toContain(linked.id);
    const fromB = expectStatus(await U['county-b'].officer.client.get<View>(`/cases/${linked.id}`), 200).body;
    expect(fromB.links.map((l) => l.caseId)).not.toContain(parent.id);
  });

  it('nothing else in either county’s view, history or dossier names the other county’s case', async () => {
    const found: string[] = [];
    for (const [user, k] of [
      [U['county-a'].officer, parent],
      [U['county-b'].officer, linked],
    ] as const) {
      for (const suffix of ['', '/history', '/dossier']) {
        const path = `/cases/${k.id}${suffix}`;
        const reply = await user.client.get(path);
        expect({ path, status: reply.status }).toEqual({ path, status: 200 });
        found.push(...leaks(user, path, reply.body).map((l) => `${user.name} GET ${path}: ${l}`));
      }
    }
    expect(found).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('property: no answer names a case outside the user’s reach', () => {
  it('whatever a user asks — lists and searches with any filters, any case, subject, deadlines, audit, stats', async () => {
    const cases = [...known.values()];
    // Each filter is left out three times in four: with all of them set, most lists would be empty.
    const option = <T>(arb: fc.Arbitrary<T>) =>
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: arb as fc.Arbitrary<T | undefined>, weight: 1 },
      );
    const query = (fields: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(fields))
        if (value !== undefined) params.set(key, String(value));
      const s = params.toString();
      return s ? `?${s}` : '';
    };
    const anyCase = fc.constantFrom(...cases);
    const words = fc.oneof(
      anyCase.map((k) => k.marker),
      anyCase.map((k) => k.businessKey),
      fc.constantFrom('Case', 'jur-', 'linked', 'county', 'Landslide'),
    );
    const request = fc.oneof(
      fc
        .record({
          status: option(fc.constantFrom('active', 'closed')),
          state: option(
            fc.constantFrom('proposed', 'investigation', 'decision', 'notification', 'execution', 'closed'),
          ),
          q: option(words),
          unitId: option(fc.constantFrom(...CODES, 'test')),
          subjectId: option(anyCase.map((k) => k.subjectId)),
          overdue: option(fc.constantFrom('true', 'false')),
          limit: option(fc.integer({ min: 1, max: 100 })),
        })
        .map((f) => `/cases${query(f)}`),
      fc
        .tuple(fc.constantFrom('', '/history', '/verify', '/dossier'), anyCase)
        .map(([suffix, k]) => `/cases/${k.id}${suffix}`),
      fc
        .tuple(fc.boolean(), anyCase)
        .map(([byRef, k]) => `/subjects/${encodeURIComponent(byRef ? k.subjectRef : k.subjectId)}`),
      fc
        .record({
          status: option(fc.constantFrom('pending', 'fired', 'cancelled')),
          kind: option(fc.constantFrom('investigation', 'delivery', 'execution', 'appealWindow')),
          overdue: option(fc.constantFrom('true', 'false')),
          limit: option(fc.integer({ min: 1, max: 100 })),
        })
        .map((f) => `/deadlines${query(f)}`),
      fc
        .record({
          caseId: option(anyCase.map((k) => k.id)),
          actor: option(fc.constantFrom(...USERS.map((u) => u.sub))),
          type: option(fc.constantFrom('ACCEPT', 'DECIDE', 'TRANSFER_JURISDICTION', 'TAKE_OVER')),
          limit: option(fc.integer({ min: 1, max: 100 })),
        })
        .map((f) => `/audit${query(f)}`),
      fc.constant('/stats'),
    );
    const byName = new Map(USERS.map((u) => [u.name, u]));
    const problems = new Map<string, string>();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...USERS.map((u) => u.name)),
        fc.array(request, { minLength: 1, maxLength: 4 }),
        async (name, paths) => {
          const user = byName.get(name)!;
          for (const path of paths) {
            const reply = await user.client.get(path);
            if (reply.status === 200) answered++;
            // One line per kind of problem (endpoint, where in the answer), with the first example.
            const endpoint = `${path
              .split('?')[0]
              .replace(/[0-9a-f-]{36}/g, ':id')
              .replace(/^\/subjects\/.+/, '/subjects/:id')}`;
            if (reply.status >= 500) problems.set(`${endpoint} ${reply.status}`, `${name} GET ${path}`);
            for (const leak of leaks(user, path, reply.body)) {
              const kind = `${endpoint} ${leak.replace(/\[\d+\]/g, '[]').replace(/ names .*/, '')}`;
              if (!problems.has(kind)) problems.set(kind, `${name} GET ${path}: ${leak}`);
            }
          }
          // Every problem is collected (not just the first): the expectation below lists them all.
          return true;
        },
      ),
      { numRuns: 100 },
    );
    expect([...problems.entries()].map(([kind, example]) => `${kind} — e.g. ${example}`)).toEqual([]);
    expect(answered).toBeGreaterThan(50);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------

describe('the access log (查阅登记)', () => {
  let reader: User;
  let reads: {
    action: string;
    path: string;
    requestId: string;
    caseId?: string;
    subjectId?: string;
    resultCount?: number;
  }[];
  let entries: AccessEntry[];

  beforeAll(async () => {
    // A supervisor of county-a with a sub of its own: their reads are exactly the ones below.
    reader = makeUser(unique('reader-'), ['supervisor'], 'county-a');
    const a = base.countyA;
    reads = [
      { action: 'case.read', path: `/cases/${a.id}`, caseId: a.id },
      { action: 'case.history', path: `/cases/${a.id}/history`, caseId: a.id },
      { action: 'case.verify', path: `/cases/${a.id}/verify`, caseId: a.id },
      { action: 'case.dossier', path: `/cases/${a.id}/dossier`, caseId: a.id },
      { action: 'subject.read', path: `/subjects/${a.subjectId}`, subjectId: a.subjectId },
      { action: 'case.list', path: '/cases?limit=100' },
      { action: 'case.list', path: `/cases?q=${a.marker}` },
      { action: 'deadline.list', path: '/deadlines?limit=100' },
      { action: 'audit.search', path: '/audit?limit=7' },
      { action: 'stats.read', path: '/stats' },
    ].map((r, i) => ({ ...r, requestId: `${reader.sub}-${i}` }));
    for (const r of reads) {
      const reply = await reader.client.get<{ items?: unknown[] }>(r.path, { 'x-request-id': r.requestId });
      expectStatus(reply, 200);
      expect(reply.headers.get('x-request-id')).toBe(r.requestId);
      if (r.action.endsWith('.list') || r.action === 'audit.search') r.resultCount = reply.body.items!.length;
    }
    entries = (await all<AccessEntry>(U.city.supervisor.client, `/access-log?actor=${reader.sub}`)).items;
  }, 60_000);

  it('a supervisor of a unit above sees exactly those reads, newest first, each with its request id', () => {
    expect(entries.map((e) => e.requestId).sort()).toEqual(reads.map((r) => r.requestId).sort());
    const byRequest = new Map(entries.map((e) => [e.requestId, e]));
    for (const r of reads) {
      const e = byRequest.get(r.requestId)!;
      expect({ path: r.path, entry: e }).toMatchObject({
        path: r.path,
        entry: {
          id: expect.anything(),
          at: expect.any(String),
          action: r.action,
          actor: { sub: reader.sub, roles: ['supervisor'], unit: 'county-a' },
          ...(r.caseId !== undefined && { caseId: r.caseId, unitId: 'county-a' }),
          ...(r.subjectId !== undefined && { subjectId: r.subjectId }),
          ...(r.resultCount !== undefined && { resultCount: r.resultCount }),
        },
      });
    }
    const times = entries.map((e) => Date.parse(e.at));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1])).toBe(true);
    if (new Set(times).size === times.length) {
      expect(entries.map((e) => e.requestId)).toEqual(reads.map((r) => r.requestId).reverse());
    }
  });

  it('the supervisors of the unit itself and of the province see the same; admin too', async () => {
    for (const user of [U['county-a'].supervisor, U.prov.supervisor, admin]) {
      const got = (await all<AccessEntry>(user.client, `/access-log?actor=${reader.sub}`)).items;
      expect({ user: user.name, ids: got.map((e) => e.id) }).toEqual({
        user: user.name,
        ids: entries.map((e) => e.id),
      });
    }
  });

  it('filters: action, caseId, subjectId, from/to; cursor paging gives the same entries in the same order', async () => {
    const list = async (q: string) =>
      (await all<AccessEntry>(U.city.supervisor.client, `/access-log?actor=${reader.sub}&${q}`)).items;
    const a = base.countyA;
    expect((await list('action=case.dossier')).map((e) => e.requestId)).toEqual([`${reader.sub}-3`]);
    expect((await list('action=case.list')).map((e) => e.requestId).sort()).toEqual([
      `${reader.sub}-5`,
      `${reader.sub}-6`,
    ]);
    expect((await list(`caseId=${a.id}`)).map((e) => e.action).sort()).toEqual(
      ['case.dossier', 'case.history', 'case.read', 'case.verify'].sort(),
    );
    expect((await list(`subjectId=${a.subjectId}`)).map((e) => e.action)).toEqual(['subject.read']);
    const times = entries.map((e) => Date.parse(e.at));
    const first = new Date(Math.min(...times)).toISOString();
    const afterLast = new Date(Math.max(...times) + 1).toISOString();
    const beforeFirst = new Date(Math.min(...times) - 1).toISOString();
    expect(await list(`from=${first}&to=${afterLast}`)).toHaveLength(reads.length);
    expect(await list(`from=${afterLast}`)).toEqual([]);
    expect(await list(`to=${beforeFirst}`)).toEqual([]);

    const paged: AccessEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = `/access-log?actor=${reader.sub}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: Page<AccessEntry> = expectStatus(
        await U.city.supervisor.client.get<Page<AccessEntry>>(url),
        200,
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && ++pages < 20);
    expect(paged.map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('a county-b supervisor sees nothing about county-a’s cases', async () => {
    const b = U['county-b'].supervisor;
    const mine = await all<AccessEntry>(b.client, `/access-log?actor=${reader.sub}`);
    expect(mine.status).toBe(200);
    expect(mine.items.filter((e) => e.caseId != null)).toEqual([]);
    const aboutA = await all<AccessEntry>(b.client, `/access-log?caseId=${base.countyA.id}`);
    expect({ status: aboutA.status, items: aboutA.items }).toEqual({ status: 200, items: [] });
    // The whole of what county-b's supervisor sees: only entries of their own subtree, about cases that were never outside it.
    const everything = await all<AccessEntry>(b.client, '/access-log');
    const never = [base.prov, base.city, base.countyA, base.countyAClosed].map((k) => k.id);
    expect(
      everything.items
        .filter(
          (e) =>
            (e.caseId != null && never.includes(e.caseId)) || (e.unitId != null && !reaches(b, e.unitId)),
        )
        .map((e) => `${e.action} ${e.caseId} ${e.unitId}`),
    ).toEqual([]);
  });

  it('GET /access-log is for supervisors and admins only', async () => {
    for (const user of [
      U.prov.officer,
      U.prov.leader,
      U.prov.committee,
      U.prov.integration,
      noRoles,
      unknownRole,
    ]) {
      expect({ user: user.name, status: (await user.client.get('/access-log')).status }).toEqual({
        user: user.name,
        status: 403,
      });
    }
  });

  it('the database refuses UPDATE and DELETE on access_log', async () => {
    const columns =
      app.store.kind === 'postgres'
        ? await app.store.query<{ name: string }>(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'access_log' ORDER BY ordinal_position",
          )
        : await app.store.query<{ name: string }>("SELECT name FROM pragma_table_info('access_log')");
    expect(columns.length).toBeGreaterThan(0);
    const column = columns[0].name;
    const rows = await count('access_log');
    expect(rows).toBeGreaterThan(0);
    const failure = async (sql: string) => {
      try {
        await app.store.exec(sql);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const sql of [`UPDATE "access_log" SET "${column}" = "${column}"`, 'DELETE FROM "access_log"']) {
      const message = await failure(sql);
      expect({
        sql,
        refused: message !== 'accepted' && !/no such|does not exist/i.test(message),
        message,
      }).toEqual({
        sql,
        refused: true,
        message,
      });
    }
    expect(await count('access_log')).toBe(rows);
  });
});
