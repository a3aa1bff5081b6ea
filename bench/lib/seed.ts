/*
 * Bulk data for the benchmarks.
 *
 * - cloneInvestigationCases: copies of one case that was really opened and walked to `investigation`
 *   through the engine (its snapshot, history and pending investigation deadline), with new ids and the
 *   hash chain recomputed for each copy — valid rows the engine and the deadline worker can work on.
 * - queryDataset: 100,000 cases with 10 history rows each, in varied states, actors, types and dates,
 *   for the read benchmarks. Their hash chains are NOT valid (random hashes): the read paths do not check them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { ev, notified, start, executing, SAMPLE, type Snap } from '../../machines/accountability.fixtures';
import { accountabilityMachine } from '../../machines/accountability.machine';
import { chainHash } from '../../src/engine/history/hash-chain';
import { canonicalJson } from '../../src/engine/history/canonical-json';
import { serialiseSnapshot, stateLabel } from '../../src/engine/machine-snapshot';
import {
  BENCH_UNIT,
  CASE_TABLE,
  DEADLINE_TABLE,
  SUBJECT_TABLE,
  TRANSITION_TABLE,
  type BenchStore,
  type TableSpec,
} from './store';

type Row = Record<string, unknown>;

/** The rows of one case as the engine wrote them. */
export interface SeedCase {
  caseRow: Row;
  transitions: Row[];
  deadline: Row;
  subject: Row;
}

export async function readSeed(store: BenchStore, caseId: string): Promise<SeedCase> {
  const [caseRow] = await store.query<Row>('SELECT * FROM "case" WHERE id = ?', [caseId]);
  const transitions = await store.query<Row>('SELECT * FROM "transition" WHERE case_id = ? ORDER BY seq', [
    caseId,
  ]);
  const deadlines = await store.query<Row>(
    `SELECT * FROM deadline WHERE case_id = ? AND status = 'pending'`,
    [caseId],
  );
  const [subject] = await store.query<Row>('SELECT * FROM subject WHERE id = ?', [caseRow.subject_id]);
  if (deadlines.length !== 1)
    throw new Error(`seed case ${caseId} has ${deadlines.length} pending deadlines`);
  return { caseRow, transitions, deadline: deadlines[0], subject };
}

const values = (table: TableSpec, row: Row) => table.columns.map(([c]) => row[c] ?? null);

export interface Clones {
  ids: string[];
  deadlineIds: string[];
}

/** Inserts n copies of the seed case, in `investigation` with one pending deadline each, due at dueAt(i). */
export async function cloneInvestigationCases(
  store: BenchStore,
  seed: SeedCase,
  n: number,
  dueAt: (i: number) => string,
  withSubject = true,
): Promise<Clones> {
  const cases: unknown[][] = [];
  const transitions: unknown[][] = [];
  const deadlines: unknown[][] = [];
  const ids: string[] = [];
  const deadlineIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    ids.push(id);
    let prevHash = String(seed.transitions[0].prev_hash);
    for (const t of seed.transitions) {
      const fields = {
        caseId: id,
        seq: Number(t.seq),
        type: String(t.type),
        payload: String(t.payload),
        actorSub: String(t.actor_sub),
        actorRoles: String(t.actor_roles),
        fromState: (t.from_state as string | null) ?? null,
        toState: String(t.to_state),
        at: String(t.at),
        prevHash,
      };
      const hash = chainHash(fields);
      transitions.push(
        values(TRANSITION_TABLE, {
          ...t,
          case_id: id,
          prev_hash: prevHash,
          hash,
        }),
      );
      prevHash = hash;
    }
    cases.push(values(CASE_TABLE, { ...seed.caseRow, id, business_key: id, head_hash: prevHash }));
    const deadlineId = randomUUID();
    deadlineIds.push(deadlineId);
    deadlines.push(
      values(DEADLINE_TABLE, {
        ...seed.deadline,
        id: deadlineId,
        case_id: id,
        due_at: dueAt(i),
        flags_overdue: Boolean(seed.deadline.flags_overdue),
      }),
    );
  }
  if (withSubject) {
    const existing = await store.query('SELECT id FROM subject WHERE id = ?', [seed.subject.id]);
    if (!existing.length) await store.bulkInsert(SUBJECT_TABLE, [values(SUBJECT_TABLE, seed.subject)]);
  }
  await store.bulkInsert(CASE_TABLE, cases);
  await store.bulkInsert(TRANSITION_TABLE, transitions);
  await store.bulkInsert(DEADLINE_TABLE, deadlines);
  return { ids, deadlineIds };
}

