/*
 * Published schemas are the validator (DESIGN.md): a property test over every workflow in the
 * catalogue, reading nothing but what the service publishes (GET /workflows/:name).
 *   - open payload: bodies generated from `open.schema` open a case (201/200); bodies the schema
 *     refuses get 400 and leave no row behind;
 *   - events: for each event, a fresh case is driven over HTTP into a state that allows it (a
 *     shortest path over the published machine graph, replanned from the state the server
 *     reports after each step); then payloads generated from the event's schema (the variant the
 *     case's `eventVariants` names) are accepted by a dry run (200), and payloads the schema
 *     refuses get 400 — never 200, never 5xx. Both variants of a variant event are covered.
 * Every disagreement is collected, so one run lists all of them (workflow, event, payload, reply).
 */
import { randomUUID } from 'node:crypto';
import { TEST_SUB_UNIT, TEST_UNIT } from './support/jwt';
import fc from 'fast-check';
import { openBody } from './support/procedure';
import { arbitraryFor, invalidFor, violations, type JsonSchema } from './support/schema-arbitrary';
import { Client, startTestApp, type Reply, type TestApp } from './support/test-app';

const VALID_RUNS = Number(process.env.SCHEMA_PROPERTY_RUNS ?? 20);
const INVALID_RUNS = VALID_RUNS;
const OPEN_RUNS = Number(process.env.SCHEMA_OPEN_RUNS ?? 30);
/**
 * Fresh cases tried per event (and variant) before it counts as not reached. Some states depend on an
 * earlier random payload: an inquiry's second letter needs a reply that denied the allegation (a random
 * boolean), so each attempt at its receipt fails half the time; with 10 attempts CI missed it once in
 * about a thousand runs (2026-12-08), with 20 once in a million. Attempts that reach return at once.
 */
const ATTEMPTS = 20;
/** Events sent on one case before that attempt is given up. */
const MAX_STEPS = 25;
/** Payload samples tried for one step before its edge is given up on this case. */
const SAMPLES_PER_STEP = 4;
/** Lone integers tried as 1 … ORDINALS when driving a case (see withOrdinals). */
const ORDINALS = 4;
/** A case with a time limit falling due this soon could change state under the property. */
const STABLE_FOR_MS = 10 * 60_000;

interface StateView {
  id: string;
  path: string;
  key: string;
  type: string;
  parent: string | null;
  initial?: string | null;
}
interface Edge {
  source: string;
  event: string;
  targets: string[];
  reenter?: boolean;
}
interface EventView {
  type: string;
  roles: string[];
  schema: JsonSchema;
}
interface WorkflowView {
  name: string;
  roles?: { id: string }[];
  openRoles: string[];
  open?: { roles: string[]; schema: JsonSchema };
  machine: { id: string; initial: string | null; states: StateView[]; transitions: Edge[] };
  events: EventView[];
}
interface CaseView {
  id: string;
  businessKey: string;
  state: string;
  states: string[];
  status: string;
  revision: number;
  allowedEvents: string[];
  eventVariants?: Record<string, string>;
  deadlines: { dueAt: string; status: string }[];
}

let app: TestApp;
const workflows: WorkflowView[] = [];
const clients = new Map<string, Client>();
const findings: string[] = [];
const coverage: string[] = [];

/**
 * A refusal the workflow explains (its `explainRefusal`): the payload is what the schema says, but a
 * guard on the case refuses it (a task id this case does not have, a side that already signed). The
 * rule is a 400 from validation or such an explained 422 — never 200 for a schema-refused payload.
 */
function explainedRefusal(reply: { status: number; body: unknown }): boolean {
  const message = (reply.body as { message?: unknown } | null)?.message;
  return (
    reply.status === 422 &&
    typeof message === 'string' &&
    message.includes(', but not with this payload: ') &&
    !message.endsWith('a condition on its payload is not met')
  );
}

function short(value: unknown, max = 600): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function finding(text: string) {
  findings.push(text);
}

/** A failed fc.assert as one finding: the property's own message (workflow, event, payload, reply) and the seed. */
function propertyFailure(error: unknown) {
  const e = error as Error & { cause?: unknown };
  const seed = /\{ seed: [^}]*\}/.exec(e.message)?.[0] ?? '';
  const shrunk = /Shrunk \d+ time\(s\)/.exec(e.message)?.[0] ?? 'not shrunk';
  finding(
    e.cause instanceof Error
      ? `${e.cause.message}\n  (fast-check ${seed}, ${shrunk})`
      : short(e.message, 3000),
  );
}

