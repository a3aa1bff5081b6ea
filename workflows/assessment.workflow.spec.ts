/*
 * The assessment workflow without the service: the indicator plan's checks, the opening's default
 * weights, the self-assessment limit after the end of the year (Beijing time), and the effects of the
 * on-site assessment and the grade.
 */
import {
  application,
  ev,
  feedback,
  grading,
  INPUT,
  onSite,
  SAMPLE,
  send,
  start,
  type Snap,
} from '../machines/assessment.fixtures';
import type { AssessmentEvent } from '../machines/assessment.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { validatePayload } from '../src/engine/payload.validator';
import type { EffectsInput, WorkflowEffect } from '../src/engine/workflow.types';
import { AccountabilityOpenPayload } from './accountability.payloads';
import { checkBands, checkPlan, GRADE_BANDS, INDICATORS } from './assessment.indicators';
import { AssessmentOpenPayload } from './assessment.payloads';
import { RESULT_RECORD_PREFIX } from './assessment.effects';
import { assessmentWorkflow as wf } from './assessment.workflow';
import { RectificationCaseOpenPayload } from './rectification.payloads';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));

function effectsOf(before: Snap, event: AssessmentEvent): WorkflowEffect[] {
  const after = send(before, event);
  return wf.effects({ before, after, event, calendar } as unknown as EffectsInput);
}

describe('assessment workflow: the indicator plan', () => {
  it('the seeds: five indicators, weights adding up to 100', () => {
    expect(INDICATORS.map((i) => i.code)).toEqual([
      'keyTasks',
      'departmentResponsibility',
      'integrity',
      'problemCorrection',
      'publicApproval',
    ]);
    expect(INDICATORS.map((i) => i.label.zh)).toEqual([
      '重点任务达标率',
      '分管部门责任制落实率',
      '廉洁自律规定落实率',
      '单位查摆问题纠正率',
      '群众认可率',
    ]);
    expect(INDICATORS.reduce((a, i) => a + i.weight, 0)).toBe(100);
  });

  const label = { zh: '甲', en: 'A' };
  it.each([
    [{}, /"indicators" must be a list/],
    [{ indicators: [{ code: 'a', label, weight: 90 }] }, /the weights add up to 90, not 100/],
    [
      {
        indicators: [
          { code: 'a', label, weight: 50 },
          { code: 'a', label, weight: 50 },
        ],
      },
      /indicator a is listed twice/,
    ],
    [{ indicators: [{ code: 'A b', label, weight: 100 }] }, /"code" must be/],
    [{ indicators: [{ code: 'a', label: { zh: '甲' }, weight: 100 }] }, /"label" must have zh and en/],
    [{ indicators: [{ code: 'a', label, weight: 99.5 }] }, /"weight" must be a whole number/],
  ])('refuses an unsound plan: %j', (plan, message) => {
    expect(() => checkPlan(plan, 'test.json')).toThrow(message);
    expect(() => checkPlan(plan, 'test.json')).toThrow(/assessment indicator plan \(test\.json\)/);
  });
});

