/*
 * Properties of the pure accountability machine, checked with fast-check on random event sequences:
 * valid and invalid event types, sample payloads (and variants that guards refuse), deadline timeouts
 * (pending ones, and stale ones for states already left). The sequences are applied the way the engine
 * applies them — only events the machine can take now are accepted and recorded — and then:
 *   - replaying the recorded history from the initial state gives the same snapshot, step by step;
 *   - going through stored JSON at every step (restore → transition → serialise, as the engine does)
 *     gives the same snapshots as keeping the snapshot in memory;
 *   - a refused event changes nothing;
 *   - a closed case accepts nothing, and has an outcome exactly when it is closed;
 *   - every pending deadline's timeout is deliverable in the current state (left states cancel theirs).
 * fast-check prints the seed and the shrunk counterexample when a property fails.
 */
import fc from 'fast-check';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { canonicalJson } from '../src/engine/history/canonical-json';
import { accountabilityMachine as machine } from '../machines/accountability.machine';
import {
  day,
  EVENT_TYPES,
  INPUT,
  MAIN_ROAD,
  SAMPLE,
  WITH_RECTIFICATION,
} from '../machines/accountability.fixtures';
import type {
  AccountabilityEventType,
  AccountabilityInput,
  Payloads,
} from '../machines/accountability.types';

type AnyEvent = { type: string; payload: Record<string, unknown>; at: string; actor: string };
type Snapshot = AnyMachineSnapshot;

const TIMEOUT_PREFIX = 'xstate.after.';

/** Payload variants per event type: the sample first, then ones that take other branches or that guards refuse. */
const VARIANTS: { [K in AccountabilityEventType]: Payloads[K][] } = {
  ...(Object.fromEntries(EVENT_TYPES.map((t) => [t, [SAMPLE[t]]])) as {
    [K in AccountabilityEventType]: Payloads[K][];
  }),
  PROPOSE_OPINION: [
    SAMPLE.PROPOSE_OPINION,
    { ...SAMPLE.PROPOSE_OPINION, measures: [], mitigation: 'exempt' },
    // Does not fit an individual: the guard refuses it.
    { ...SAMPLE.PROPOSE_OPINION, measures: [{ type: 'reorganisation' }] },
  ],
  DECIDE: [
    SAMPLE.DECIDE,
    WITH_RECTIFICATION,
    { decisionNo: 'D-9', measures: [{ type: 'organisationalHandling', detail: 'demotion' }] },
    { decisionNo: 'D-10', measures: [{ type: 'inspection' }] },
    // Missing its detail: refused by the guard.
    { decisionNo: 'D-11', measures: [{ type: 'partyDiscipline' }] },
  ],
  LINKED_CASE_CLOSED: [
    SAMPLE.LINKED_CASE_CLOSED,
    { relation: 'alsoInvestigate', workflow: 'accountability', outcome: 'accountable' },
  ],
  RESOLVE_APPEAL: [
    SAMPLE.RESOLVE_APPEAL,
    { outcome: 'amended', measures: [{ type: 'notice' }] },
    { outcome: 'revoked' },
    // Amended without measures: no branch takes it.
    { outcome: 'amended' },
  ],
  TRANSFER: [SAMPLE.TRANSFER, { to: 'discipline', reference: 'DIS-1' }],
};

const ORGANISATION: AccountabilityInput = {
  ...INPUT,
  subject: { ref: 'o-001', kind: 'organisation', name: 'County Transport Bureau' },
};

/** Event types the workflow does not know (the engine refuses them before the machine sees them). */
const BOGUS_TYPES = ['NOPE', '', 'accept', 'OPEN', 'Accept ', 'toString', '__proto__', 'constructor'];

/** Timeouts of states the case may have left: delivering one must be a no-op. */
const STALE_TIMEOUTS = [
  'xstate.after.investigation.accountability.investigation',
  'xstate.after.delivery.accountability.notification',
  'xstate.after.execution.accountability.execution.measures.pending',
  'xstate.after.rectification.accountability.execution.rectification.rectifying',
  'xstate.after.appealWindow.accountability.execution.appeal.open',
  'xstate.after.appealReview.accountability.execution.appeal.underReview',
  'xstate.after.nosuchdelay.accountability.proposed',
];

type Command =
  | { kind: 'forward'; variant: number }
  | { kind: 'allowed'; pick: number; variant: number }
  | { kind: 'any'; pick: number; variant: number }
  | { kind: 'timeout'; pick: number }
  | { kind: 'stale'; pick: number }
  | { kind: 'bogus'; type: string };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('forward' as const), variant: fc.nat() }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('allowed' as const), pick: fc.nat(), variant: fc.nat() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('any' as const), pick: fc.nat(), variant: fc.nat() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('timeout' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bogus' as const),
      type: fc.oneof(fc.constantFrom(...BOGUS_TYPES), fc.string({ maxLength: 12 })),
    }),
  },
);

