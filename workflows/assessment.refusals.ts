import { explainRefusal } from '../machines/assessment.machine';
import type { AssessmentContext as Ctx, AssessmentEvent } from '../machines/assessment.types';
import type { Refusal } from '../src/engine/workflow.types';
import type { Reason } from './responsibility-list.refusals';

/** The reader's words for the assessment's refusals; null for those the rule's own words explain. */
export function assessmentReason(ctx: Ctx, event: AssessmentEvent): Reason | null {
  if (event.type === 'NAME_SUPERVISOR' && ctx.grade) {
    return {
      reason: {
        zh: '等次已于{at}评定：监督责任人须在评定等次前明确',
        en: 'the grade was decided at {at}: the supervisory responsible person is named before the grade',
      },
      params: { at: ctx.grade.at },
    };
  }
  if (event.type === 'RECORD_MID_YEAR_CHECK' && ctx.midYearCheck) {
    return {
      reason: { zh: '年中检查已于{at}记录', en: 'the mid-year check was already recorded at {at}' },
      params: { at: ctx.midYearCheck.at },
    };
  }
  return null;
}

/** The machine's explanation of a refusal, with the reader's words where the workflow has them. */
export function assessmentRefusal(ctx: Ctx, event: AssessmentEvent): Refusal | null {
  const refusal = explainRefusal(ctx, event);
  return refusal && { ...refusal, ...assessmentReason(ctx, event) };
}
