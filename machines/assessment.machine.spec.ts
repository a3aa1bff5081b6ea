/*
 * The assessment machine on its own: what each state accepts, what each transition records (totals,
 * grade, lapses), the date and plan rules, and a model-based walk with @xstate/graph over every state
 * and transition.
 */
import { getAdjacencyMap, getStateNodes } from '@xstate/graph';
import { transitionCoverage } from './model-coverage';
import { transition, type AnyStateNode } from 'xstate';
import {
  assessmentMachine as machine,
  bandOf,
  explainRefusal,
  refusal,
  SEED_BANDS,
  weightedTotal,
} from './assessment.machine';
import { GRADES, STAGES, type AssessmentEvent } from './assessment.types';
import {
  application,
  day,
  ev,
  EVENT_TYPES,
  feedback,
  grading,
  INDICATORS,
  INPUT,
  onSite,
  SAMPLE,
  scores,
  send,
  start,
  timeout,
  type Snap,
} from './assessment.fixtures';

const state = (s: Snap) => JSON.stringify(s.value);

/** Results without a reward for the unit (what a failed unit may be given). */
const TALK_ONLY = {
  results: [
    { kind: 'talk' as const, people: [{ ref: 'p-77', name: 'Li Si' }], what: 'Talk on the failed year' },
  ],
  fileRef: 'KH-2025-7',
};
/** A case opened on version 1: no supervisory responsible person, no bands (graded by the seeds' bands). */
const INPUT_V1 = { ...INPUT, supervisor: undefined, bands: undefined };
const accepts = (s: Snap, e: AssessmentEvent) => s.can(e);

/** The delays a transition arms (xstate.raise with a delay) and cancels, by send id. */
function limits(s: Snap, e: AssessmentEvent) {
  const actions = transition(machine, s, e)[1] as { type: string; params?: Record<string, unknown> }[];
  return {
    armed: actions
      .filter((a) => a.type === 'xstate.raise' && a.params?.delay !== undefined)
      .map((a) => String(a.params?.id)),
    cancelled: actions.filter((a) => a.type === 'xstate.cancel').map((a) => String(a.params?.sendId)),
  };
}

describe('assessment machine: which events each state accepts', () => {
  const table: [string, () => Snap, string[]][] = [
    ['selfAssessment', () => start(), ['RECORD_MID_YEAR_CHECK', 'SUBMIT_SELF_ASSESSMENT', 'NAME_SUPERVISOR']],
    ['onSite', onSite, ['RECORD_ON_SITE', 'NAME_SUPERVISOR']],
    ['grading', grading, ['DECIDE_GRADE', 'NAME_SUPERVISOR']],
    ['feedback', () => feedback(), ['DELIVER_FEEDBACK']],
    ['application', application, ['APPLY_RESULTS']],
  ];
  it.each(table)('%s', (_name, make, allowed) => {
    const s = make();
    expect(EVENT_TYPES.filter((t) => accepts(s, ev(t)))).toEqual(allowed);
  });
});

