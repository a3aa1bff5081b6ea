/*
 * The data set of the read benchmark at scale (bench/reads.ts): by default 1,000,000 cases and
 * 10,000,000 history rows, spread over a unit tree (1 province, 10 cities, 100 counties), five
 * workflows, their states, people (subject records sharing a personal reference), deadlines, measures
 * and access-log rows. Deterministic: chunk k of 10,000 cases is generated from its own seed, with ids
 * derived from the case's number, so an interrupted load resumes at the first chunk not committed
 * (each chunk is one transaction over every table). Hash chains are random (the read paths do not
 * check them); the cases' snapshots are real snapshots of the machines.
 *
 * Bulk path: the secondary indexes are dropped before the first chunk and built once at the end
 * (their DDL is kept in the data folder, so a resumed load still rebuilds them).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyMachineSnapshot } from 'xstate';
import * as assessment from '../../machines/assessment.fixtures';
import * as inquiry from '../../machines/inquiry.fixtures';
import * as rectification from '../../machines/rectification.fixtures';
import * as responsibilityList from '../../machines/responsibility-list.fixtures';
import { SAMPLE } from '../../machines/accountability.fixtures';
import { canonicalJson } from '../../src/engine/history/canonical-json';
import { serialiseSnapshot, stateLabel } from '../../src/engine/machine-snapshot';
import { ACTORS, stateSnapshots } from './seed';
import { CASE_TABLE, DEADLINE_TABLE, SUBJECT_TABLE, TRANSITION_TABLE, type TableSpec } from './store';

export const CHUNK = 10_000;
/** History rows per case: 5..15, 10 on average. */
const historyLength = (i: number) => 5 + (i % 11);
export const historyRowsFor = (cases: number) => {
  let n = 0;
  for (let i = 0; i < 11; i++) n += Math.floor((cases - i + 10) / 11) * (5 + i);
  return n;
};

export const ACCESS_LOG_TABLE: TableSpec = {
  name: 'access_log',
  columns: [
    ['id', 'text'],
    ['at', 'text'],
    ['actor_sub', 'text'],
    ['actor_roles', 'text'],
    ['actor_unit', 'text'],
    ['action', 'text'],
    ['case_id', 'text'],
    ['subject_id', 'text'],
    ['unit_id', 'text'],
    ['request_id', 'text'],
    ['result_count', 'int'],
    ['query', 'text'],
  ],
};

export const MEASURE_TABLE: TableSpec = {
  name: 'measure',
  columns: [
    ['id', 'text'],
    ['subject_id', 'text'],
    ['case_id', 'text'],
    ['type', 'text'],
    ['detail', 'text'],
    ['decided_at', 'text'],
    ['impact_until', 'text'],
    ['organisation', 'text'],
    ['post', 'text'],
    ['lifted_at', 'text'],
    ['lifted_reason', 'text'],
    ['unit_id', 'text'],
    ['subject_ref', 'text'],
  ],
};

export const UNIT_TABLE: TableSpec = {
  name: 'unit',
  columns: [
    ['code', 'text'],
    ['name', 'text'],
    ['parent_code', 'text'],
    ['path', 'text'],
    ['created_at', 'text'],
  ],
};

