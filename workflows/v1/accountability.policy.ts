/* Version 1's impact periods, as deployed (version 2's are in ../accountability.policy.ts). */
import type { MeasureType } from '../../machines/v1/accountability.types';
import type { BusinessCalendar, SubjectInput } from '../../src/engine/workflow.types';

/**
 * An ISO 8601 duration, or `untilNextAppraisal`: the subject loses the appraisal honours of the year
 * of the decision, and the restriction runs until that appraisal is done, early the next year
 * (policy: the end of February of the next year). Years are counted in Beijing time (UTC+8).
 */
export type ImpactRule = string | 'untilNextAppraisal';

/**
 * Impact periods (影响期) by subject kind, measure type and, where it matters, detail (domain.md).
 * Party probation: the probation itself (1 or 2 years) plus 2 years after the rights are restored.
 */
export const IMPACT_PERIODS: Record<
  SubjectInput['kind'],
  Partial<Record<MeasureType, ImpactRule | Partial<Record<string, ImpactRule>>>>
> = {
  individual: {
    notice: 'untilNextAppraisal',
    formalWarning: 'P6M',
    organisationalHandling: { orderedResignation: 'P1Y', removal: 'P1Y', demotion: 'P2Y' },
    partyDiscipline: {
      warning: 'P1Y',
      seriousWarning: 'P18M',
      removalFromPost: 'P2Y',
      probationOneYear: 'P3Y',
      probationTwoYears: 'P4Y',
      expulsion: 'P5Y',
    },
    governmentAccountability: { resignationForBlame: 'P1Y', orderedResignation: 'P1Y', removal: 'P1Y' },
  },
  organisation: {},
};

const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** Month index of the month after the appraisal (March): the restriction ends just before it begins. */
const AFTER_APPRAISAL_MONTH = 2;

/** The last instant of February of the year after `decidedAt`'s year, both in Beijing time. */
function endOfNextAppraisal(decidedAt: Date): Date {
  const year = new Date(decidedAt.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
  return new Date(Date.UTC(year + 1, AFTER_APPRAISAL_MONTH, 1) - BEIJING_OFFSET_MS - 1);
}

export function impactRule(
  kind: SubjectInput['kind'],
  type: string,
  detail?: string,
): ImpactRule | undefined {
  const rule = IMPACT_PERIODS[kind][type as MeasureType];
  if (rule === undefined || typeof rule === 'string') return rule;
  return detail === undefined ? undefined : rule[detail];
}

/** When the impact period ends, or undefined when the measure carries none. */
export function impactUntil(
  kind: SubjectInput['kind'],
  measure: { type: string; detail?: string },
  decidedAt: string,
  calendar: BusinessCalendar,
): string | undefined {
  const rule = impactRule(kind, measure.type, measure.detail);
  if (rule === undefined) return undefined;
  const from = new Date(decidedAt);
  if (rule === 'untilNextAppraisal') return endOfNextAppraisal(from).toISOString();
  return calendar.add(from, rule).toISOString();
}