describe('assessment workflow: the grade bands of the plan (seeds: assessment practice, local policy)', () => {
  it('the seeds: excellent from 90, good from 80, pass from 60, fail below', () => {
    expect(GRADE_BANDS).toEqual([
      { grade: 'excellent', min: 90 },
      { grade: 'good', min: 80 },
      { grade: 'pass', min: 60 },
      { grade: 'fail', min: 0 },
    ]);
  });

  const band = (grade: string, min: unknown) => ({ grade, min });
  const seeds = [band('excellent', 90), band('good', 80), band('pass', 60), band('fail', 0)];
  it.each([
    [{}, /"bands" must list the 4 grades, each with its minimum total: excellent, good, pass, fail/],
    [{ bands: seeds.slice(1) }, /"bands" must list the 4 grades/],
    [{ bands: [seeds[1], seeds[0], seeds[2], seeds[3]] }, /band 1 must be excellent/],
    [
      { bands: [band('excellent', 101), ...seeds.slice(1)] },
      /band excellent: "min" must be a number from 0 to 100/,
    ],
    [{ bands: [band('excellent', '90'), ...seeds.slice(1)] }, /band excellent: "min" must be a number/],
    [
      { bands: [seeds[0], band('good', 90), ...seeds.slice(2)] },
      /band good starts at 90, not below excellent \(90\)/,
    ],
    [{ bands: [...seeds.slice(0, 3), band('fail', 10)] }, /band fail must start at 0/],
  ])('refuses unsound bands, stopping the start: %j', (plan, message) => {
    expect(() => checkBands(plan, 'test.json')).toThrow(message);
    expect(() => checkBands(plan, 'test.json')).toThrow(/assessment indicator plan \(test\.json\)/);
  });
});

describe('assessment workflow: opening', () => {
  const open = (payload: Record<string, unknown>) =>
    wf.input({
      title: 't',
      subject: INPUT.subject,
      payload: { year: 2025, unitLeader: INPUT.unitLeader, supervisor: INPUT.supervisor, ...payload },
      at: '2025-01-06T02:00:00.000Z',
      actor: 'a',
    }) as { indicators: { code: string; weight: number }[]; bands: unknown; supervisor: unknown };

  it('takes the deployment weights by default, the opening weights when given', () => {
    expect(open({}).indicators).toEqual(INDICATORS.map(({ code, weight }) => ({ code, weight })));
    const own = {
      keyTasks: 100,
      departmentResponsibility: 0,
      integrity: 0,
      problemCorrection: 0,
      publicApproval: 0,
    };
    expect(open({ weights: own }).indicators.map((i) => i.weight)).toEqual([100, 0, 0, 0, 0]);
  });

  it("carries the plan's grade bands and the supervisory responsible person into the case", () => {
    const c = open({});
    expect(c.bands).toEqual([
      { grade: 'excellent', min: 90 },
      { grade: 'good', min: 80 },
      { grade: 'pass', min: 60 },
      { grade: 'fail', min: 0 },
    ]);
    expect(c.supervisor).toEqual(INPUT.supervisor);
  });

  it('version 2 requires the supervisory responsible person at opening (2019 Art 6; seeds: 监督责任)', async () => {
    const payload = { year: 2025, unitLeader: INPUT.unitLeader };
    await expect(validatePayload('open', AssessmentOpenPayload, payload)).rejects.toThrow('supervisor');
  });

  it('refuses weights that do not add up to 100, naming each weight and the sum', async () => {
    const weights = {
      keyTasks: 30,
      departmentResponsibility: 30,
      integrity: 20,
      problemCorrection: 15,
      publicApproval: 15,
    };
    const payload = { year: 2025, unitLeader: INPUT.unitLeader, supervisor: INPUT.supervisor, weights };
    await expect(validatePayload('open', AssessmentOpenPayload, payload)).rejects.toThrow(
      'weights must add up to 100: keyTasks 30 + departmentResponsibility 30 + integrity 20 + problemCorrection 15 + publicApproval 15 = 110',
    );
  });

  it('the self-assessment limit: a month after the end of the year in Beijing time, or after a late opening', () => {
    const due = wf.deadlines.selfAssessment.due!;
    const ctx = start().context;
    expect(due({ context: ctx, at: ctx.openedAt, duration: 'P1M', calendar }).toISOString()).toBe(
      '2026-01-31T16:00:00.000Z',
    );
    const late = '2026-03-02T02:00:00.000Z';
    expect(due({ context: ctx, at: late, duration: 'P1M', calendar }).toISOString()).toBe(
      '2026-04-02T02:00:00.000Z',
    );
  });
});