/** The unit tree: prov → c01..c10 → c01k01..c10k10. */
export const ROOT_UNIT = 'prov';
export const CITIES = Array.from({ length: 10 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
export const COUNTIES = CITIES.flatMap((c) =>
  Array.from({ length: 10 }, (_, k) => `${c}k${String(k + 1).padStart(2, '0')}`),
);
export function unitRows(): unknown[][] {
  const at = '2024-01-01T00:00:00.000Z';
  return [
    [ROOT_UNIT, 'Province commission', null, `/${ROOT_UNIT}/`, at],
    ...CITIES.map((c) => [c, `City ${c}`, ROOT_UNIT, `/${ROOT_UNIT}/${c}/`, at]),
    ...COUNTIES.map((k) => [k, `County ${k}`, k.slice(0, 3), `/${ROOT_UNIT}/${k.slice(0, 3)}/${k}/`, at]),
  ];
}

/** A version-4-shaped UUID derived from a label (the API's validators accept only v4). */
export function uuidOf(label: string): string {
  const h = createHash('md5').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
export const caseIdOf = (i: number) => uuidOf(`case-${i}`);
export const subjectIdOf = (i: number) => uuidOf(`subject-${i}`);
/** People: 200,000 personal references; a person's cases each keep their own subject record. */
export const PEOPLE = 200_000;
export const refOf = (i: number) => `P${String((i * 7919) % PEOPLE).padStart(6, '0')}`;

/** Cases are opened evenly from T0 over SPAN (two years up to the end of November 2026). */
export const T0 = Date.parse('2024-12-01T00:00:00.000Z');
export const SPAN = 2 * 365 * 86_400_000;

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface StateShape {
  workflow: string;
  version: number;
  label: string;
  snapshot: string;
  status: 'active' | 'closed';
  outcome: string | null;
  weight: number;
}

const shape = (workflow: string, s: AnyMachineSnapshot, weight: number): StateShape => ({
  workflow,
  version: 2,
  label: stateLabel(s),
  snapshot: serialiseSnapshot(s),
  status: s.status === 'active' ? 'active' : 'closed',
  outcome: ((s.context as { outcome?: string | null }).outcome ?? null) as string | null,
  weight,
});

/** Real snapshots of each workflow's machine, with how often each occurs (per mille of all cases). */
function shapes(): StateShape[] {
  const acc = stateSnapshots().map((s) => ({
    workflow: 'accountability',
    version: 2,
    label: s.label,
    snapshot: s.snapshot,
    status: s.status,
    outcome: s.outcome,
    weight: s.weight * 7.5, // 750 ‰
  }));
  return [
    ...acc,
    shape('rectification', rectification.start(), 40),
    shape('rectification', rectification.rectifying(), 60),
    shape('inquiry', inquiry.start(), 30),
    shape('inquiry', inquiry.talked(), 25),
    shape('inquiry', inquiry.replied(), 25),
    shape('responsibilityList', responsibilityList.start(), 20),
    shape('responsibilityList', responsibilityList.published(), 20),
    shape('assessment', assessment.start(), 15),
    shape('assessment', assessment.grading(), 15),
  ];
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
  'record.attachment',
  'RECORD_STATEMENT',
  'record.urge',
  'RECORD_STATEMENT',
  'RECORD_SELF_REVIEW',
];
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
const ORGS = Array.from({ length: 60 }, (_, i) => `County Bureau ${i + 1}`);
const POSTS = ['Director', 'Deputy Director', 'Section Chief', 'Township Head'];
const MEASURES = ['notice', 'formalWarning', 'organisationalHandling'];
const READ_ACTIONS = ['case.read', 'case.history', 'case.list', 'subject.read', 'inbox', 'audit.search'];

export interface ChunkRows {
  cases: unknown[][];
  subjects: unknown[][];
  transitions: unknown[][];
  deadlines: unknown[][];
  measures: unknown[][];
  accessLog: unknown[][];
}

let SHAPES: StateShape[] | undefined;
let PAYLOADS: Map<string, string> | undefined;

/** The rows of chunk k (cases k*CHUNK … min(total, (k+1)*CHUNK) - 1). */
export function chunkRows(k: number, total: number): ChunkRows {
  SHAPES ??= shapes();
  PAYLOADS ??= new Map(
    HISTORY_TYPES.map((t) => [t, canonicalJson((SAMPLE as Record<string, unknown>)[t] ?? {})]),
  );
  const states = SHAPES;
  const totalWeight = states.reduce((s, x) => s + x.weight, 0);
  const rand = rng(0x5eed + k * 7_777);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const pickState = () => {
    let r = rand() * totalWeight;
    for (const s of states) if ((r -= s.weight) < 0) return s;
    return states[0];
  };
  const pickUnit = () => {
    const r = rand();
    return r < 0.01 ? ROOT_UNIT : r < 0.1 ? pick(CITIES) : pick(COUNTIES);
  };
  const rolesOf = (a: string) =>
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
  const out: ChunkRows = {
    cases: [],
    subjects: [],
    transitions: [],
    deadlines: [],
    measures: [],
    accessLog: [],
  };
  const end = Math.min(total, (k + 1) * CHUNK);
  const hashes = randomBytes(32 * 16 * (end - k * CHUNK)).toString('hex');
  let h = 0;
  const nextHash = () => hashes.slice(64 * h, 64 * ++h);
  for (let i = k * CHUNK; i < end; i++) {
    const id = caseIdOf(i);
    const subjectId = subjectIdOf(i);
    const state = pickState();
    const unit = pickUnit();
    const createdMs = T0 + Math.floor((i / total) * SPAN) + Math.floor(rand() * 3_600_000);
    const created = new Date(createdMs).toISOString();
    const org = rand() < 0.1;
    const organisation = pick(ORGS);
    const post = org ? null : pick(POSTS);
    const ref = refOf(i);
    out.subjects.push([
      subjectId,
      ref,
      org ? 'organisation' : 'individual',
      org ? `${organisation} Party Group` : `Cadre ${ref}`,
      organisation,
      post,
      created,
      created,
    ]);
    let at = createdMs;
    let prev = '0'.repeat(64);
    let from: string | null = null;
    const n = historyLength(i);
    const title = `${pick(TOPICS)} #${i}`;
    for (let seq = 1; seq <= n; seq++) {
      if (seq > 1) at += Math.floor(rand() * 4 * 86_400_000);
      const type = HISTORY_TYPES[seq - 1];
      const actor = seq === 1 ? pick(ACTORS.slice(-3, -1)) : rand() < 0.08 ? 'system:deadline' : pick(ACTORS);
      const to = seq === n ? state.label : pick(states).label;
      const hash = nextHash();
      const payload =
        type === 'OPEN' ? canonicalJson({ title, source: 'incident' }) : (PAYLOADS.get(type) ?? '{}');
      out.transitions.push([
        id,
        seq,
        type,
        payload,
        actor,
        rolesOf(actor),
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
    out.cases.push([
      id,
      state.workflow,
      state.version,
      `BK-${new Date(createdMs).getUTCFullYear()}-${String(i).padStart(7, '0')}`,
      title,
      subjectId,
      unit,
      state.label,
      state.status,
      state.outcome,
      state.snapshot,
      n,
      prev,
      created,
      updated,
    ]);
    const kind = state.label.split(/[.,]/)[0];
    if (state.status === 'active' && state.label !== 'proposed' && state.label !== 'pendingApproval') {
      const overdue = rand() < 0.15;
      const due = new Date(createdMs + 90 * 86_400_000).toISOString();
      out.deadlines.push([
        uuidOf(`deadline-${i}`),
        id,
        kind,
        due,
        overdue ? 'fired' : 'pending',
        `xstate.after.${kind}.${state.workflow}.${kind}`,
        true,
        created,
        overdue ? due : null,
        null,
        unit,
      ]);
    } else if (state.status === 'closed') {
      out.deadlines.push([
        uuidOf(`deadline-${i}`),
        id,
        'investigation',
        new Date(createdMs + 90 * 86_400_000).toISOString(),
        'cancelled',
        'xstate.after.investigation.accountability.investigation',
        true,
        created,
        null,
        updated,
        unit,
      ]);
    }
    if (state.outcome === 'accountable' || /^(notification|execution)/.test(state.label)) {
      // The measures decided: one per decided accountability case, half with an impact period.
      out.measures.push([
        uuidOf(`measure-${i}`),
        subjectId,
        id,
        pick(MEASURES),
        null,
        updated,
        rand() < 0.5 ? new Date(at + 365 * 86_400_000).toISOString() : null,
        organisation,
        post,
        null,
        null,
        unit,
        ref,
      ]);
    }
    // Who read the case: two access-log rows per case, within the case's life.
    for (let r = 0; r < 2; r++) {
      const reader = pick(ACTORS);
      out.accessLog.push([
        uuidOf(`access-${i}-${r}`),
        new Date(createdMs + Math.floor(rand() * Math.max(1, at - createdMs + 86_400_000))).toISOString(),
        reader,
        rolesOf(reader),
        unit,
        pick(READ_ACTIONS),
        id,
        subjectId,
        unit,
        `req-${i}-${r}`,
        null,
        null,
      ]);
    }
  }
  return out;
}

export const CHUNK_TABLES: [TableSpec, keyof ChunkRows][] = [
  [SUBJECT_TABLE, 'subjects'],
  [CASE_TABLE, 'cases'],
  [TRANSITION_TABLE, 'transitions'],
  [DEADLINE_TABLE, 'deadlines'],
  [MEASURE_TABLE, 'measures'],
  [ACCESS_LOG_TABLE, 'accessLog'],
];

/** The loaded tables whose secondary indexes are dropped during the load. */
export const BULK_TABLES = ['subject', 'case', 'transition', 'deadline', 'measure', 'access_log'];

/** Index DDL saved before the drop, so that a resumed load can rebuild them. */
export function savedIndexes(dir: string): string[] | null {
  const file = join(dir, 'indexes.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : null;
}
export function saveIndexes(dir: string, ddl: string[]): void {
  writeFileSync(join(dir, 'indexes.json'), JSON.stringify(ddl, null, 1));
}
