/*
 * Property-based tests over HTTP (fast-check), against the real service:
 *   (b) random event sequences sent to a case: each reply is exactly what the pure machine plus the
 *       workflow's role and payload checks predict (200, 400, 403 or 422), the accepted events are
 *       the history, replaying them through the pure machine gives the stored snapshot, and
 *       GET /verify agrees (chain intact, replayMatches);
 *   (c) random request bodies, headers and query strings on every endpoint never give a 5xx, and a
 *       request that was refused (4xx) leaves nothing behind (row counts of every table unchanged).
 * fast-check prints the seed and the shrunk counterexample when a property fails.
 */
import fc from 'fast-check';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { accountabilityMachine as machine, measureFits } from '../machines/accountability.machine';
import { EVENT_TYPES, MAIN_ROAD, ORGANISATION_DECIDE, SAMPLE } from '../machines/accountability.fixtures';
import type { UserEventType, Measure, Payloads } from '../machines/accountability.types';
import { canonicalJson } from '../src/engine/history/canonical-json';
import { claims, signJwt } from './support/jwt';
import {
  deliverPayload,
  expectStatus,
  history,
  inDays,
  rectificationOrder,
  openBody,
  users,
  type CaseView,
  type HistoryEntry,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

type Role = keyof Users;
const ROLES: Role[] = ['integration', 'officer', 'leader', 'committee', 'supervisor', 'admin'];
type Payload = Record<string, unknown>;

interface WorkflowView {
  openRoles: string[];
  events: { type: string; roles: string[]; schema: { properties?: Record<string, unknown> } }[];
}

let app: TestApp;
let u: Users;
let rolesOf: Record<string, string[]>;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
  const wf = expectStatus(await u.officer.get<WorkflowView>('/workflows/accountability'), 200).body;
  rolesOf = Object.fromEntries(wf.events.map((e) => [e.type, e.roles]));
});

afterAll(async () => {
  await app?.close();
});

/**
 * Payload variants that pass validation, with dates in the future so that no time limit falls due
 * while a property runs (the timers would add timeout rows the model does not send).
 */
const VALID: { [K in UserEventType]: Payloads[K][] } = {
  ...(Object.fromEntries(EVENT_TYPES.map((t) => [t, [SAMPLE[t]]])) as {
    [K in UserEventType]: Payloads[K][];
  }),
  PROPOSE_OPINION: [
    SAMPLE.PROPOSE_OPINION,
    { ...SAMPLE.PROPOSE_OPINION, measures: [], mitigation: 'exempt' },
    { ...SAMPLE.PROPOSE_OPINION, measures: [{ type: 'inspection' }] },
  ],
  DECIDE: [
    SAMPLE.DECIDE,
    { ...SAMPLE.DECIDE, rectification: rectificationOrder(inDays(120)) },
    { decisionNo: 'D-9', measures: [{ type: 'organisationalHandling', detail: 'demotion' }], serious: false },
    // About an organisation: its principal leader is named (2019 Art 8).
    ORGANISATION_DECIDE,
  ],
  DELIVER: [deliverPayload()],
  RECORD_EXECUTION: [{ completedAt: new Date().toISOString(), fileRef: 'FILE-88' }],
  RESOLVE_APPEAL: [
    SAMPLE.RESOLVE_APPEAL,
    { outcome: 'amended', measures: [{ type: 'notice' }] },
    { outcome: 'revoked' },
  ],
  TRANSFER: [SAMPLE.TRANSFER, { to: 'discipline', reference: 'DIS-1' }],
};

/** Payloads every event refuses: an unknown field, and (for events that take fields) nothing. */
function invalidPayload(type: UserEventType, variant: number): Payload {
  const needsFields = Object.keys(SAMPLE[type]).length > 0;
  if (needsFields && variant % 2 === 0) return {};
  return { ...(SAMPLE[type] as Payload), unexpected: 1 };
}

/** Types the workflow does not know, or that only the system may send. */
const STRANGE_TYPES = [
  'NOPE',
  'accept',
  ' ACCEPT',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '*',
  'xstate.init',
  'xstate.done.state.accountability.execution',
  'xstate.after.investigation.accountability.investigation',
  'xstate.after.appealWindow.accountability.execution.appeal.open',
  // Only a linked case (the decision's rectification case) sends it.
  'LINKED_CASE_CLOSED',
];

interface Command {
  pick:
    | { kind: 'forward' }
    | { kind: 'allowed'; n: number }
    | { kind: 'any'; n: number }
    | { kind: 'strange'; n: number };
  variant: number;
  /** null: a role the workflow declares for the event; else any role. */
  role: number | null;
  validPayload: boolean;
}