beforeAll(async () => {
  app = await startTestApp();
  // A department under the test unit: what a list task's `department` must name (a unit of that kind below).
  const admin = await Client.as(app.baseUrl, 'schema-admin', ['admin']);
  const dept = { code: TEST_DEPARTMENT, name: 'Department', parentCode: TEST_UNIT, kind: 'department' };
  expect((await admin.post('/units', dept)).status).toBe(201);
  const reader = await Client.as(app.baseUrl, 'schema-reader', ['supervisor']);
  const list = await reader.get<{ name: string }[]>('/workflows');
  expect(list.status).toBe(200);
  for (const { name } of list.body) {
    const detail = await reader.get<WorkflowView>(`/workflows/${encodeURIComponent(name)}`);
    expect(detail.status).toBe(200);
    const wf = detail.body;
    workflows.push(wf);
    const roles = wf.roles?.length
      ? wf.roles.map((r) => r.id)
      : [...new Set([...wf.openRoles, ...(wf.open?.roles ?? []), ...wf.events.flatMap((e) => e.roles)])];
    const [first, second] = await Promise.all(
      [1, 2].map((n) => Client.as(app.baseUrl, `schema-prover-${wf.name}-${n}`, roles)),
    );
    clients.set(wf.name, alternating(first, second));
  }
}, 60_000);

/**
 * Two people with every role, taking turns request by request: a workflow that wants two persons
 * (a list signed by two, 两个责任) can be carried through by the prover as by any two users.
 */
function alternating(first: Client, second: Client): Client {
  let turn = 0;
  return new Proxy(first, {
    get(_target, property) {
      const client = turn++ % 2 === 0 ? first : second;
      const value: unknown = Reflect.get(client, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
    },
  });
}

afterAll(async () => {
  await app?.close();
  if (coverage.length) process.stdout.write(`\nschemas.e2e coverage:\n  ${coverage.join('\n  ')}\n`);
});

// ---------------------------------------------------------------------------------------------
// Open payloads

async function caseRows(): Promise<number> {
  const [row] = await app.store.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM "case"');
  return Number(row.n);
}

const TEST_DEPARTMENT = 'schema-dept';

/** A payload's `department` (a list task's) must name a department that exists below the case's unit. */
function existingDepartments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(existingDepartments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      k === 'department' && typeof v === 'string' ? TEST_DEPARTMENT : existingDepartments(v),
    ]),
  );
}

/** Identifiers are made unique, so samples never collide with each other's records (another property). */
function uniqueIds(body: unknown, wf: WorkflowView, schema: JsonSchema): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy = {
    ...(existingDepartments(body) as Record<string, unknown>),
    workflow: wf.name,
  } as Record<string, unknown>;
  if (typeof copy.businessKey === 'string') copy.businessKey = `bk-${randomUUID()}`;
  // A unit code must also name a unit that exists (and is the caller's or below): the schema cannot say which.
  if (typeof copy.unitId === 'string') copy.unitId = TEST_UNIT;
  const subject = copy.subject as Record<string, unknown> | undefined;
  if (subject && typeof subject === 'object' && typeof subject.ref === 'string') {
    copy.subject = { ...subject, ref: `ref-${randomUUID().slice(0, 13)}` };
  }
  // Persons who sign as themselves (a responsibility list's principal and supervisor: their `ref` is the
  // `sub` of their account) are the prover's two accounts, so that the prover can sign for them.
  for (const [key, n] of [
    ['principal', 1],
    ['supervisor', 2],
  ] as const) {
    const person = copy[key] as Record<string, unknown> | undefined;
    if (person && typeof person === 'object' && typeof person.ref === 'string') {
      copy[key] = { ...person, ref: `schema-prover-${wf.name}-${n}` };
    }
  }
  return violations(schema, copy).length === 0 ? copy : body;
}

/** A unit code in a payload must also name a unit that exists (another than the case's own). */
function existingUnit(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const p = existingDepartments(payload) as Record<string, unknown>;
  return typeof p.unitId === 'string' ? { ...p, unitId: TEST_SUB_UNIT } : p;
}

function openSchemaOf(wf: WorkflowView): JsonSchema | null {
  return wf.open?.schema ?? null;
}

