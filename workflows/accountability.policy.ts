import type { MeasureType } from '../machines/accountability.types';
import type { BusinessCalendar, SubjectInput } from '../src/engine/workflow.types';

/** An ISO 8601 duration, or the end of the calendar year in which the measure was decided. */
export type ImpactRule = string | 'endOfYear';

/**
 * Impact periods (影响期) by subject kind, measure type and, where it matters, detail (domain.md).
 * Party probation is 1–2 years plus 2 years; P2Y is the default and deployments may lengthen it.
 */
export const IMPACT_PERIODS: Record<
  SubjectInput['kind'],
  Partial<Record<MeasureType, ImpactRule | Partial<Record<string, ImpactRule>>>>
> = {
  individual: {
    notice: 'endOfYear',
    formalWarning: 'P6M',
    organisationalHandling: { orderedResignation: 'P1Y', removal: 'P1Y' },
    partyDiscipline: {
      warning: 'P1Y',
      seriousWarning: 'P18M',
      removalFromPost: 'P2Y',
      probation: 'P2Y',
      expulsion: 'P5Y',
    },
  },
  organisation: {},
};

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
  if (rule === 'endOfYear')
    return new Date(Date.UTC(from.getUTCFullYear(), 11, 31, 23, 59, 59, 999)).toISOString();
  return calendar.add(from, rule).toISOString();
}