const commands = fc.array(command, { maxLength: 40, size: 'max' });
const input = fc.constantFrom(INPUT, ORGANISATION);

function serialise(s: Snapshot): string {
  return canonicalJson({ value: s.value, context: s.context, status: s.status });
}

/** What the engine does with a stored snapshot: parse it and let the machine resolve it. */
function restore(stored: string): Snapshot {
  const parsed = JSON.parse(stored) as { value: never; context: never };
  return machine.resolveState({ value: parsed.value, context: parsed.context });
}

function accepts(s: Snapshot, e: AnyEvent): boolean {
  if (s.status !== 'active') return false;
  try {
    return s.can(e as never);
  } catch {
    return false;
  }
}

/** Events the workflow knows that the machine takes now (the engine's allowedEvents probe, empty payload). */
function allowedNow(s: Snapshot): AccountabilityEventType[] {
  return EVENT_TYPES.filter((type) => accepts(s, { type, payload: {}, at: day(0), actor: '' }));
}

interface Run {
  input: AccountabilityInput;
  /** The accepted events, in order, as the history records them. */
  history: AnyEvent[];
  /** Serialised snapshot after each accepted event. */
  snapshots: string[];
  final: Snapshot;
  refused: { event: AnyEvent; before: string; after: string }[];
  pendingViolations: string[];
}

function interpret(s: Snapshot, cmd: Command, pending: string[], at: string): AnyEvent {
  const user = (type: AccountabilityEventType, variant: number): AnyEvent => {
    const variants = VARIANTS[type] as Record<string, unknown>[];
    const payload = variants[variant % variants.length];
    // A delivery is dated between the decision and the moment it is recorded: here, that moment.
    return {
      type,
      payload: type === 'DELIVER' ? { ...payload, deliveredAt: at } : payload,
      at,
      actor: 'alice',
    };
  };
  switch (cmd.kind) {
    case 'forward': {
      const allowed = allowedNow(s);
      return user(MAIN_ROAD.find((t) => allowed.includes(t)) ?? 'ACCEPT', cmd.variant);
    }
    case 'allowed': {
      const allowed = allowedNow(s);
      const pool = allowed.length ? allowed : EVENT_TYPES;
      return user(pool[cmd.pick % pool.length], cmd.variant);
    }
    case 'any':
      return user(EVENT_TYPES[cmd.pick % EVENT_TYPES.length], cmd.variant);
    case 'timeout': {
      const pool = pending.length ? pending : STALE_TIMEOUTS;
      return { type: pool[cmd.pick % pool.length], payload: {}, at, actor: 'system:deadline' };
    }
    case 'stale':
      return {
        type: STALE_TIMEOUTS[cmd.pick % STALE_TIMEOUTS.length],
        payload: {},
        at,
        actor: 'system:deadline',
      };
    case 'bogus':
      return { type: cmd.type, payload: {}, at, actor: 'alice' };
  }
}

/** Keeps the pending deadline send ids in step with the raise/cancel actions, as the planner does. */
function trackDeadlines(actions: readonly { type: string; params?: unknown }[], pending: string[]): void {
  for (const action of actions) {
    const params = (action.params ?? {}) as { id?: string; delay?: unknown; sendId?: string };
    if (action.type === 'xstate.cancel' && params.sendId?.startsWith(TIMEOUT_PREFIX)) {
      for (let i = pending.indexOf(params.sendId); i >= 0; i = pending.indexOf(params.sendId))
        pending.splice(i, 1);
    } else if (action.type === 'xstate.raise' && params.delay !== undefined && params.id) {
      pending.push(params.id);
    }
  }
}