describe('assessment machine: the stages', () => {
  it('weighted total: weights (adding up to 100) times scores, over 100, to two decimals', () => {
    expect(weightedTotal(INDICATORS, scores(80, 70, 90, 60, 100))).toBe(80);
    expect(weightedTotal(INDICATORS, scores(100))).toBe(100);
    expect(weightedTotal(INDICATORS, scores(0))).toBe(0);
    expect(weightedTotal(INDICATORS, scores(33.33, 0, 0, 0, 0))).toBe(10);
    expect(weightedTotal([{ code: 'a', weight: 100 }], { a: 66.667 })).toBe(66.67);
  });

  it('a mid-year check is optional and recorded once, without touching the self-assessment limit', () => {
    const s = start();
    expect(limits(s, ev('RECORD_MID_YEAR_CHECK')).armed).toEqual([]);
    const checked = send(s, ev('RECORD_MID_YEAR_CHECK', undefined, day(150), 'lee'));
    expect(state(checked)).toBe('"selfAssessment"');
    expect(checked.context.midYearCheck).toEqual({
      summary: 'Half the key tasks done',
      findings: 'Canteen accounts unclear',
      at: day(150),
      actor: 'lee',
    });
    expect(accepts(checked, ev('RECORD_MID_YEAR_CHECK'))).toBe(false);
    expect(refusal(checked.context, ev('RECORD_MID_YEAR_CHECK'))).toContain('already recorded');
    // the self-assessment need not wait for one
    expect(state(onSite())).toBe('"onSite"');
  });

  it('the self-assessment keeps the scores of the plan with their total and the evidence', () => {
    const s = onSite();
    expect(s.context.selfAssessment).toMatchObject({
      report: 'All tasks met',
      scores: scores(90),
      total: 90,
      evidenceRefs: ['EV-1', 'EV-2'],
      at: day(1),
    });
  });

  it('refuses scores that do not fit the plan, and says which indicators', () => {
    const partial = { keyTasks: 90 };
    const e = ev('SUBMIT_SELF_ASSESSMENT', { ...SAMPLE.SUBMIT_SELF_ASSESSMENT, scores: partial });
    expect(accepts(start(), e)).toBe(false);
    expect(refusal(start().context, e)).toContain('scores lack departmentResponsibility');
    const extra = ev('SUBMIT_SELF_ASSESSMENT', {
      ...SAMPLE.SUBMIT_SELF_ASSESSMENT,
      scores: { ...scores(90), ghost: 1 },
    });
    expect(refusal(start().context, extra)).toContain("ghost is not in this case's plan");
  });

  it('the on-site assessment records scores, total, approval rate and problems', () => {
    const s = grading();
    expect(state(s)).toBe('"grading"');
    expect(s.context.onSite).toMatchObject({
      heldAt: day(1),
      total: 80,
      approvalRate: 92.5,
      problems: [{ description: 'Canteen accounts unclear', responsible: 'Wang Wu', dueAt: day(60) }],
      notes: null,
    });
  });

  it.each([
    ['in the future', day(2), 'is in the future'],
    ['before the self-assessment', day(0), 'before the self-assessment was submitted'],
  ])('refuses an on-site assessment held %s', (_name, heldAt, reason) => {
    const e = ev('RECORD_ON_SITE', { ...SAMPLE.RECORD_ON_SITE, heldAt }, day(1));
    expect(accepts(onSite(), e)).toBe(false);
    expect(refusal(onSite().context, e)).toContain(reason);
  });

  it.each([...GRADES])('the grade %s is decided, delivered, applied and becomes the outcome', (grade) => {
    const decided = feedback(grade);
    expect(decided.context.grade).toMatchObject({ grade, basis: 'b' });
    const closed = send(
      decided,
      ev('DELIVER_FEEDBACK', { ...SAMPLE.DELIVER_FEEDBACK, deliveredAt: day(2) }, day(3)),
      ev('APPLY_RESULTS', grade === 'fail' ? TALK_ONLY : undefined, day(4)),
    );
    expect(closed.status).toBe('done');
    expect(closed.context).toMatchObject({ outcome: grade, closedAt: day(4) });
    expect(closed.context.feedback).toMatchObject({ deliveredAt: day(2), at: day(3) });
    expect(closed.context.application).toMatchObject({ fileRef: 'KH-2025-7', at: day(4) });
  });

  it('refuses feedback delivered before the grade or in the future', () => {
    const s = feedback();
    expect(accepts(s, ev('DELIVER_FEEDBACK', { ...SAMPLE.DELIVER_FEEDBACK, deliveredAt: day(0) }))).toBe(
      false,
    );
    expect(accepts(s, ev('DELIVER_FEEDBACK', { ...SAMPLE.DELIVER_FEEDBACK, deliveredAt: day(5) }))).toBe(
      false,
    );
  });
});

describe('assessment machine: time limits', () => {
  const stages: [(typeof STAGES)[number], () => Snap][] = [
    ['selfAssessment', () => start()],
    ['onSite', onSite],
    ['grading', grading],
    ['feedback', () => feedback()],
    ['application', application],
  ];

  it.each(stages)(
    '%s: entering arms its limit; its firing records the lapse and the case waits on',
    (stage, make) => {
      const s = make();
      const fired = send(s, timeout(stage, day(40)));
      expect(fired.value).toEqual(s.value);
      expect(fired.context.lapses).toEqual([...s.context.lapses, { stage, at: day(40) }]);
    },
  );

  it('each stage arms its own limit and cancels the one before', () => {
    const at = 'xstate.after.%s.assessment.%s';
    const id = (stage: string) => at.replaceAll('%s', stage);
    expect(limits(start(), ev('SUBMIT_SELF_ASSESSMENT'))).toEqual({
      armed: [id('onSite')],
      cancelled: [id('selfAssessment')],
    });
    expect(limits(onSite(), ev('RECORD_ON_SITE'))).toEqual({
      armed: [id('grading')],
      cancelled: [id('onSite')],
    });
    expect(limits(grading(), ev('DECIDE_GRADE'))).toEqual({
      armed: [id('feedback')],
      cancelled: [id('grading')],
    });
    expect(limits(feedback(), ev('DELIVER_FEEDBACK'))).toEqual({
      armed: [id('application')],
      cancelled: [id('feedback')],
    });
    expect(limits(application(), ev('APPLY_RESULTS'))).toEqual({ armed: [], cancelled: [id('application')] });
  });
});

