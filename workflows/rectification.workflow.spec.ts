/*
 * The rectification workflow, version 2, without the service: the 倒查's cases (issue 18 fix 1),
 * the policy switch of the 督办 notice (fix 8), refusals naming their rule, and the openings other
 * workflows send still accepted.
 */
import {
  day,
  ev,
  INPUT,
  rectifying,
  RECTIFYING_ID,
  send,
  start,
  timeout,
  type Snap,
} from '../machines/rectification.fixtures';
import type { RectificationEvent } from '../machines/rectification.types';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { validatePayload } from '../src/engine/payload.validator';
import type { EffectsInput, OpenCaseEffect, WorkflowEffect } from '../src/engine/workflow.types';
import { AccountabilityOpenPayload } from './accountability.payloads';
import { autoNotice, RECTIFICATION_AUTO_NOTICE } from './escalation.policy';
import { RectificationCaseOpenPayload } from './rectification.payloads';
import { rectificationWorkflow as wf } from './rectification.workflow';
import { rectificationWorkflowV1 } from './v1/rectification.workflow';

const calendar = new ChinaBusinessCalendar(workingDaysFrom(undefined));

function effectsOf(before: Snap, event: RectificationEvent): WorkflowEffect[] {
  const after = send(before, event);
  return wf.effects({ before, after, event, calendar } as unknown as EffectsInput);
}

const heard = () =>
  send(rectifying(), timeout(RECTIFYING_ID, day(20)), ev('RECORD_NOTICE'), ev('RECORD_TALK'));

describe('rectification workflow, version 2', () => {
  it('is version 2 with its rules; version 1 stays deployed as it was, without rules', () => {
    expect(wf.version).toBe(2);
    expect(wf.rules?.list.length).toBeGreaterThan(0);
    expect(rectificationWorkflowV1.version).toBe(1);
    expect(rectificationWorkflowV1.rules).toBeUndefined();
    expect(Object.keys(rectificationWorkflowV1.deadlines)).toEqual(['itemDue']);
  });

  it('2019 条例 Art 6–7, issue 18 fix 1: ESCALATE opens a case against each person reached, each naming a responsibility', async () => {
    const fx = effectsOf(heard(), ev('ESCALATE', { reason: 'Repayment still missing' }, day(22)));
    const cases = fx as OpenCaseEffect[];
    expect(
      cases.map((e) => [e.type, e.workflow, e.relation, e.subject.ref, e.payload.responsibility]),
    ).toEqual([
      ['openCase', 'accountability', 'rectificationOverdue', 'p-77', 'mainLeadership'],
      ['openCase', 'accountability', 'rectificationOverdue', 's-77', 'mainLeadership'],
      ['openCase', 'accountability', 'rectificationOverdue', 'o-1', 'direct'],
      ['openCase', 'accountability', 'rectificationOverdue', 'o-2', 'direct'],
    ]);
    expect(cases[1].payload.facts).toContain('监督责任');
    expect(cases[2].payload.facts).toContain(
      '第1项“Repay the banquet costs”（责任人：Wang Wu）应于2025-03-20 10:00（北京时间）前完成',
    );
    expect(cases[2].subject).toEqual({
      ref: 'o-1',
      kind: 'individual',
      name: 'Wang Wu',
      organisation: 'Township Office 7',
    });
    for (const e of cases) {
      expect(e.payload).toMatchObject({ source: 'inspectionTour', situation: 'dutiesNotCarriedOut' });
      await expect(validatePayload('open', AccountabilityOpenPayload, e.payload)).resolves.toBeDefined();
    }
    // nothing else opens cases: a notice, a talk, a refused ESCALATE
    expect(effectsOf(heard(), ev('RECORD_NOTICE'))).toEqual([]);
  });

  it('a refusal names its rule', () => {
    const lapsed = send(rectifying(), timeout(RECTIFYING_ID, day(20)));
    expect(wf.explainRefusal!(lapsed.context, ev('ESCALATE'))).toEqual({
      message: expect.stringContaining('RECORD_NOTICE') as string,
      rule: 'noticeAndTalkBeforeReferral',
    });
    const noRefs = { ...INPUT, supervisor: null };
    const opened = start(noRefs);
    expect(wf.explainRefusal!(opened.context, ev('SUBMIT_PLAN', { plan: 'p' }))).toEqual({
      message: expect.stringContaining('supervisory responsible person') as string,
      rule: 'planNamesResponsible',
    });
  });

  it('issue 18 fix 8: the 督办 notice by itself is a deployment switch, checked at start', () => {
    const saved = process.env[RECTIFICATION_AUTO_NOTICE];
    try {
      delete process.env[RECTIFICATION_AUTO_NOTICE];
      expect(autoNotice(RECTIFICATION_AUTO_NOTICE)).toBe(true);
      process.env[RECTIFICATION_AUTO_NOTICE] = 'false';
      const open = { title: 't', subject: INPUT.subject, at: day(0), actor: 'a' };
      const payload = {
        source: 'audit',
        unitLeader: INPUT.unitLeader,
        items: [{ description: 'd', responsible: 'r', dueAt: day(9) }],
      };
      expect(wf.input({ ...open, payload } as never)).toMatchObject({ autoNotice: false, supervisor: null });
      process.env[RECTIFICATION_AUTO_NOTICE] = 'sometimes';
      expect(() => autoNotice(RECTIFICATION_AUTO_NOTICE)).toThrow(
        'RECTIFICATION_AUTO_NOTICE must be "true" or "false" (whether a lapse issues the 督办 notice by itself), not "sometimes"',
      );
    } finally {
      if (saved === undefined) delete process.env[RECTIFICATION_AUTO_NOTICE];
      else process.env[RECTIFICATION_AUTO_NOTICE] = saved;
    }
  });

  it('the plan is due 15 working days from the opening by default (P15WD)', () => {
    const policy = wf.deadlines.planDue;
    expect(policy).toMatchObject({ kind: 'rectificationPlan', duration: 'P15WD', flagsOverdue: true });
    const due = policy.due!({ context: rectifying().context, at: day(5), duration: 'P15WD', calendar });
    expect(due.toISOString()).toBe(calendar.add(new Date(INPUT.openedAt), 'P15WD').toISOString());
  });

  it('still opens from what the accountability decision and the assessment send (fields of version 1)', async () => {
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const fromDecision = {
      source: 'accountabilityDecision',
      unitLeader: { ref: 'p-1', name: 'Li Si' },
      items: [{ description: 'Fix it', responsible: 'Li Si', dueAt }],
    };
    await expect(validatePayload('open', RectificationCaseOpenPayload, fromDecision)).resolves.toBeDefined();
    const named = { ...fromDecision, supervisor: { ref: 's-1', name: 'Zhou Lan' } };
    await expect(validatePayload('open', RectificationCaseOpenPayload, named)).resolves.toBeDefined();
  });
});

describe('rectification workflow, version 2: documents', () => {
  it('the rectification notice may be issued while the plan is late; version 1 keeps its states', () => {
    expect(wf.documents?.notice.states).toContain('planOverdue');
    expect(rectificationWorkflowV1.documents?.notice.states).not.toContain('planOverdue');
  });
});