// ---------------------------------------------------------------------------------------------
// The read benchmarks' data set

export const ACTORS = [
  ...Array.from({ length: 20 }, (_, i) => `officer-${i + 1}`),
  ...Array.from({ length: 10 }, (_, i) => `leader-${i + 1}`),
  ...Array.from({ length: 6 }, (_, i) => `committee-${i + 1}`),
  'integration-audit-office',
  'integration-petitions',
  'system:deadline',
];

const ORGS = Array.from({ length: 60 }, (_, i) => `County Bureau ${i + 1}`);
const TOPICS = [
  'Landslide at the county road works',
  'Late disbursement of flood relief',
  'Unsafe school canteen inspection',
  'Misreported poverty alleviation figures',
  'Ignored petitions on land requisition',
  'Audit finding: idle special funds',
  'Fire safety inspection not carried out',
  'Environmental inspection tour finding',
];

/** Snapshots of the machine in the states a case list shows, built with the pure machine. */
export function stateSnapshots(): {
  label: string;
  snapshot: string;
  status: 'active' | 'closed';
  outcome: string | null;
  weight: number;
}[] {
  const s0 = start();
  const step = (s: Snap, ...events: Parameters<typeof transition>[2][]) =>
    events.reduce((acc, e) => transition(accountabilityMachine, acc, e)[0] as Snap, s);
  const pending = step(s0, ev('ACCEPT'));
  const inv = step(pending, ev('APPROVE_INVESTIGATION'), ev('RECORD_STATEMENT'));
  const prelim = step(inv, ev('SUBMIT_REPORT'));
  const decision = step(prelim, ev('PROPOSE_OPINION'));
  const notif = notified();
  const exec = executing();
  const appeal = step(exec, ev('FILE_APPEAL'));
  const closedDeclined = step(s0, ev('PROPOSE_DECLINE'), ev('APPROVE_DECLINE'));
  const closedNo = step(decision, ev('DECIDE_NO_ACCOUNTABILITY'));
  const closedAcc = step(
    exec,
    ev('RECORD_EXECUTION'),
    ev('RECORD_SELF_REVIEW'),
    ev('RECORD_FILING'),
    ev('LINKED_CASE_CLOSED', SAMPLE.LINKED_CASE_CLOSED, undefined, 'system:linked-case'),
    {
      type: 'xstate.after.appealWindow.accountability.execution.appeal.open',
      payload: {},
      at: '2025-06-01T00:00:00.000Z',
      actor: 'system:deadline',
    } as never,
  );
  const all: [AnyMachineSnapshot, number][] = [
    [s0, 5],
    [pending, 5],
    [inv, 20],
    [prelim, 5],
    [decision, 5],
    [notif, 5],
    [exec, 10],
    [appeal, 5],
    [closedDeclined, 10],
    [closedNo, 10],
    [closedAcc, 20],
  ];
  return all.map(([s, weight]) => ({
    label: stateLabel(s),
    snapshot: serialiseSnapshot(s),
    status: s.status === 'active' ? 'active' : 'closed',
    outcome: (s.context as { outcome: string | null }).outcome,
    weight,
  }));
}

const HISTORY_TYPES = [
  'OPEN',
  'ACCEPT',
  'APPROVE_INVESTIGATION',
  'RECORD_STATEMENT',
  'EXTEND_INVESTIGATION',
  'SUBMIT_REPORT',
  'PROPOSE_OPINION',
  'DECIDE',
  'DELIVER',
  'RECORD_EXECUTION',
];

export interface QueryDataset {
  caseIds: string[];
  subjectIds: string[];
  states: string[];
  /** The ISO range the history spans. */
  from: string;
  to: string;
}