describe('assessment workflow: effects', () => {
  it('problems found on site open one rectification case, each problem an item, naming the principal and the supervisory person, accepted by its open payload', async () => {
    const [effect, ...rest] = effectsOf(onSite(), ev('RECORD_ON_SITE'));
    expect(rest).toEqual([]);
    expect(effect).toMatchObject({
      type: 'openCase',
      workflow: 'rectification',
      relation: 'assessmentProblems',
      subject: INPUT.subject,
      payload: {
        source: 'assessment',
        unitLeader: INPUT.unitLeader,
        supervisor: INPUT.supervisor,
        items: SAMPLE.RECORD_ON_SITE.problems,
      },
    });
    if (effect.type !== 'openCase') throw new Error('not openCase');
    // the due dates of the sample are in 2025: only the shape is checked here, not the x-future rule
    const payload = {
      ...effect.payload,
      items: [{ description: 'd', responsible: 'r', dueAt: '2999-01-01T00:00:00Z' }],
    };
    await expect(validatePayload('open', RectificationCaseOpenPayload, payload)).resolves.toBeDefined();
  });

  it('no problems, no rectification case', () => {
    expect(effectsOf(onSite(), ev('RECORD_ON_SITE', { ...SAMPLE.RECORD_ON_SITE, problems: [] }))).toEqual([]);
  });

  it('fail opens accountability cases against the principal leader and the supervisory responsible person (2019 Art 6; seeds: 主体责任, 监督责任); other grades open nothing', async () => {
    for (const grade of ['excellent', 'pass'] as const) {
      const e = ev('DECIDE_GRADE', { grade, basis: 'b', departureReason: 'r' });
      expect(effectsOf(grading(), e)).toEqual([]);
    }
    expect(effectsOf(grading(), ev('DECIDE_GRADE', { grade: 'good', basis: 'b' }))).toEqual([]);
    const fail = {
      grade: 'fail' as const,
      basis: 'Key tasks not met',
      departureReason: 'Canteen funds misused',
    };
    const [effect, second, ...rest] = effectsOf(grading(), ev('DECIDE_GRADE', fail));
    expect(rest).toEqual([]);
    expect(second).toMatchObject({
      type: 'openCase',
      workflow: 'accountability',
      relation: 'assessmentFailedSupervision',
      subject: {
        ref: 'p-78',
        kind: 'individual',
        name: 'Zhou Qi',
        organisation: 'Township Office 7',
        post: 'Discipline inspection secretary',
      },
      payload: { situation: 'dutiesNotCarriedOut', responsibility: 'mainLeadership' },
    });
    if (second.type !== 'openCase') throw new Error('not openCase');
    // the workflow's words in the deployment's language (Chinese by default)
    expect(second.payload.facts).toContain('Zhou Qi承担该单位的监督责任。');
    expect(second.payload.facts).toContain('监督责任');
    await expect(validatePayload('open', AccountabilityOpenPayload, second.payload)).resolves.toBeDefined();
    expect(effect).toMatchObject({
      type: 'openCase',
      workflow: 'accountability',
      relation: 'assessmentFailed',
      subject: {
        ref: 'p-77',
        kind: 'individual',
        name: 'Li Si',
        organisation: 'Township Office 7',
        post: 'Party secretary',
      },
      payload: {
        source: 'superiorInstruction',
        situation: 'dutiesNotCarriedOut',
        responsibility: 'mainLeadership',
      },
    });
    if (effect.type !== 'openCase') throw new Error('not openCase');
    expect(effect.payload.facts).toContain('加权总分80');
    expect(effect.payload.facts).toContain('评定依据：Key tasks not met');
    expect(effect.payload.facts).toContain('主体责任');
    expect(effect.payload.facts).toContain('考核委员会偏离该档次的理由：Canteen funds misused');
    await expect(validatePayload('open', AccountabilityOpenPayload, effect.payload)).resolves.toBeDefined();
    // the grade is decided once: nothing later opens another
    expect(effectsOf(feedback('fail'), ev('DELIVER_FEEDBACK'))).toEqual([]);
  });

  it("the results applied go on the unit's record, typed as results, never with an impact period", () => {
    const [effect, ...rest] = effectsOf(
      application(),
      ev('APPLY_RESULTS', undefined, '2025-01-07T02:00:00.000Z'),
    );
    expect(rest).toEqual([]);
    expect(effect).toEqual({
      type: 'recordMeasures',
      measures: [
        {
          type: 'assessmentResult.reward',
          detail: '本单位：Commended as a good unit in the county bulletin',
          decidedAt: '2025-01-07T02:00:00.000Z',
        },
        {
          type: 'assessmentResult.talk',
          detail: 'Li Si（p-77）：Talk on the canteen accounts',
          decidedAt: '2025-01-07T02:00:00.000Z',
        },
        // and on the record of the person it names, as a person of the assessed unit
        {
          type: 'assessmentResult.talk',
          detail: 'Talk on the canteen accounts',
          decidedAt: '2025-01-07T02:00:00.000Z',
          subject: {
            ref: 'p-77',
            kind: 'individual',
            name: 'Li Si',
            organisation: application().context.subject.name,
            post: 'Party secretary',
          },
        },
      ],
    });
  });

  it("a result naming several people goes on each one's record; one naming nobody only on the unit's", () => {
    const people = [
      { ref: 'p-1', name: 'Zhao Liu' },
      { ref: 'p-2', name: 'Qian Ba', post: 'Deputy head' },
    ];
    const payload = {
      results: [
        { kind: 'other' as const, what: 'Weighed in the budget' },
        { kind: 'talk' as const, people, what: 'Talk on the accounts' },
      ],
      fileRef: 'F',
    };
    const [effect] = effectsOf(application(), ev('APPLY_RESULTS', payload));
    if (effect.type !== 'recordMeasures') throw new Error('not recordMeasures');
    expect(
      effect.measures.map((m) => [m.type, m.subject?.ref ?? 'unit', m.subject?.post, m.impactUntil]),
    ).toEqual([
      ['assessmentResult.other', 'unit', undefined, undefined],
      ['assessmentResult.talk', 'unit', undefined, undefined],
      ['assessmentResult.talk', 'p-1', undefined, undefined],
      ['assessmentResult.talk', 'p-2', 'Deputy head', undefined],
    ]);
    expect(effect.measures.every((m) => m.type.startsWith(RESULT_RECORD_PREFIX))).toBe(true);
  });

  it("a long result is clipped to the record's detail (64 characters); the whole stays in the case", () => {
    const what = '长'.repeat(100);
    const payload = { results: [{ kind: 'other' as const, what }], fileRef: 'F' };
    const [effect] = effectsOf(application(), ev('APPLY_RESULTS', payload));
    if (effect.type !== 'recordMeasures') throw new Error('not recordMeasures');
    const detail = effect.measures[0].detail!;
    expect([...detail]).toHaveLength(64);
    expect(detail).toBe(`本单位：${'长'.repeat(59)}…`);
    expect(send(application(), ev('APPLY_RESULTS', payload)).context.application?.results[0].what).toBe(what);
  });

  it('explains refusals in words, naming the rule when a named rule refused', () => {
    const s = onSite();
    expect(
      wf.explainRefusal!(
        s.context,
        ev('RECORD_ON_SITE', { ...SAMPLE.RECORD_ON_SITE, heldAt: '2030-01-01T00:00:00Z' }),
      ),
    ).toEqual({ message: expect.stringContaining('is in the future') });
    expect(
      wf.explainRefusal!(s.context, ev('RECORD_ON_SITE', { ...SAMPLE.RECORD_ON_SITE, scores: {} })),
    ).toMatchObject({ rule: 'scoresFitPlan', message: expect.stringContaining('scores lack keyTasks') });
  });
});