/** A body to open a case of this workflow: from the published open schema (else the procedure's own). */
function openSample(wf: WorkflowView): fc.Arbitrary<unknown> {
  const schema = openSchemaOf(wf);
  if (!schema) return fc.constant(null).map(() => ({ ...openBody(), workflow: wf.name }));
  return arbitraryFor(schema).map((b) => uniqueIds(b, wf, schema));
}

describe('published schemas are the validator', () => {
  it('open payloads: schema-valid bodies open a case, schema-refused bodies get 400 and write nothing', async () => {
    for (const wf of workflows) {
      const schema = openSchemaOf(wf);
      if (!schema) {
        finding(`${wf.name}: GET /workflows/${wf.name} publishes no open.schema (the POST /cases body)`);
        continue;
      }
      const client = clients.get(wf.name)!;
      try {
        await fc.assert(
          fc.asyncProperty(openSample(wf), async (body) => {
            const reply = await client.post<CaseView>('/cases', body);
            if (reply.status !== 201 && reply.status !== 200) {
              throw new Error(
                `${wf.name} open: a body the schema accepts was refused\n  body: ${short(body)}\n` +
                  `  reply: ${reply.status} ${short(reply.body)}`,
              );
            }
          }),
          { numRuns: OPEN_RUNS },
        );
      } catch (error) {
        propertyFailure(error);
      }
      try {
        await fc.assert(
          fc.asyncProperty(invalidFor(schema), async ({ value, why }) => {
            const before = await caseRows();
            const reply = await client.post('/cases', value);
            const after = await caseRows();
            if (reply.status !== 400 || after !== before) {
              throw new Error(
                `${wf.name} open: a body the schema refuses (${why}) was not refused with 400\n` +
                  `  body: ${short(value)}\n  reply: ${reply.status} ${short(reply.body)}\n` +
                  `  case rows: ${before} → ${after}`,
              );
            }
          }),
          { numRuns: OPEN_RUNS },
        );
      } catch (error) {
        propertyFailure(error);
      }
      coverage.push(`${wf.name}: open payload (${OPEN_RUNS} valid + ${OPEN_RUNS} invalid)`);
    }
    expect(workflows.length).toBeGreaterThan(0);
  }, 180_000);

  it('event payloads: schema-valid payloads pass a dry run where the event is allowed, schema-refused ones get 400', async () => {
    const started = Date.now();
    for (const wf of workflows) {
      const graph = new Graph(wf);
      for (const event of wf.events) {
        const variants = variantTitles(event.schema);
        for (const variant of variants ?? [null]) {
          const label = `${wf.name} ${event.type}${variant ? ` [${variant}]` : ''}`;
          try {
            const reached = await reach(wf, graph, event.type, variant);
            if (typeof reached === 'string') {
              // A state only a time limit leads to cannot be reached by requests alone: the workflow's
              // own end-to-end test lets its deadline fire and sends these events there.
              if (reached.startsWith(ONLY_A_TIMEOUT)) coverage.push(`${label}: not here — ${reached}`);
              else finding(`${label}: not covered — ${reached}`);
              continue;
            }
            const schema = schemaFor(event.schema, variant);
            await payloadProperties(wf, event.type, schema, reached, label);
            coverage.push(`${label}: in ${reached.state} (${reached.steps.join(' → ') || 'initial'})`);
          } catch (error) {
            // e.g. a schema keyword the generator cannot read: the event is not covered, and says why
            finding(`${label}: not covered — ${(error as Error).message}`);
          }
        }
      }
    }
    process.stdout.write(`\nevent properties took ${Math.round((Date.now() - started) / 1000)} s\n`);
  }, 600_000);

  it('found no disagreement between a published schema and the server', () => {
    // One list of every disagreement (and every event not covered), rather than the first one only.
    if (findings.length) {
      throw new Error(`${findings.length} schema/server disagreements:\n\n${findings.join('\n\n')}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Event payload properties

/** Variant events: a top-level oneOf/anyOf whose branches are all titled (the variant names). */
function variantTitles(schema: JsonSchema): string[] | null {
  const list = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (!list || !list.every((b) => typeof b.title === 'string')) return null;
  return list.map((b) => b.title as string);
}

/** The schema of one variant: the keywords beside the branches, and that branch (anyOf of one = both apply). */
function schemaFor(schema: JsonSchema, variant: string | null): JsonSchema {
  if (!variant) return schema;
  const key = schema.oneOf ? 'oneOf' : 'anyOf';
  const branch = (schema[key] as JsonSchema[]).find((b) => b.title === variant)!;
  const rest = { ...schema };
  delete rest[key];
  return { ...rest, anyOf: [branch] };
}

interface Reached {
  caseId: string;
  state: string;
  revision: number;
  steps: string[];
}

async function payloadProperties(
  wf: WorkflowView,
  type: string,
  schema: JsonSchema,
  reached: Reached,
  label: string,
): Promise<void> {
  const client = clients.get(wf.name)!;
  const dryRun = (payload: unknown) =>
    client.post<Record<string, unknown>>(`/cases/${reached.caseId}/events?dryRun=true`, { type, payload });
  try {
    await fc.assert(
      fc.asyncProperty(arbitraryFor(schema).map(existingUnit), async (payload) => {
        const reply = await dryRun(payload);
        // What no schema can say is a guard's: a 422 the workflow explains (a date after the event's own
        // time or before the case was opened; an item the case does not have).
        if (explainedRefusal(reply)) return;
        if (reply.status !== 200 || reply.body.dryRun !== true) {
          throw new Error(
            `${label} in ${reached.state}: a payload the schema accepts was refused by the dry run\n` +
              `  payload: ${short(payload)}\n  reply: ${reply.status} ${short(reply.body)}`,
          );
        }
      }),
      { numRuns: VALID_RUNS },
    );
  } catch (error) {
    propertyFailure(error);
  }
  try {
    await fc.assert(
      fc.asyncProperty(invalidFor(schema), async ({ value, why }) => {
        const reply = await dryRun(value);
        if (reply.status !== 400) {
          throw new Error(
            `${label} in ${reached.state}: a payload the schema refuses (${why}) got ${reply.status}, not 400\n` +
              `  payload: ${short(value)}\n  reply: ${reply.status} ${short(reply.body)}`,
          );
        }
      }),
      { numRuns: INVALID_RUNS },
    );
  } catch (error) {
    propertyFailure(error);
  }
  const after = await client.get<CaseView>(`/cases/${reached.caseId}`);
  if (after.body.revision !== reached.revision || after.body.state !== reached.state) {
    finding(
      `${label}: dry runs changed the case: revision ${reached.revision} → ${after.body.revision}, ` +
        `state ${reached.state} → ${after.body.state}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Reaching a state that allows an event: the published machine graph, replanned against the server

const TIMEOUT = 'xstate.after.';
const DONE = 'xstate.done.state.';

/**
 * The machine as published: states (dotted paths) and edges. A configuration is the set of
 * active leaf states, as the case view's `states` reports it. What the graph does not publish is
 * approximated and then corrected by what the server reports after each step:
 *   - a compound state's initial child: `initial` when published, else its first child;
 *   - eventless (`always`) edges: a non-final leaf with no edge out is taken to move on to any
 *     of its siblings.
 */
class Graph {
  readonly byPath = new Map<string, StateView>();
  readonly children = new Map<string, string[]>();
  readonly edges: Edge[];
  readonly sendable: Set<string>;
  private readonly movers: Set<string>;

  /** Whether the event moves the case to another unit (never sent for real along the way). */
  moves(event: string): boolean {
    return this.movers.has(event);
  }

  constructor(private readonly wf: WorkflowView) {
    for (const s of wf.machine.states) {
      this.byPath.set(s.path, s);
      const parent = s.parent ?? '';
      this.children.set(parent, [...(this.children.get(parent) ?? []), s.path]);
    }
    this.sendable = new Set(wf.events.map((e) => e.type));
    // Never a step along the way: an event that names a unit moves the case to it, out of the test users' hands.
    const movesCase = (e: WorkflowView['events'][number]) =>
      Boolean((e.schema as { properties?: Record<string, unknown> } | null)?.properties?.unitId);
    this.movers = new Set(wf.events.filter(movesCase).map((e) => e.type));
    const edges = [...wf.machine.transitions];
    const sources = new Set(edges.map((e) => e.source));
    for (const s of wf.machine.states) {
      if (s.type === 'atomic' && !sources.has(s.path)) {
        for (const sibling of this.children.get(s.parent ?? '') ?? []) {
          if (sibling !== s.path) edges.push({ source: s.path, event: '', targets: [sibling] });
        }
      }
    }
    this.edges = edges;
  }

  initialConfig(): string[] {
    return this.wf.machine.initial ? this.settle(this.entry(this.wf.machine.initial)) : this.entry('');
  }

  private entry(path: string): string[] {
    const node = this.byPath.get(path);
    const kids = this.children.get(path) ?? [];
    if (path && (!node || kids.length === 0)) return [path];
    if (node?.type === 'parallel') return kids.flatMap((k) => this.entry(k));
    const initial = node?.initial
      ? node.initial.includes('.')
        ? node.initial
        : `${path}.${node.initial}`
      : kids[0];
    return this.entry(initial);
  }

  static within(ancestor: string, path: string): boolean {
    return ancestor === '' ? path !== '' : path.startsWith(`${ancestor}.`);
  }

  private static parentOf(path: string): string {
    const i = path.lastIndexOf('.');
    return i < 0 ? '' : path.slice(0, i);
  }

  active(config: string[], path: string): boolean {
    return config.some((leaf) => leaf === path || Graph.within(path, leaf));
  }

  /** Edges that can be taken now: sendable events and the guessed eventless moves. */
  enabled(config: string[]): Edge[] {
    if (this.closed(config)) return [];
    return this.edges.filter(
      (e) => this.active(config, e.source) && (e.event === '' || this.sendable.has(e.event)),
    );
  }

  closed(config: string[]): boolean {
    return config.some((leaf) => !leaf.includes('.') && this.byPath.get(leaf)?.type === 'final');
  }

  allows(config: string[], event: string): boolean {
    return this.enabled(config).some((e) => e.event === event);
  }

  /** The configuration after an edge (every target taken), with done-edges followed. */
  apply(config: string[], edge: Edge): string[] {
    if (!edge.targets.length) return config;
    let next = config;
    for (const target of edge.targets) {
      const internal = !edge.reenter && Graph.within(edge.source, target);
      let domain = internal ? edge.source : Graph.parentOf(edge.source);
      while (domain !== '' && !Graph.within(domain, target)) domain = Graph.parentOf(domain);
      let entered = this.entry(target);
      for (
        let p = Graph.parentOf(target), child = target;
        p !== domain && p !== '';
        child = p, p = Graph.parentOf(p)
      ) {
        if (this.byPath.get(p)?.type === 'parallel') {
          for (const region of this.children.get(p) ?? [])
            if (region !== child) entered = [...entered, ...this.entry(region)];
        }
      }
      next = [...next.filter((leaf) => !Graph.within(domain, leaf)), ...entered];
    }
    return this.settle(next);
  }

  private done(config: string[], path: string): boolean {
    const node = this.byPath.get(path);
    if (!node) return false;
    if (node.type === 'final') return config.includes(path);
    if (node.type === 'parallel') return (this.children.get(path) ?? []).every((r) => this.done(config, r));
    if (node.type === 'compound') {
      return (this.children.get(path) ?? []).some(
        (c) => this.byPath.get(c)?.type === 'final' && config.includes(c),
      );
    }
    return false;
  }

  private settle(config: string[]): string[] {
    for (let guard = 0; guard < 20; guard++) {
      const edge = this.edges.find(
        (e) =>
          e.event.startsWith(DONE) &&
          e.event === `${DONE}${this.wf.machine.id}.${e.source}` &&
          this.active(config, e.source) &&
          this.done(config, e.source),
      );
      if (!edge) return [...new Set(config)].sort();
      config = this.applyRaw(config, edge);
    }
    return config;
  }

  private applyRaw(config: string[], edge: Edge): string[] {
    return this.apply(config, { ...edge, event: '' });
  }

  /** Shortest event path (breadth first) from a configuration to one where `event` is allowed. */
  plan(from: string[], event: string, banned: Set<string>): Edge[] | null {
    const key = (c: string[]) => c.join(',');
    const seen = new Set([key(from)]);
    let frontier: { config: string[]; path: Edge[] }[] = [{ config: from, path: [] }];
    for (let depth = 0; depth < 30 && frontier.length; depth++) {
      const next: typeof frontier = [];
      for (const { config, path } of frontier) {
        if (this.allows(config, event)) return path;
        for (const edge of this.enabled(config).filter((e) => !this.movers.has(e.event))) {
          if (edge.event.startsWith(TIMEOUT) || banned.has(`${edge.source}|${edge.event}`)) continue;
          if (!edge.targets.length || edge.event === event) continue;
          const after = this.apply(config, edge);
          if (seen.has(key(after))) continue;
          seen.add(key(after));
          next.push({ config: after, path: [...path, edge] });
        }
      }
      frontier = next;
    }
    return null;
  }
}

/** Opens a case, if a variant is wanted one the server says it applies to (cases differ by their open body). */
async function openFor(wf: WorkflowView, event: string, variant: string | null): Promise<CaseView | string> {
  const client = clients.get(wf.name)!;
  let last = '';
  for (let i = 0; i < 16; i++) {
    const [body] = fc.sample(openSample(wf), 1);
    const reply = await client.post<CaseView>('/cases', body);
    if (reply.status !== 201 && reply.status !== 200) {
      last = `opening a case failed: ${reply.status} ${short(reply.body)} for ${short(body)}`;
      continue;
    }
    if (!variant) return reply.body;
    const view = await client.get<CaseView>(`/cases/${reply.body.id}`);
    const named = view.body.eventVariants?.[event];
    if (named === undefined) return `the case view names no eventVariants[${event}]`;
    if (named === variant) return view.body;
    last = `no case with variant ${variant} among the opened ones`;
  }
  return last;
}

function payloadSchema(wf: WorkflowView, type: string, view: CaseView): JsonSchema | string {
  const event = wf.events.find((e) => e.type === type);
  if (!event) return `${type} is not a published event`;
  const variants = variantTitles(event.schema);
  if (!variants) return event.schema;
  const named = view.eventVariants?.[type];
  if (!named || !variants.includes(named)) return `the case names variant ${String(named)} for ${type}`;
  return schemaFor(event.schema, named);
}

/** Sends `type` with up to a few schema-valid payloads; the first reply that is not a refusal of the sample. */
async function sendSampled(
  wf: WorkflowView,
  view: CaseView,
  type: string,
  dryRun = false,
): Promise<Reply<CaseView>> {
  const client = clients.get(wf.name)!;
  const schema = payloadSchema(wf, type, view);
  if (typeof schema === 'string') throw new Error(schema);
  let reply: Reply<CaseView> | undefined;
  // A payload may name the unit below (a real move is never a step: see Graph.moves).
  const samples = fc.sample(arbitraryFor(schema).map(existingUnit), SAMPLES_PER_STEP);
  // Driving a case along a path or probing where it rests (not the property itself): the same samples
  // with their date-times moved next to now first, so that the time limits they set do not fall due
  // while the case waits, and dates a guard compares with the event's time (a delivery between the
  // decision and now) can hold.
  // And with their integers made ordinals (an item or task id is a position in the case's own list, which
  // the schema cannot bound): each array's elements numbered 1, 2, …, a lone integer k = 1 … ORDINALS.
  const seen = new Set(samples.map((p) => JSON.stringify(p)));
  const ordinals = samples
    .flatMap((p) => Array.from({ length: ORDINALS }, (_, k) => withOrdinals(p, k + 1)))
    .filter((o) => !seen.has(JSON.stringify(o)) && seen.add(JSON.stringify(o)))
    .filter((o) => violations(schema, o).length === 0);
  const candidates = [
    ...samples.map((p) => withDatesNear(p, 30 * 86_400_000)),
    ...ordinals.map((p) => withDatesNear(p, 30 * 86_400_000)),
    ...samples.map((p) => withDatesNear(p, 0)),
    ...samples.map((p) => withDatesNear(p, -60_000)),
    ...samples,
  ];
  for (const payload of candidates) {
    reply = await client.post<CaseView>(`/cases/${view.id}/events${dryRun ? '?dryRun=true' : ''}`, {
      type,
      payload,
    });
    if (reply.status === 200) return reply;
  }
  return reply!;
}

/**
 * The payload with its integers as ordinals: inside an array, the element's position (1-based); elsewhere
 * `k`. Only payloads that carry an integer differ from the sample (the caller keeps schema-valid ones).
 */
function withOrdinals(value: unknown, k: number, position?: number): unknown {
  if (Number.isInteger(value)) return position ?? k;
  if (Array.isArray(value)) return value.map((v, i) => withOrdinals(v, k, i + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withOrdinals(v, k, position)]));
  }
  return value;
}

/** The payload with every valid date-time replaced by now + `offsetMs` (still schema-valid: same format). */
function withDatesNear(value: unknown, offsetMs: number): unknown {
  if (typeof value === 'string') {
    return violations({ type: 'string', format: 'date-time' }, value).length === 0 && /^\d{4}-/.test(value)
      ? new Date(Date.now() + offsetMs).toISOString()
      : value;
  }
  if (Array.isArray(value)) return value.map((v) => withDatesNear(v, offsetMs));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDatesNear(v, offsetMs)]));
  }
  return value;
}

