/*
 * The responsibility list workflow, version 2, without the service: the 倒查 of overdue tasks
 * (issue 18 fix 7) and refusals naming their rule.
 */
import {
  day,
  ev,
  INPUT,
  published,
  send,
  sign,
  start,
  timeout,
  TRACKING_ON_TRACK,
  type Snap,
} from '../machines/responsibility-list.fixtures';
import type { ResponsibilityListEvent } from '../machines/responsibility-list.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { validatePayload } from '../src/engine/payload.validator';
import type { EffectsInput, OpenCaseEffect } from '../src/engine/workflow.types';
import { AccountabilityOpenPayload } from './accountability.payloads';
import { responsibilityListWorkflow as wf } from './responsibility-list.workflow';
import { responsibilityListWorkflowV1 } from './v1/responsibility-list.workflow';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));

function effectsOf(before: Snap, event: ResponsibilityListEvent) {
  const after = send(before, event);
  return wf.effects({ before, after, event, calendar } as unknown as EffectsInput) as OpenCaseEffect[];
}

describe('responsibility list workflow, version 2', () => {
  it('is version 2 with its rules; version 1 stays deployed, without rules', () => {
    expect([wf.version, responsibilityListWorkflowV1.version]).toEqual([2, 1]);
    expect(responsibilityListWorkflowV1.rules).toBeUndefined();
    expect(wf.rules?.list.length).toBeGreaterThan(0);
  });

  it('2019 条例 Art 6, issue 18 fix 7: a 倒查 opens a case against the task person and the principal, each naming a responsibility', async () => {
    const noticed = send(published(), timeout(TRACKING_ON_TRACK, day(30)), ev('RECORD_NOTICE'));
    const fx = effectsOf(
      noticed,
      ev('ESCALATE', { reason: 'Study sessions never held' }, day(40), 'li.qiang'),
    );
    expect(fx.map((e) => [e.workflow, e.relation, e.subject.ref, e.payload.responsibility])).toEqual([
      ['accountability', 'listTaskOverdue', 'sun.wei', 'mainLeadership'],
      ['accountability', 'listTaskOverdue', 'liu.office', 'direct'],
    ]);
    expect(fx[1].payload.facts).toContain('task t1 "Study sessions on the eight-point rules"');
    for (const e of fx) {
      expect(e.subject).toMatchObject({ kind: 'individual', organisation: INPUT.subject.name });
      await expect(validatePayload('open', AccountabilityOpenPayload, e.payload)).resolves.toBeDefined();
    }
    expect(effectsOf(noticed, ev('RECORD_NOTICE'))).toEqual([]);
  });

  it('issue 18 fix 7: a refusal names its rule', () => {
    expect(wf.explainRefusal!(start().context, sign('principal', 'zhou.lan'))).toMatchObject({
      rule: 'signedByNamedPerson',
      message: expect.stringContaining('only Sun Wei (sun.wei)') as string,
    });
    const blank = ev('SIGN', { as: 'principal', opinion: ' ' }, day(2), 'sun.wei');
    expect(wf.explainRefusal!(start().context, blank)).toMatchObject({ rule: 'reviewOpinion' });
    const lapsed = send(published(), timeout(TRACKING_ON_TRACK, day(30)), ev('MID_YEAR_REVIEW'));
    expect(wf.explainRefusal!(lapsed.context, ev('YEAR_END_SUMMARY'))).toMatchObject({
      rule: 'summaryExplainsOverdue',
    });
  });
});
