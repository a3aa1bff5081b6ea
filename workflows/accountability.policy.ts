import type { MeasureType } from '../machines/accountability.types';
import type { BusinessCalendar, SubjectInput } from '../src/engine/workflow.types';

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
/** A measure's restrictions: each one ends on its own; the impact period ends with the last. */
type Impact = ImpactRule | readonly ImpactRule[];

/** No equivalent post for a year (2009 Art 12), no higher post for two (党政领导干部选拔任用工作条例). */
const LEFT_POST: readonly ImpactRule[] = ['P1Y', 'P2Y'];
/** The 2009 regime also removes that year's appraisal and honours (2009 Art 12). */
const REGIME_2009 = (...rules: ImpactRule[]): readonly ImpactRule[] => ['untilNextAppraisal', ...rules];

export const IMPACT_PERIODS: Record<
  SubjectInput['kind'],
  Partial<Record<MeasureType, Impact | Partial<Record<string, Impact>>>>
> = {
  individual: {
    notice: 'untilNextAppraisal',
    formalWarning: 'P6M',
    organisationalHandling: {
      // 停职检查: that year's appraisal and honours (2009 Art 12).
      suspension: 'untilNextAppraisal',
      // 调整职务: no promotion for a year.
      reassignment: 'P1Y',
      orderedResignation: LEFT_POST,
      removal: LEFT_POST,
      demotion: 'P2Y',
    },
    partyDiscipline: {
      warning: 'P1Y',
      seriousWarning: 'P18M',
      removalFromPost: 'P2Y',
      probationOneYear: 'P3Y',
      probationTwoYears: 'P4Y',
      expulsion: 'P5Y',
    },
    governmentAccountability: {
      publicApology: REGIME_2009(),
      suspension: REGIME_2009(),
      resignationForBlame: REGIME_2009(...LEFT_POST),
      orderedResignation: REGIME_2009(...LEFT_POST),
      removal: REGIME_2009(...LEFT_POST),
    },
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

/** The restrictions a measure carries (none: an empty list). */
export function impactRules(
  kind: SubjectInput['kind'],
  type: string,
  detail?: string,
): readonly ImpactRule[] {
  const rule = IMPACT_PERIODS[kind][type as MeasureType];
  if (rule === undefined) return [];
  if (typeof rule === 'string' || Array.isArray(rule)) return listOf(rule as Impact);
  const byDetail = detail === undefined ? undefined : (rule as Partial<Record<string, Impact>>)[detail];
  return byDetail === undefined ? [] : listOf(byDetail);
}

const listOf = (impact: Impact): readonly ImpactRule[] => (typeof impact === 'string' ? [impact] : impact);

/** When the impact period ends, or undefined when the measure carries none. */
export function impactUntil(
  kind: SubjectInput['kind'],
  measure: { type: string; detail?: string },
  decidedAt: string,
  calendar: BusinessCalendar,
): string | undefined {
  const from = new Date(decidedAt);
  const ends = impactRules(kind, measure.type, measure.detail).map((rule) =>
    rule === 'untilNextAppraisal' ? endOfNextAppraisal(from) : calendar.add(from, rule),
  );
  if (ends.length === 0) return undefined;
  return new Date(Math.max(...ends.map((d) => d.getTime()))).toISOString();
}

/**
 * The appeal window: one month under the 2019 Regulations; 15 days when the decision applies the 2009
 * Provisions (Art 22). The regime is derived from the measures: a decision with a measure of the 2009
 * regime (governmentAccountability) applies the 2009 Provisions.
 */
export const APPEAL_WINDOW = { regulations2019: 'P1M', provisions2009: 'P15D' } as const;

export function appealRegime(measures: readonly { type: string }[]): keyof typeof APPEAL_WINDOW {
  return measures.some((m) => m.type === 'governmentAccountability') ? 'provisions2009' : 'regulations2019';
}