/** Deterministic pseudo-random numbers, so every run loads the same shapes. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Loads `cases` cases with `perCase` history rows each, in chunks, in big transactions. */
export async function loadQueryDataset(
  store: BenchStore,
  cases = 100_000,
  perCase = 10,
): Promise<QueryDataset> {
  const rand = rng(20260523);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const states = stateSnapshots();
  const totalWeight = states.reduce((s, x) => s + x.weight, 0);
  const pickState = () => {
    let r = rand() * totalWeight;
    for (const s of states) if ((r -= s.weight) < 0) return s;
    return states[0];
  };
  const t0 = Date.parse('2024-06-01T00:00:00.000Z');
  const span = 2 * 365 * 86_400_000;
  const subjectCount = Math.max(1, Math.floor(cases / 5));
  const subjectIds: string[] = [];
  const subjects: unknown[][] = [];
  for (let i = 0; i < subjectCount; i++) {
    const id = randomUUID();
    subjectIds.push(id);
    const org = rand() < 0.1;
    subjects.push([
      id,
      `subj-${i}`,
      org ? 'organisation' : 'individual',
      org ? `${pick(ORGS)} Party Group` : `Cadre ${i}`,
      pick(ORGS),
      org ? null : pick(['Director', 'Deputy Director', 'Section Chief', 'Township Head']),
      new Date(t0).toISOString(),
      new Date(t0).toISOString(),
    ]);
  }
  await store.bulkInsert(SUBJECT_TABLE, subjects);

  const caseIds: string[] = [];
  const chunk = 10_000;
  const actorRoles = (a: string) =>
    canonicalJson(
      a.startsWith('officer')
        ? ['officer']
        : a.startsWith('leader')
          ? ['leader']
          : a.startsWith('committee')
            ? ['committee']
            : a.startsWith('integration')
              ? ['integration']
              : [],
    );
  for (let base = 0; base < cases; base += chunk) {
    const caseRows: unknown[][] = [];
    const historyRows: unknown[][] = [];
    const deadlineRows: unknown[][] = [];
    for (let i = base; i < Math.min(cases, base + chunk); i++) {
      const id = randomUUID();
      caseIds.push(id);
      const state = pickState();
      const createdMs = t0 + Math.floor((i / cases) * span) + Math.floor(rand() * 3_600_000);
      const created = new Date(createdMs).toISOString();
      let at = createdMs;
      let prev = '0'.repeat(64);
      let from: string | null = null;
      for (let seq = 1; seq <= perCase; seq++) {
        at += Math.floor(rand() * 6 * 86_400_000);
        const type = seq <= HISTORY_TYPES.length ? HISTORY_TYPES[seq - 1] : 'RECORD_STATEMENT';
        const actor =
          seq === 1 ? pick(ACTORS.slice(-3, -1)) : rand() < 0.08 ? 'system:deadline' : pick(ACTORS);
        const to = seq === perCase ? state.label : pick(states).label;
        const hash = randomBytes(32).toString('hex');
        const payload =
          type === 'OPEN'
            ? canonicalJson({ title: `${pick(TOPICS)} #${i}`, source: 'incident' })
            : canonicalJson((SAMPLE as Record<string, unknown>)[type] ?? {});
        historyRows.push([
          id,
          seq,
          type,
          payload,
          actor,
          actorRoles(actor),
          from,
          to,
          new Date(at).toISOString(),
          prev,
          hash,
        ]);
        prev = hash;
        from = to;
      }
      const updated = new Date(at).toISOString();
      caseRows.push([
        id,
        'accountability',
        1,
        `BK-${2024 + Math.floor((i / cases) * 2)}-${String(i).padStart(6, '0')}`,
        `${pick(TOPICS)} #${i}`,
        pick(subjectIds),
        BENCH_UNIT.code,
        state.label,
        state.status,
        state.outcome,
        state.snapshot,
        perCase,
        prev,
        created,
        updated,
      ]);
      if (state.status === 'active' && state.label !== 'proposed' && state.label !== 'pendingApproval') {
        const overdue = rand() < 0.15;
        const kind = state.label.startsWith('execution') ? 'execution' : state.label.split('.')[0];
        deadlineRows.push([
          randomUUID(),
          id,
          kind,
          new Date(createdMs + 90 * 86_400_000).toISOString(),
          overdue ? 'fired' : 'pending',
          `xstate.after.${kind}.accountability.${state.label.split(',')[0]}`,
          true,
          created,
          overdue ? new Date(createdMs + 90 * 86_400_000).toISOString() : null,
          null,
        ]);
      } else if (state.status === 'closed') {
        deadlineRows.push([
          randomUUID(),
          id,
          'investigation',
          new Date(createdMs + 90 * 86_400_000).toISOString(),
          'cancelled',
          'xstate.after.investigation.accountability.investigation',
          true,
          created,
          null,
          updated,
          BENCH_UNIT.code,
        ]);
      }
    }
    await store.bulkInsert(CASE_TABLE, caseRows);
    await store.bulkInsert(TRANSITION_TABLE, historyRows);
    await store.bulkInsert(DEADLINE_TABLE, deadlineRows);
  }
  await store.analyze();
  return {
    caseIds,
    subjectIds,
    states: [...new Set(states.map((s) => s.label))],
    from: new Date(t0).toISOString(),
    to: new Date(t0 + span).toISOString(),
  };
}
