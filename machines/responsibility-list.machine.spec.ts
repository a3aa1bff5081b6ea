import { getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { transitionCoverage } from './model-coverage';
import { transition, type AnyStateNode, type StateValue } from 'xstate';
import {
  complete,
  day,
  DISCIPLINE_HEAD,
  ev,
  INPUT,
  PRINCIPAL,
  published,
  send,
  sign,
  signSummary,
  start,
  timeout,
  TRACKING_BEHIND,
  TRACKING_ON_TRACK,
  type Snap,
} from './responsibility-list.fixtures';
import { nextDue, refusalReason, responsibilityListMachine as machine } from './responsibility-list.machine';
import type { ResponsibilityListEvent } from './responsibility-list.types';

const path = (s: Snap) => JSON.stringify(s.value);
const accepts = (s: Snap, e: ResponsibilityListEvent) => s.can(e);
const explain = (s: Snap, e: ResponsibilityListEvent) => refusalReason(s.context, e);

/** The limits a transition arms (`xstate.raise` with a delay) and cancels, by send id. */
function limits(s: Snap, e: ResponsibilityListEvent) {
  const [next, result] = transition(machine, s, e);
  const actions = result as { type: string; params?: unknown }[];
  const params = (a: { params?: unknown }) =>
    (a.params ?? {}) as { id?: string; delay?: number; sendId?: string };
  return {
    next,
    armed: actions
      .filter((a) => a.type === 'xstate.raise' && params(a).delay !== undefined)
      .map((a) => params(a).id),
    cancelled: actions.filter((a) => a.type === 'xstate.cancel').map((a) => params(a).sendId),
  };
}

/** The due date of the next open unflagged task: what the workflow's `taskDue` policy makes the limit's due time. */
const dueOf = (s: Snap) => nextDue(s.context);

const flags = (s: Snap) => s.context.tasks.map((t) => t.overdueAt);

describe('responsibility list: signatures', () => {
  it('one signature is not enough: the list cannot be published', () => {
    const half = send(start(), sign('principal'));
    expect(half.value).toBe('signing');
    expect(half.context.signatures.principal).toMatchObject({
      as: 'principal',
      actor: PRINCIPAL,
      at: day(2),
    });
    expect(half.context.signatures.supervisor).toBeNull();
    expect(accepts(half, ev('PUBLISH'))).toBe(false);
    expect(send(half, ev('PUBLISH')).value).toBe('signing');
    const both = send(half, sign('supervisor'));
    expect(both.value).toBe('signed');
    expect(accepts(both, ev('PUBLISH'))).toBe(true);
  });

  it('either side may sign first', () => {
    expect(send(start(), sign('supervisor'), sign('principal')).value).toBe('signed');
  });

  it('the same side signing twice is refused, with the reason', () => {
    const half = send(start(), sign('principal'));
    const again = sign('principal', 'someone.else');
    expect(accepts(half, again)).toBe(false);
    expect(send(half, again)).toMatchObject({ value: 'signing', context: half.context });
    expect(explain(half, again)).toMatch(/principal side has already signed/);
  });

  it('the side not yet signed may sign; the signed side is refused whoever sends it', () => {
    const half = send(start(), sign('principal'));
    expect(explain(half, sign('supervisor'))).toBeNull();
    expect(explain(half, sign('principal', DISCIPLINE_HEAD))).toMatch(/principal side has already signed/);
  });

  it('two persons sign: a list naming one person for both sides cannot be signed by them twice', () => {
    const same = { ref: 'both.roles', name: 'Both Roles' };
    for (const [first, second] of [
      ['principal', 'supervisor'],
      ['supervisor', 'principal'],
    ] as const) {
      const half = send(start({ ...INPUT, principal: same, supervisor: same }), sign(first, 'both.roles'));
      const again = sign(second, 'both.roles');
      expect(accepts(half, again)).toBe(false);
      expect(explain(half, again)).toBe(
        `both.roles signed the ${first} side already: the ${second} side must be signed by another person`,
      );
    }
  });

  it('issue 18 fix 7: only the person the list names for a side signs it, with a review opinion', () => {
    const stranger = sign('principal', 'zhou.lan');
    expect(accepts(start(), stranger)).toBe(false);
    expect(explain(start(), stranger)).toBe(
      'only Sun Wei (sun.wei), named on the list as the principal (主体责任) responsible person, may sign the principal side; you are signed in as zhou.lan',
    );
    const blank = ev('SIGN', { as: 'principal', opinion: '  ' }, day(2), PRINCIPAL);
    expect(accepts(start(), blank)).toBe(false);
    expect(explain(start(), blank)).toMatch(/review opinion/);
    const both = send(start(), sign('principal'), sign('supervisor'));
    expect(both.context.signatures).toMatchObject({
      principal: { signedBy: 'Sun Wei', actor: PRINCIPAL, opinion: 'Reviewed by the principal side' },
      supervisor: {
        signedBy: 'Zhou Lan',
        actor: DISCIPLINE_HEAD,
        opinion: 'Reviewed by the supervisor side',
      },
    });
  });

  it('tasks may be revised only before anyone signs', () => {
    const revised = send(start(), ev('REVISE_TASKS'));
    expect(revised.context.tasks.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(revised.context.revisions).toBe(1);
    expect(accepts(send(start(), sign('principal')), ev('REVISE_TASKS'))).toBe(false);
  });
});

describe('responsibility list: each task has its own due date and overdue flag', () => {
  it('publishing arms one limit, due at the earliest task', () => {
    const { next, armed } = limits(
      send(start(), sign('principal'), sign('supervisor')),
      ev('PUBLISH', {}, day(3)),
    );
    expect(next.value).toEqual({ inProgress: { onTrack: 'tracking' } });
    expect(armed).toEqual([`xstate.after.taskDue.${TRACKING_ON_TRACK}`]);
    expect(dueOf(next)).toBe(day(30));
  });

  it('firing flags only the tasks due by then, and re-arms for the next one in `behind`', () => {
    const { next, armed, cancelled } = limits(published(), timeout(TRACKING_ON_TRACK, day(30)));
    expect(flags(next)).toEqual([day(30), null, null]);
    expect(next.value).toEqual({ inProgress: { behind: 'tracking' } });
    // Another state, so another send id: the fired limit is not settled by the re-arming.
    expect(cancelled).toEqual([`xstate.after.taskDue.${TRACKING_ON_TRACK}`]);
    expect(armed).toEqual([`xstate.after.taskDue.${TRACKING_BEHIND}`]);
    expect(dueOf(next)).toBe(day(90));
  });

  it('one firing flags every open task due by then; with none left to guard no limit is armed', () => {
    const behind = send(published(), timeout(TRACKING_ON_TRACK, day(30)));
    const { next, armed } = limits(behind, timeout(TRACKING_BEHIND, day(90)));
    expect(flags(next)).toEqual([day(30), day(90), day(90)]);
    expect(next.value).toEqual({ inProgress: { behind: 'allFlagged' } });
    expect(armed).toEqual([]);
  });

  it('a task completed in time is never flagged; each completion re-arms the limit for the next task', () => {
    const first = limits(published(), complete('t1', day(10)));
    expect(first.next.context.tasks[0]).toMatchObject({
      completedAt: day(10),
      evidenceRef: 'DOC-t1',
      overdueAt: null,
    });
    expect(first.next.value).toEqual({ inProgress: { onTrack: 'tracking' } });
    expect(first.cancelled).toEqual([`xstate.after.taskDue.${TRACKING_ON_TRACK}`]);
    expect(first.armed).toEqual([`xstate.after.taskDue.${TRACKING_ON_TRACK}`]);
    expect(dueOf(first.next)).toBe(day(90));
  });

  it('completing the last overdue task goes back on track; completing all arms nothing', () => {
    const behind = send(published(), timeout(TRACKING_ON_TRACK, day(30)));
    const caughtUp = send(behind, complete('t1', day(40)));
    expect(caughtUp.value).toEqual({ inProgress: { onTrack: 'tracking' } });
    // The flag stays on the record: the task was done late.
    expect(caughtUp.context.tasks[0]).toMatchObject({ overdueAt: day(30), completedAt: day(40) });
    const t2 = send(caughtUp, complete('t2', day(50)));
    const { next, armed } = limits(t2, complete('t3', day(60)));
    expect(next.value).toEqual({ inProgress: { onTrack: 'allDone' } });
    expect(armed).toEqual([]);
  });

  it('an overdue task completed while others are overdue keeps the case behind', () => {
    const allFlagged = send(published(), timeout(TRACKING_ON_TRACK, day(95)));
    expect(flags(allFlagged)).toEqual([day(95), day(95), day(95)]);
    expect(send(allFlagged, complete('t2', day(96))).value).toEqual({ inProgress: { behind: 'allFlagged' } });
  });

  it('completing an unknown or a done task is refused, with the reason', () => {
    const done = send(published(), complete('t1'));
    expect(accepts(done, complete('t1'))).toBe(false);
    expect(explain(done, complete('t1'))).toMatch(/task t1 was already completed/);
    expect(accepts(done, complete('t9'))).toBe(false);
    expect(explain(done, complete('t9'))).toMatch(/no task t9/);
  });
});

describe('responsibility list: review, summary, archive', () => {
  it('the mid-year review is recorded once, and comes before the year-end summary', () => {
    const running = published();
    expect(accepts(running, ev('YEAR_END_SUMMARY'))).toBe(false);
    expect(explain(running, ev('YEAR_END_SUMMARY'))).toMatch(/mid-year review has not been recorded/);
    const reviewed = send(running, ev('MID_YEAR_REVIEW', undefined, day(180), 'li.qiang'));
    expect(reviewed.context.midYearReview).toMatchObject({ actor: 'li.qiang', at: day(180) });
    // Recording it does not re-arm the task limit.
    expect(limits(running, ev('MID_YEAR_REVIEW')).armed).toEqual([]);
    expect(accepts(reviewed, ev('MID_YEAR_REVIEW'))).toBe(false);
    expect(explain(reviewed, ev('MID_YEAR_REVIEW'))).toMatch(/already recorded/);
  });

  it('the summary is signed by both sides, then archived', () => {
    const summarising = send(published(), ev('MID_YEAR_REVIEW'), ev('YEAR_END_SUMMARY', undefined, day(350)));
    expect(summarising.value).toEqual({ summarising: 'unsigned' });
    const half = send(summarising, signSummary('supervisor'));
    expect(accepts(half, ev('ARCHIVE'))).toBe(false);
    expect(accepts(half, signSummary('supervisor', 'x'))).toBe(false);
    expect(explain(half, signSummary('supervisor', 'x'))).toMatch(/supervisor side has already signed/);
    const signed = send(half, signSummary('principal'));
    expect(signed.value).toEqual({ summarising: 'signed' });
    const archived = send(signed, ev('ARCHIVE', {}, day(365)));
    expect(archived).toMatchObject({
      status: 'done',
      context: { outcome: 'archived', archivedAt: day(365) },
    });
  });

  it('leaving the tasks for the summary cancels the pending limit', () => {
    const reviewed = send(published(), ev('MID_YEAR_REVIEW'));
    const { cancelled, armed } = limits(reviewed, ev('YEAR_END_SUMMARY'));
    expect(cancelled).toEqual([`xstate.after.taskDue.${TRACKING_ON_TRACK}`]);
    expect(armed).toEqual([]);
  });
});

describe('responsibility list: model-based coverage (@xstate/graph)', () => {
  // Two tasks keep the graph small; their due dates and the timeouts' times make every route reachable.
  // The first is key (version 3): it is checked once done, before the year-end summary.
  const input = { ...INPUT, tasks: [{ ...INPUT.tasks[0], key: true }, INPUT.tasks[1]] };
  const events: ResponsibilityListEvent[] = [
    ev('REVISE_TASKS', { tasks: input.tasks }),
    sign('principal'),
    sign('supervisor'),
    sign('principal', 'someone.else'),
    ev('PUBLISH'),
    complete('t1'),
    complete('t2'),
    complete('t9'),
    ev('CHECK_TASK'),
    ev('MID_YEAR_REVIEW'),
    ev('YEAR_END_SUMMARY'),
    ev('YEAR_END_SUMMARY', {
      summary: 's',
      explanations: ['t1', 't2', 't3'].map((taskId) => ({ taskId, explanation: 'e' })),
    }),
    ev('RECORD_NOTICE'),
    ev('ESCALATE'),
    signSummary('principal'),
    signSummary('supervisor'),
    signSummary('supervisor', 'someone.else'),
    ev('ARCHIVE'),
    ...[TRACKING_ON_TRACK, TRACKING_BEHIND].flatMap((id) => [timeout(id, day(30)), timeout(id, day(90))]),
  ];
  // Context reduced to what guards read, so the graph stays finite.
  const serializeState = (s: Snap) =>
    JSON.stringify({
      value: s.value,
      tasks: s.context.tasks.map((t) => [t.completedAt !== null, t.overdueAt !== null, t.check?.met]),
      signatures: [s.context.signatures.principal?.actor, s.context.signatures.supervisor?.actor],
      summary: [s.context.summarySignatures.principal?.actor, s.context.summarySignatures.supervisor?.actor],
      reviewed: s.context.midYearReview !== null,
      notices: Math.min(s.context.notices?.length ?? 0, 2),
      referred: s.context.referrals?.flatMap((r) => r.taskIds),
    });
  const adjacency = getAdjacencyMap(machine, { input, events, serializeState });
  const snapshots = Object.values(adjacency).map((v) => v.state as Snap);

  const nodeIds = (value: StateValue, prefix: string): string[] =>
    typeof value === 'string'
      ? [`${prefix}.${value}`]
      : Object.entries(value).flatMap(([k, v]) => [
          `${prefix}.${k}`,
          ...(v ? nodeIds(v, `${prefix}.${k}`) : []),
        ]);

  it('reaches every state node (except the transient route) and the outcome', () => {
    const reached = new Set(
      snapshots.flatMap((s) => ['responsibilityList', ...nodeIds(s.value, 'responsibilityList')]),
    );
    const all = getStateNodes(machine)
      .map((n: AnyStateNode) => n.id)
      .filter((id: string) => id !== 'responsibilityList.inProgress.route');
    expect(all.filter((id: string) => !reached.has(id))).toEqual([]);
    expect(new Set(snapshots.map((s) => s.context.outcome))).toEqual(new Set([null, 'archived']));
  });

  it('takes every event-driven transition, the timeouts included', () => {
    const { all, missed } = transitionCoverage(machine, adjacency);
    expect(missed).toEqual([]);
    // `always` branches of the transient route are not in this list: the next test covers them.
    expect(all).toHaveLength(15);
  });

  it('takes every branch of the transient route', () => {
    const leaves = new Set(snapshots.filter((s) => s.matches('inProgress')).map((s) => path(s)));
    expect([...leaves].sort()).toEqual(
      [
        { inProgress: { onTrack: 'tracking' } },
        { inProgress: { onTrack: 'allDone' } },
        { inProgress: { behind: 'tracking' } },
        { inProgress: { behind: 'allFlagged' } },
      ]
        .map((v) => JSON.stringify(v))
        .sort(),
    );
  });

  it('no limit is armed where no open task is left unflagged', () => {
    for (const s of snapshots) {
      const armedHere =
        s.matches({ inProgress: { onTrack: 'tracking' } }) ||
        s.matches({ inProgress: { behind: 'tracking' } });
      const pending = s.context.tasks.some((t) => t.completedAt === null && t.overdueAt === null);
      if (s.matches('inProgress')) expect(armedHere).toBe(pending);
    }
  });
});

describe('responsibility list, version 2: issue 18 fix 7', () => {
  const lapsed = (input = INPUT) => send(published(input), timeout(TRACKING_ON_TRACK, day(30)));

  it('a task lapsing issues the 督办 notice by itself when the list opened under that policy', () => {
    expect(lapsed({ ...INPUT, autoNotice: true }).context.notices).toEqual([
      { noticeRef: 'auto-1', auto: true, at: day(30), actor: 'system:deadline' },
    ]);
    expect(lapsed().context.notices).toEqual([]);
  });

  it('after a notice, the 倒查 reaches each overdue task person (direct) and the principal (main leadership)', () => {
    const s = lapsed();
    expect(accepts(s, ev('ESCALATE'))).toBe(false);
    expect(explain(s, ev('ESCALATE'))).toMatch(/RECORD_NOTICE/);
    const referred = send(s, ev('RECORD_NOTICE'), ev('ESCALATE', { reason: 'r' }, day(40), 'li.qiang'));
    expect(referred.context.referrals).toEqual([
      {
        reason: 'r',
        taskIds: ['t1'],
        notices: 1,
        at: day(40),
        actor: 'li.qiang',
        persons: [
          {
            ref: 'sun.wei',
            name: 'Sun Wei',
            post: 'Party secretary',
            sides: ['principal'],
            responsibility: 'mainLeadership',
            taskIds: [],
          },
          {
            ref: 'liu.office',
            name: 'Party office',
            sides: ['taskOwner'],
            responsibility: 'direct',
            taskIds: ['t1'],
          },
        ],
      },
    ]);
    // nothing more to refer until another task lapses
    expect(explain(referred, ev('ESCALATE'))).toBe('no overdue task awaits a 倒查');
  });

  it('the year-end summary explains every task still overdue, or is refused', () => {
    const s = send(lapsed(), ev('MID_YEAR_REVIEW'));
    expect(explain(s, ev('YEAR_END_SUMMARY'))).toBe(
      'tasks t1 are overdue: the summary must explain each (explanations)',
    );
    expect(accepts(s, ev('YEAR_END_SUMMARY'))).toBe(false);
    const explained = ev('YEAR_END_SUMMARY', {
      summary: 's',
      explanations: [{ taskId: 't1', explanation: 'The venue burned down' }],
    });
    expect(send(s, explained).context.yearEndSummary).toMatchObject({
      explanations: [{ taskId: 't1', explanation: 'The venue burned down' }],
    });
  });

  it('a list whose tasks lack their standard, safeguards, supervising body or person is not published', () => {
    const bare = { ...INPUT, tasks: INPUT.tasks.map(({ title, owner, dueAt }) => ({ title, owner, dueAt })) };
    const signed = send(start(bare), sign('principal'), sign('supervisor'));
    expect(accepts(signed, ev('PUBLISH'))).toBe(false);
    expect(explain(signed, ev('PUBLISH'))).toMatch(/tasks t1, t2, t3 lack their responsible person/);
  });
});