describe('assessment machine: model-based coverage', () => {
  /** What the engine would send in a state: every event with sample and refused payloads, and each limit's timeout. */
  function eventsFor(s: Snap): AssessmentEvent[] {
    const at = day(1);
    // A limit is armed once per entry of its stage, and no stage is entered twice: it fires at most once.
    const lapsed = new Set(s.context.lapses.map((l) => l.stage));
    return [
      ...EVENT_TYPES.map((t) => ev(t, undefined, at)),
      ...GRADES.flatMap((grade) => [
        ev('DECIDE_GRADE', { grade, basis: 'b' }, at),
        ev('DECIDE_GRADE', { grade, basis: 'b', departureReason: 'why' }, at),
      ]),
      ev('APPLY_RESULTS', TALK_ONLY, at),
      ev('SUBMIT_SELF_ASSESSMENT', { ...SAMPLE.SUBMIT_SELF_ASSESSMENT, scores: {} }, at),
      ev('RECORD_ON_SITE', { ...SAMPLE.RECORD_ON_SITE, heldAt: day(3) }, at),
      ...STAGES.filter((stage) => !lapsed.has(stage)).map((stage) => timeout(stage, day(40))),
    ];
  }
  // Context reduced to what guards read and what the outcome is, so the graph stays finite.
  const serializeState = (s: Snap) =>
    JSON.stringify({
      value: s.value,
      midYear: s.context.midYearCheck !== null,
      supervisor: s.context.supervisor !== null,
      lapses: s.context.lapses.map((l) => l.stage),
      grade: s.context.grade?.grade ?? null,
      outcome: s.context.outcome,
    });
  // Opened as on version 1 (no supervisory person), so that naming one is a transition too.
  const adjacency = getAdjacencyMap(machine, { input: INPUT_V1, events: eventsFor, serializeState });
  const snapshots: Snap[] = Object.values(adjacency).map((v) => v.state);

  it('reaches every state node', () => {
    const reached = new Set(snapshots.flatMap((s) => [...s._nodes].map((n: AnyStateNode) => n.id)));
    const all = getStateNodes(machine).map((n: AnyStateNode) => n.id);
    expect(all.filter((id: string) => !reached.has(id))).toEqual([]);
  });

  it('takes every transition', () => {
    const { all, missed } = transitionCoverage(machine, adjacency);
    expect(missed).toEqual([]);
    // The root's NAME_SUPERVISOR is not counted here (getStateNodes leaves the root out); tested above.
    expect(all.length).toBe(11);
  });

  it('every outcome is reached, and it is always the grade decided', () => {
    const outcomes = new Set(snapshots.map((s) => s.context.outcome).filter(Boolean));
    expect([...outcomes].sort()).toEqual([...GRADES].sort());
    for (const s of snapshots) {
      if (s.context.outcome) expect(s.context.outcome).toBe(s.context.grade?.grade);
      // a refused payload changes nothing: no stage is entered without what it records
      if (!s.matches('selfAssessment')) expect(s.context.selfAssessment).not.toBeNull();
      if (s.matches('grading')) expect(s.context.onSite).not.toBeNull();
      // a lapse is recorded at most once per stage (a limit is armed once per stage)
      expect(new Set(s.context.lapses.map((l) => l.stage)).size).toBe(s.context.lapses.length);
    }
  });
});

describe('assessment machine: the grade follows the score (seeds: grade bands, local practice)', () => {
  it('the band of a total: the first band whose minimum it reaches', () => {
    expect([100, 90, 89.99, 80, 79.5, 60, 59.99, 0].map((t) => bandOf(SEED_BANDS, t))).toEqual([
      'excellent',
      'excellent',
      'good',
      'good',
      'pass',
      'pass',
      'fail',
      'fail',
    ]);
  });

  it('the band of the on-site total is taken as the grade without a reason, and recorded with it', () => {
    const s = feedback('good');
    expect(s.context.grade).toMatchObject({ grade: 'good', band: 'good', departureReason: null });
  });

  it('another grade needs departureReason; the band itself refuses one (rule gradeFollowsScore)', () => {
    const g = grading(); // on-site total 80: the band good
    const bare = ev('DECIDE_GRADE', { grade: 'fail', basis: 'b' });
    expect(accepts(g, bare)).toBe(false);
    expect(explainRefusal(g.context, bare)).toEqual({
      rule: 'gradeFollowsScore',
      message: expect.stringContaining(
        'the on-site total 80 falls in the band good: grading it fail needs departureReason',
      ),
    });
    const blank = ev('DECIDE_GRADE', { grade: 'pass', basis: 'b', departureReason: '  ' });
    expect(accepts(g, blank)).toBe(false);
    const needless = ev('DECIDE_GRADE', { grade: 'good', basis: 'b', departureReason: 'why' });
    expect(accepts(g, needless)).toBe(false);
    expect(refusal(g.context, needless)).toContain('departureReason is given only when the grade departs');
    const departed = send(g, ev('DECIDE_GRADE', { grade: 'pass', basis: 'b', departureReason: 'Incident' }));
    expect(departed.context.grade).toMatchObject({
      grade: 'pass',
      band: 'good',
      departureReason: 'Incident',
    });
  });

  it("the plan's own bands decide, not the seeds'", () => {
    const strict = { ...INPUT, bands: [{ grade: 'excellent' as const, min: 95 }, ...SEED_BANDS.slice(1)] };
    const g = send(
      start(strict),
      ev('SUBMIT_SELF_ASSESSMENT'),
      ev('RECORD_ON_SITE', { ...SAMPLE.RECORD_ON_SITE, scores: scores(92) }),
    );
    expect(accepts(g, ev('DECIDE_GRADE', { grade: 'excellent', basis: 'b' }))).toBe(false);
    expect(accepts(g, ev('DECIDE_GRADE', { grade: 'good', basis: 'b' }))).toBe(true);
  });
});