const command: fc.Arbitrary<Command> = fc.record({
  pick: fc.oneof(
    { weight: 5, arbitrary: fc.constant({ kind: 'forward' as const }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('allowed' as const), n: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('any' as const), n: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('strange' as const), n: fc.nat() }) },
  ),
  variant: fc.nat(),
  role: fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.nat(ROLES.length - 1) },
  ),
  validPayload: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
});

function accepts(s: AnyMachineSnapshot, type: string, payload: Payload, probe = false): boolean {
  if (s.status !== 'active') return false;
  try {
    const event = { type, payload, at: new Date().toISOString(), actor: 'model', ...(probe && { probe }) };
    return s.can(event as never);
  } catch {
    return false;
  }
}

function allowedNow(s: AnyMachineSnapshot): UserEventType[] {
  // As the engine asks (a probe, no payload yet): e.g. RESOLVE_APPEAL is allowed under review.
  return EVENT_TYPES.filter((t) => accepts(s, t, {}, true));
}

/** The status the API must answer, in the engine's order: event known, role, payload, state. */
function expectedStatus(
  s: AnyMachineSnapshot,
  type: string,
  role: Role,
  payload: Payload,
  valid: boolean,
  kind: 'individual' | 'organisation',
): number {
  // Timeouts come only from the deadline timer, LINKED_CASE_CLOSED only from a linked case.
  if (type.startsWith('xstate.after.') || type === 'LINKED_CASE_CLOSED') return 403;
  if (!Object.hasOwn(rolesOf, type)) return 400;
  if (!rolesOf[type].includes(role)) return 403;
  if (!valid) return 400;
  // Measures are validated with the payload variant of the subject's kind.
  const measures = (payload.measures as Measure[] | undefined) ?? [];
  if (!measures.every((m) => measureFits(kind, m))) return 400;
  return accepts(s, type, payload) ? 200 : 422;
}

interface VerifyResult {
  ok: boolean;
  checked: number;
  replayMatches: boolean;
  problems: string[];
}

const MOVES = ['TRANSFER_JURISDICTION', 'TAKE_OVER'];