function unstable(view: CaseView): boolean {
  const soon = Date.now() + STABLE_FOR_MS;
  return view.deadlines.some((d) => d.status === 'pending' && Date.parse(d.dueAt) < soon);
}

/**
 * Drives fresh cases along shortest paths of the published graph until one rests in a state
 * where `event` is allowed and a schema-valid sample passes a dry run. Steps a guard refuses
 * (422) are retried after the events that loop on the current state (e.g. a statement before
 * a report); edges that still fail are banned on that case and the path replanned.
 */
const ONLY_A_TIMEOUT = 'no path of events sendable over HTTP';

async function reach(
  wf: WorkflowView,
  graph: Graph,
  event: string,
  variant: string | null,
): Promise<Reached | string> {
  if (!graph.plan(graph.initialConfig(), event, new Set())) {
    return `${ONLY_A_TIMEOUT} reaches a state that allows ${event} (only a timeout, or nothing, leads there)`;
  }
  const client = clients.get(wf.name)!;
  const problems: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const opened = await openFor(wf, event, variant);
    if (typeof opened === 'string') return opened;
    const banned = new Set<string>();
    const loopsTried = new Set<string>();
    const steps: string[] = [];
    let view = opened;
    for (let n = 0; n < MAX_STEPS; n++) {
      view = (await client.get<CaseView>(`/cases/${view.id}`)).body;
      const config = [...view.states].sort();
      if (view.status !== 'active' || graph.closed(config)) {
        problems.push(`attempt ${attempt}: case closed in ${view.state} after ${steps.join(' → ')}`);
        break;
      }
      // Events that loop on the current state (no target): they only change what guards see.
      const loops = graph
        .enabled(config)
        .filter((e) => e.event && e.event !== event && !e.targets.length && !loopsTried.has(e.event))
        .filter((e) => !graph.moves(e.event));
      if (graph.allows(config, event)) {
        if (unstable(view)) {
          problems.push(`attempt ${attempt}: in ${view.state}, but a time limit falls due soon`);
          break;
        }
        const probe = await sendSampled(wf, view, event, true);
        // No sample fit this case (e.g. task ids): reached all the same when the refusal is explained.
        if (probe.status === 200 || (explainedRefusal(probe) && !loops.length)) {
          return { caseId: view.id, state: view.state, revision: view.revision, steps };
        }
        if (probe.status !== 422 || !loops.length) {
          problems.push(
            `attempt ${attempt}: in ${view.state} the dry run of ${event} gave ${probe.status} ${short(probe.body, 300)}`,
          );
          break;
        }
        loopsTried.add(loops[0].event);
        const r = await sendSampled(wf, view, loops[0].event);
        if (r.status === 200) steps.push(loops[0].event);
        continue;
      }
      const plan = graph.plan(config, event, banned);
      if (!plan) {
        problems.push(
          `attempt ${attempt}: no path from ${view.state} after ${steps.join(' → ') || 'opening'}`,
        );
        break;
      }
      const edge = plan.find((e) => e.event !== '')!;
      let reply = await sendSampled(wf, view, edge.event);
      if (reply.status === 422) {
        for (const loop of loops) {
          loopsTried.add(loop.event);
          const r = await sendSampled(wf, view, loop.event);
          if (r.status === 200) steps.push(loop.event);
        }
        reply = await sendSampled(wf, (await client.get<CaseView>(`/cases/${view.id}`)).body, edge.event);
      }
      if (reply.status === 200) steps.push(edge.event);
      else {
        banned.add(`${edge.source}|${edge.event}`);
        problems.push(
          `attempt ${attempt}: ${edge.event} in ${view.state} gave ${reply.status} ${short(reply.body, 300)}`,
        );
      }
    }
  }
  return `no case reached a state allowing it in ${ATTEMPTS} attempts:\n    ${problems.slice(-6).join('\n    ')}`;
}
