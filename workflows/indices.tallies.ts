/*
 * What the indices (workflows/indices.ts) count inside cases, as tallies (WorkflowDefinition.tallies):
 * the engine keeps them beside each case in case_tally, and a figure's `counts` sums them per unit in
 * SQL instead of parsing every case's snapshot for each report. Each tally mirrors what the figure's
 * facts read from the context, for every version of the workflow (the facts read them all alike):
 * `test/indices-counts.e2e-spec.ts` and `test/indices-rates.e2e-spec.ts` hold the sums equal to the facts.
 * The engine keeps with each tally the case's unit, opening and its subject's ref (subject_ref).
 */
import type { AssessmentContext } from '../machines/assessment.types';
import { CONCLUSIONS } from '../machines/inquiry.types';
import { CONCLUSIONS as CONCLUSIONS_V1 } from '../machines/v1/inquiry.types';
import { SELF_FOUND_SOURCES, type RectificationContext } from '../machines/rectification.types';
import type { ResponsibilityListContext } from '../machines/responsibility-list.types';
import type { Tally } from '../src/engine/workflow.types';

/**
 * Inquiry conclusions that are a finding against the person (all but 了结澄清), of both versions: version
 * 2's self-examination and referral to preliminary verification, version 1's escalation.
 */
export const INQUIRY_FINDINGS: readonly string[] = [
  ...new Set<string>([...CONCLUSIONS, ...CONCLUSIONS_V1]),
].filter((c) => c !== 'cleared');
/** Accountability outcomes that leave a clue unpursued: proposal declined, investigation rejected. */
export const DECLINED_OUTCOMES = ['declined', 'rejected'];

/** The kinds of tallies, by the figure that counts them. */
export const TALLY = {
  /** A key task (重点任务) of a list, of the list's year: due at, done at, met (checked up to standard) at. */
  keyTask: 'keyTask',
  /** An item of a rectification of a problem the unit found itself: first due at, done at, verified at. */
  selfFoundItem: 'selfFoundItem',
  /** An assessment's on-site survey (群众认可率), of the assessment's year: the rate. */
  survey: 'survey',
  /** A case closed with an outcome a figure counts (a declined clue, an inquiry's finding): when. */
  closedWith: 'closedWith',
} as const;

/** The earliest instant of a list (unreadable ones left out); null when none. */
function earliest(instants: readonly string[]): string | null {
  let first: string | null = null;
  for (const at of instants) {
    if (Number.isNaN(Date.parse(at))) continue;
    if (first === null || Date.parse(at) < Date.parse(first)) first = at;
  }
  return first;
}

const listTallies = (c: ResponsibilityListContext): Tally[] =>
  c.tasks
    .filter((t) => t.key === true)
    .map((t) => ({
      kind: TALLY.keyTask,
      year: typeof c.year === 'number' ? c.year : null,
      ref: t.department ?? null,
      at: t.dueAt,
      doneAt: t.completedAt,
      metAt: t.check?.met === true ? t.check.at : null,
    }));

const rectificationTallies = (c: RectificationContext): Tally[] => {
  if (!SELF_FOUND_SOURCES.includes(c.source)) return [];
  const verifiedAt = earliest(c.verifications.filter((v) => v.passed).map((v) => v.at));
  return c.items.map((item) => ({
    kind: TALLY.selfFoundItem,
    at: item.earlierDueAts[0] ?? item.dueAt,
    doneAt: item.completedAt,
    metAt: verifiedAt,
  }));
};

const assessmentTallies = (c: AssessmentContext): Tally[] => {
  const rate = c.onSite?.approvalRate;
  if (typeof rate !== 'number' || typeof c.year !== 'number') return [];
  return [
    {
      kind: TALLY.survey,
      year: c.year,
      value: rate,
      at: c.onSite?.heldAt ?? null,
    },
  ];
};

/** A case closed with one of `outcomes`: when (every version's context has these two fields). */
const closedWith =
  (outcomes: readonly string[]) =>
  (c: { outcome: string | null; closedAt: string | null }): Tally[] =>
    c.outcome !== null && outcomes.includes(c.outcome) && c.closedAt
      ? [{ kind: TALLY.closedWith, at: c.closedAt }]
      : [];

/** A workflow's tallies over any version's context (the figures read every version alike). */
type Tallies = (context: unknown) => readonly Tally[];

/** Every counting workflow's tallies, by its name: each version of it declares these. */
export const TALLIES = {
  responsibilityList: listTallies as Tallies,
  rectification: rectificationTallies as Tallies,
  assessment: assessmentTallies as Tallies,
  accountability: closedWith(DECLINED_OUTCOMES) as Tallies,
  inquiry: closedWith(INQUIRY_FINDINGS) as Tallies,
};