describe('(b) random event sequences over HTTP agree with the pure machine', () => {
  it('every reply is predicted; the accepted events are the history; replay gives the stored snapshot', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('individual', 'organisation'),
        fc.array(command, { minLength: 3, maxLength: 25, size: 'max' }),
        async (kind, cmds) => {
          const body = openBody();
          const opened = await u.integration.post<CaseView>('/cases', {
            ...body,
            subject:
              kind === 'individual'
                ? body.subject
                : { kind, ref: body.subject.ref, name: 'County Transport Bureau' },
          });
          expectStatus(opened, 201);
          const caseId = opened.body.id;
          const first = (await history(u.officer, caseId))[0];
          let model = initialTransition(machine, first.payload as never)[0] as AnyMachineSnapshot;
          const accepted: { type: string; payload: Payload }[] = [];
          for (const cmd of cmds) {
            let type: string;
            if (cmd.pick.kind === 'strange') type = STRANGE_TYPES[cmd.pick.n % STRANGE_TYPES.length];
            else if (cmd.pick.kind === 'any') type = EVENT_TYPES[cmd.pick.n % EVENT_TYPES.length];
            else {
              const allowed = allowedNow(model);
              type =
                cmd.pick.kind === 'forward'
                  ? (MAIN_ROAD.find((t) => allowed.includes(t)) ?? 'ACCEPT')
                  : (allowed[cmd.pick.n % Math.max(1, allowed.length)] ?? 'ACCEPT');
            }
            // A move to another unit changes who may act on the case, which this model does not follow;
            // test/jurisdiction.e2e-spec.ts covers the moves.
            if (MOVES.includes(type)) type = 'ACCEPT';
            const known = (EVENT_TYPES as string[]).includes(type);
            // A delivery is dated between the decision and now: made when it is sent.
            const variants = !known
              ? [{}]
              : type === 'DELIVER'
                ? [deliverPayload()]
                : (VALID[type as UserEventType] as Payload[]);
            const valid = cmd.validPayload || !known;
            const payload = valid
              ? variants[cmd.variant % variants.length]
              : invalidPayload(type as UserEventType, cmd.variant);
            const declared = Object.hasOwn(rolesOf, type) ? rolesOf[type] : ['officer'];
            const role =
              cmd.role === null
                ? ((declared.find((r) => (ROLES as string[]).includes(r)) ?? 'officer') as Role)
                : ROLES[cmd.role];
            const want = expectedStatus(model, type, role, payload, valid, kind);
            const reply = await u[role].send<CaseView>(caseId, type, payload);
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
            if (reply.status !== want) {
              throw new Error(
                `${role} sent ${type} ${JSON.stringify(payload)} in ${JSON.stringify(model.value)}: ` +
                  `expected ${want}, got ${reply.status} ${JSON.stringify(reply.body)}`,
              );
            }
            if (want === 200) {
              model = transition(machine, model, {
                type,
                payload,
                at: new Date().toISOString(),
                actor: 'model',
              } as never)[0];
              accepted.push({ type, payload });
              expect(reply.body.revision).toBe(accepted.length + 1);
            }
          }
          // The history holds exactly the accepted events, in order, with the payloads sent.
          const rows = await history(u.supervisor, caseId);
          expect(rows.slice(1).map((r) => ({ type: r.type, payload: r.payload }))).toEqual(accepted);
          // The pure machine fed the history (with the engine's stamps) gives the stored snapshot.
          const replayed = replay(rows);
          const [stored] = await app.store.query<{ snapshot: string; state: string; revision: number }>(
            'SELECT snapshot, state, revision FROM "case" WHERE id = ?',
            [caseId],
          );
          expect(stored.revision).toBe(rows.length);
          expect(stored.snapshot).toBe(
            canonicalJson({ value: replayed.value, context: replayed.context, status: replayed.status }),
          );
          // The model (fed the same events with its own stamps) is in the same state.
          expect(replayed.value).toEqual(model.value);
          const view = expectStatus(await u.officer.get<CaseView>(`/cases/${caseId}`), 200).body;
          expect(canonicalJson(view.context)).toBe(canonicalJson(replayed.context));
          expect(view.allowedEvents.sort()).toEqual(allowedNow(replayed).sort());
          const verify = expectStatus(
            await u.supervisor.get<VerifyResult>(`/cases/${caseId}/verify`),
            200,
          ).body;
          expect(verify).toMatchObject({ ok: true, replayMatches: true, checked: rows.length });
        },
      ),
      { numRuns: 60 },
    );
    process.stdout.write(`[properties] replies by status: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    for (const status of [200, 400, 403, 422]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
  }, 300_000); // 60 cases of up to 25 requests each: over a minute on a busy PostgreSQL
});

function replay(rows: HistoryEntry[]): AnyMachineSnapshot {
  let s = initialTransition(machine, rows[0].payload as never)[0] as AnyMachineSnapshot;
  for (const row of rows.slice(1)) {
    s = transition(machine, s, {
      type: row.type,
      payload: row.payload,
      at: row.at,
      actor: row.actor.sub,
    } as never)[0];
  }
  return s;
}

describe('(c) random requests on every endpoint', () => {
  /** A token with every role, so requests get past authorisation into validation and the engine. */
  let everyone: Client;
  let caseId: string;
  let subjectId: string;

  beforeAll(async () => {
    everyone = new Client(app.baseUrl, signJwt(claims('fuzzer', ROLES), TEST_SECRET));
    const c = expectStatus(await u.integration.post<CaseView>('/cases', openBody()), 201).body;
    caseId = c.id;
    subjectId = c.subject.id;
  });

  const TABLES = ['case', 'transition', 'deadline', 'subject', 'measure', 'case_link', 'idempotency_key'];

  async function counts(): Promise<Record<string, number>> {
    const sql = `SELECT ${TABLES.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`).join(', ')}`;
    const [row] = await app.store.query<Record<string, number | string>>(sql);
    return Object.fromEntries(TABLES.map((t) => [t, Number(row[t])]));
  }

  const printable = fc.string({ maxLength: 40 });
  const id = fc.oneof(
    fc.constant('CASE'),
    fc.constant('SUBJECT'),
    fc.uuid(),
    printable,
    fc.constantFrom('%00', '..', '%2e%2e%2f', 'null', '-1', '\'; DROP TABLE "case"; --'),
  );

  const route = fc.oneof(
    fc.constant({ method: 'POST', path: '/cases' }),
    id.map((i) => ({ method: 'POST', path: `/cases/${i}/events` })),
    fc.constant({ method: 'GET', path: '/cases' }),
    id.map((i) => ({ method: 'GET', path: `/cases/${i}` })),
    id.map((i) => ({ method: 'GET', path: `/cases/${i}/history` })),
    id.map((i) => ({ method: 'GET', path: `/cases/${i}/verify` })),
    id.map((i) => ({ method: 'GET', path: `/cases/${i}/dossier` })),
    id.map((i) => ({ method: 'GET', path: `/subjects/${i}` })),
    fc.constant({ method: 'GET', path: '/audit' }),
    fc.constant({ method: 'GET', path: '/deadlines' }),
    fc.constant({ method: 'GET', path: '/workflows' }),
    fc
      .oneof(fc.constant('accountability'), printable)
      .map((n) => ({ method: 'GET', path: `/workflows/${n}` })),
    fc
      .constantFrom('/stats', '/metrics', '/health', '/health/live', '/auth/dev-users', '/dossier-key')
      .map((path) => ({ method: 'GET', path })),
    fc.constant({ method: 'POST', path: '/auth/dev-login' }),
  );

  const QUERY_KEYS = [
    'limit',
    'cursor',
    'q',
    'state',
    'status',
    'workflow',
    'subjectId',
    'overdue',
    'actor',
    'type',
    'caseId',
    'from',
    'to',
    'kind',
    'before',
    'dryRun',
  ];
  const query = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), printable),
      fc.oneof(
        printable,
        fc.constantFrom('100', '101', '0', '-1', '1e3', 'true', '2025-01-01', '%', '_', 'a\u0000b'),
      ),
    ),
    { maxLength: 4 },
  );

  const json = (v: fc.JsonValue) => JSON.stringify(v);
  const body = fc.oneof(
    fc.constant(undefined),
    fc.jsonValue().map(json),
    printable,
    fc.constantFrom(
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
      '{"type":"ACCEPT","payload":{"__proto__":{"x":1}}}',
      '{"type":"__proto__"}',
      '{"type":"constructor","payload":{}}',
      '{',
      '[]',
      'null',
      '"ACCEPT"',
      '1e999',
    ),
    // Near-valid event bodies: a real or strange type with a random payload.
    fc
      .record({
        type: fc.oneof(fc.constantFrom(...EVENT_TYPES, ...STRANGE_TYPES), printable),
        payload: fc.oneof(fc.jsonValue(), fc.dictionary(printable, fc.jsonValue(), { maxKeys: 3 })),
      })
      .map(json),
    // Near-valid open bodies: each field valid, missing, or random.
    fc
      .record(
        {
          workflow: fc.oneof(fc.constant('accountability'), fc.jsonValue()),
          title: fc.oneof(printable, fc.jsonValue()),
          subject: fc.oneof(
            fc.record({
              ref: printable,
              kind: fc.constantFrom('individual', 'organisation', 'robot'),
              name: printable,
            }),
            fc.jsonValue(),
          ),
          source: fc.oneof(fc.constant('incident'), fc.jsonValue()),
          facts: fc.jsonValue(),
          businessKey: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map(json),
  );

  const headers = fc.record(
    {
      'content-type': fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=utf-16',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'application/xml',
        ),
        printable,
      ),
      'if-match': fc.oneof(fc.constantFrom('"1"', 'W/"2"', '*', '1', '999999999999', '"-1"'), printable),
      'idempotency-key': fc.oneof(printable, fc.constant('k'.repeat(200))),
      accept: fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*'), printable),
      'x-forwarded-for': printable,
    },
    { requiredKeys: [] },
  );

  /** Header values as fetch accepts them (no leading or trailing blanks). */
  function cleanHeaders(h: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(h)
        .map(([k, v]) => [k, v.trim()])
        .filter(([, v]) => v !== ''),
    );
  }

  it('never answers 5xx, and a refused request writes nothing', async () => {
    let before = await counts();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(route, query, body, headers, fc.boolean(), async (r, q, b, h, asUser) => {
        const path = r.path.replace('CASE', caseId).replace('SUBJECT', subjectId);
        const qs = q.length ? `?${new URLSearchParams(q).toString()}` : '';
        const client = asUser ? u.officer : everyone;
        const payload = r.method === 'POST' ? b : undefined;
        const reply = await client.request(r.method, path + qs, payload, cleanHeaders(h));
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status >= 500) {
          throw new Error(
            `${r.method} ${path + qs} ${JSON.stringify(h)} ${String(payload)} → ${reply.status} ${JSON.stringify(reply.body)}`,
          );
        }
        const after = await counts();
        if (reply.status >= 400) expect(after).toEqual(before);
        before = after;
      }),
      { numRuns: 400 },
    );
    process.stdout.write(
      `[properties] fuzz replies by status: ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect(app.logs()).not.toMatch(/Internal server error|TypeError/);
    // The case the fuzzer hammered still verifies.
    const verify = expectStatus(await u.supervisor.get<VerifyResult>(`/cases/${caseId}/verify`), 200).body;
    expect(verify.ok).toBe(true);
  }, 180_000); // 400 requests, each followed by a count of every table
});