describe('assessment machine: a fail reaches both responsible persons (2019 Art 6; seeds: 主体责任, 监督责任)', () => {
  const v1Grading = () => send(start(INPUT_V1), ev('SUBMIT_SELF_ASSESSMENT'), ev('RECORD_ON_SITE'));
  const fail = ev('DECIDE_GRADE', { grade: 'fail', basis: 'b', departureReason: 'Funds misused' });

  it('a case opened on version 1 cannot fail until its supervisory responsible person is named (rule failReachesBoth)', () => {
    const g = v1Grading();
    expect(g.context.supervisor).toBeNull();
    expect(accepts(g, fail)).toBe(false);
    expect(explainRefusal(g.context, fail)).toMatchObject({ rule: 'failReachesBoth' });
    // other grades need no supervisory person
    expect(accepts(g, ev('DECIDE_GRADE', { grade: 'good', basis: 'b' }))).toBe(true);
    const named = send(g, ev('NAME_SUPERVISOR'));
    expect(named.context.supervisor).toEqual(SAMPLE.NAME_SUPERVISOR.supervisor);
    expect(state(named)).toBe('"grading"');
    expect(accepts(named, fail)).toBe(true);
  });

  it('the supervisory person is named or replaced before the grade, keeping the stage and its time limit; not after', () => {
    const g = v1Grading();
    expect(limits(g, ev('NAME_SUPERVISOR'))).toEqual({ armed: [], cancelled: [] });
    const successor = { ref: 'p-79', name: 'Qian Ba' };
    const replaced = send(start(), ev('NAME_SUPERVISOR', { supervisor: successor }));
    expect(state(replaced)).toBe('"selfAssessment"');
    expect(replaced.context.supervisor).toEqual(successor);
    const graded = feedback();
    expect(accepts(graded, ev('NAME_SUPERVISOR'))).toBe(false);
    expect(refusal(graded.context, ev('NAME_SUPERVISOR'))).toContain('named before the grade');
  });

  it('a case opened on version 1 is graded by the seeds’ bands', () => {
    const g = v1Grading();
    expect(g.context.bands).toBeUndefined();
    expect(accepts(g, ev('DECIDE_GRADE', { grade: 'good', basis: 'b' }))).toBe(true);
    expect(accepts(g, ev('DECIDE_GRADE', { grade: 'pass', basis: 'b' }))).toBe(false);
  });
});

describe('assessment machine: the results applied are structured (seeds: 考核结果运用)', () => {
  it('each result keeps its kind, the people it names (or the unit) and what', () => {
    const closed = send(application(), ev('APPLY_RESULTS'));
    expect(closed.context.application).toMatchObject({
      results: [
        { kind: 'reward', what: 'Commended as a good unit in the county bulletin' },
        {
          kind: 'talk',
          people: [{ ref: 'p-77', name: 'Li Si', post: 'Party secretary' }],
          what: 'Talk on the canteen accounts',
        },
      ],
      fileRef: 'KH-2025-7',
    });
    expect(closed.context.application?.results[0]).not.toHaveProperty('people');
  });

  it('a unit graded fail gets no reward (rule noRewardOnFail); its people may still be talked to', () => {
    const failed = send(
      feedback('fail'),
      ev('DELIVER_FEEDBACK', { ...SAMPLE.DELIVER_FEEDBACK, deliveredAt: day(2) }, day(3)),
    );
    const reward = ev('APPLY_RESULTS', undefined, day(4));
    expect(accepts(failed, reward)).toBe(false);
    expect(explainRefusal(failed.context, reward)).toEqual({
      rule: 'noRewardOnFail',
      message: 'results[0] rewards the unit, which was graded fail: a failed unit gets no reward',
    });
    expect(accepts(failed, ev('APPLY_RESULTS', TALK_ONLY, day(4)))).toBe(true);
  });
});
