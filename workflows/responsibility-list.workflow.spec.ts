/*
 * The responsibility list workflow, version 3 (version 2's procedure and key tasks checked against their
 * standard), without the service: the 倒查 of overdue tasks (issue 18 fix 7) and refusals naming their rule.
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
import { responsibilityListWorkflowV2 } from './v2/responsibility-list.workflow';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));

function effectsOf(before: Snap, event: ResponsibilityListEvent) {
  const after = send(before, event);
  return wf.effects({ before, after, event, calendar } as unknown as EffectsInput) as OpenCaseEffect[];
}

describe('responsibility list workflow, version 3', () => {
  it('is version 3 with its rules; versions 2 (with its rules) and 1 (without) stay deployed', () => {
    expect([wf.version, responsibilityListWorkflowV2.version, responsibilityListWorkflowV1.version]).toEqual([
      3, 2, 1,
    ]);
    expect(responsibilityListWorkflowV1.rules).toBeUndefined();
    expect(responsibilityListWorkflowV2.rules?.list.map((r) => r.id)).not.toContain(
      'keyTasksCheckedBeforeSummary',
    );
    expect(wf.rules?.list.map((r) => r.id)).toEqual(
      expect.arrayContaining(['keyTaskCheckedAgainstStandard', 'keyTasksCheckedBeforeSummary']),
    );
  });

  it('seeds (重点任务达标率): a key task is checked once done, against its standard; the summary waits for the check', () => {
    const input = { ...INPUT, tasks: [{ ...INPUT.tasks[0], key: true }, ...INPUT.tasks.slice(1)] };
    const running = published(input);
    expect(
      wf.explainRefusal!(running.context, ev('CHECK_TASK', undefined, day(5), 'li.qiang')),
    ).toMatchObject({
      rule: 'keyTaskCheckedAgainstStandard',
      message: 'task t1 is not done yet: it is checked once it is done',
    });
    const done = send(running, ev('COMPLETE_TASK', { taskId: 't1', evidenceRef: 'D-1' }, day(20)));
    const notKey = ev('CHECK_TASK', { taskId: 't2', met: true, note: 'n' }, day(21), 'li.qiang');
    expect(wf.explainRefusal!(done.context, notKey)).toMatchObject({
      message: 'task t2 is not a key task (重点任务): only key tasks are checked',
    });
    const reviewed = send(done, ev('MID_YEAR_REVIEW', undefined, day(22)));
    expect(wf.explainRefusal!(reviewed.context, ev('YEAR_END_SUMMARY', undefined, day(23)))).toMatchObject({
      rule: 'keyTasksCheckedBeforeSummary',
      message: 'key tasks t1 are done but not checked against their standard (CHECK_TASK) yet',
    });
    const checked = send(
      reviewed,
      ev('CHECK_TASK', { taskId: 't1', met: false, note: 'Two sessions unminuted' }, day(24), 'li.qiang'),
    );
    expect(checked.context.tasks[0].check).toMatchObject({ met: false, note: 'Two sessions unminuted' });
    expect(
      wf.explainRefusal!(checked.context, ev('CHECK_TASK', undefined, day(25), 'li.qiang')),
    ).toMatchObject({
      message: expect.stringContaining('task t1 was already checked (not met') as string,
    });
    expect(send(checked, ev('YEAR_END_SUMMARY', undefined, day(26))).value).toEqual({
      summarising: 'unsigned',
    });
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
    expect(fx[1].payload.facts).toContain(
      '任务t1“Study sessions on the eight-point rules”（责任人：Party office）应于2025-02-05前完成',
    );
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