/** Applies the commands like the engine: refused events are not recorded; accepted ones go to the history. */
function run(open: AccountabilityInput, cmds: Command[], viaStore: boolean): Run {
  const [first, firstActions] = initialTransition(machine, open);
  let s: Snapshot = first;
  const pending: string[] = [];
  trackDeadlines(firstActions, pending);
  const out: Run = { input: open, history: [], snapshots: [], final: s, refused: [], pendingViolations: [] };
  cmds.forEach((cmd, i) => {
    const event = interpret(s, cmd, pending, day(i + 1));
    const before = viaStore ? restore(serialise(s)) : s;
    if (!accepts(before, event)) {
      const [after] = transition(machine, before, event as never);
      out.refused.push({ event, before: serialise(before), after: serialise(after) });
      return;
    }
    if (event.type.startsWith(TIMEOUT_PREFIX)) pending.splice(pending.indexOf(event.type), 1);
    const [after, actions] = transition(machine, before, event as never);
    trackDeadlines(actions, pending);
    s = viaStore ? restore(serialise(after)) : after;
    out.history.push(event);
    out.snapshots.push(serialise(s));
    for (const sendId of pending) {
      if (!accepts(s, { type: sendId, payload: {}, at: event.at, actor: 'system:deadline' })) {
        out.pendingViolations.push(`${sendId} pending in ${JSON.stringify(s.value)} after ${event.type}`);
      }
    }
  });
  out.final = s;
  return out;
}

/** Replays a recorded history from the start, as GET /verify does. */
function replay(open: AccountabilityInput, history: AnyEvent[]): string[] {
  let s: Snapshot = initialTransition(machine, open)[0];
  return history.map((e) => {
    s = transition(machine, s, e as never)[0];
    return serialise(s);
  });
}

const RUNS = { numRuns: 150 };

describe('accountability machine properties (fast-check)', () => {
  it('replaying the accepted events from the start reproduces every snapshot', () => {
    fc.assert(
      fc.property(input, commands, (open, cmds) => {
        const live = run(open, cmds, false);
        expect(replay(open, live.history)).toEqual(live.snapshots);
      }),
      RUNS,
    );
  });

  it('going through stored JSON at every step gives the same histories and snapshots as staying in memory', () => {
    fc.assert(
      fc.property(input, commands, (open, cmds) => {
        const memory = run(open, cmds, false);
        const stored = run(open, cmds, true);
        expect(stored.history.map((e) => e.type)).toEqual(memory.history.map((e) => e.type));
        expect(stored.snapshots).toEqual(memory.snapshots);
        expect(serialise(stored.final)).toEqual(serialise(memory.final));
      }),
      RUNS,
    );
  });

  it('a refused event leaves the snapshot exactly as it was, and unknown types are always refused', () => {
    fc.assert(
      fc.property(input, commands, (open, cmds) => {
        const r = run(open, cmds, true);
        for (const refused of r.refused) expect(refused.after).toEqual(refused.before);
        for (const e of r.history) {
          expect(Object.hasOwn(SAMPLE, e.type) || e.type.startsWith(TIMEOUT_PREFIX)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('a case is closed exactly when its status is done; then (or when concluded) it has an outcome; closed, it accepts nothing', () => {
    fc.assert(
      fc.property(input, commands, fc.nat(), (open, cmds, probe) => {
        const r = run(open, cmds, true);
        const closed = r.final.value === 'closed';
        expect(r.final.status === 'done').toBe(closed);
        // Concluded as accountable: the outcome is known, but the case stays open to a correction.
        const concluded = r.final.value === 'concluded';
        if (concluded) expect(allowedNow(r.final)).toEqual(['CORRECT_DECISION']);
        const context = r.final.context as { outcome: string | null; closedAt: string | null };
        expect(context.outcome !== null).toBe(closed || concluded);
        expect(context.closedAt !== null).toBe(closed || concluded);
        if (closed) {
          expect(allowedNow(r.final)).toEqual([]);
          const type = EVENT_TYPES[probe % EVENT_TYPES.length];
          expect(accepts(r.final, { type, payload: SAMPLE[type], at: day(99), actor: 'alice' })).toBe(false);
        }
        // Nothing is accepted after the case closed.
        const closedAt = r.snapshots.findIndex(
          (s) => (JSON.parse(s) as { value: unknown }).value === 'closed',
        );
        if (closedAt >= 0) expect(r.history).toHaveLength(closedAt + 1);
      }),
      RUNS,
    );
  });

  it('every pending deadline can still be delivered: leaving a state cancels its time limits', () => {
    fc.assert(
      fc.property(input, commands, (open, cmds) => {
        expect(run(open, cmds, true).pendingViolations).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the generator reaches deep into the procedure (sanity check of the properties above)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(input, commands, (open, cmds) => {
        for (const s of run(open, cmds, false).snapshots) {
          const value = (JSON.parse(s) as { value: unknown }).value;
          reached.add(typeof value === 'string' ? value : Object.keys(value as object)[0]);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect([...reached].sort()).toEqual(
      expect.arrayContaining([
        'closed',
        'decision',
        'execution',
        'investigation',
        'notification',
        'pendingApproval',
        'preliminaryOpinion',
      ]),
    );
  });
});
