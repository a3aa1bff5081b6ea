/*
 * What the indices (workflows/indices.ts) count inside cases, as tallies (WorkflowDefinition.tallies):
 * the engine keeps them beside each case in case_tally, and a figure's `counts` sums them per unit in
 * SQL instead of parsing every case's snapshot for each report. Each tally mirrors what the figure's
 * facts read from the context, for every version of the workflow (the facts read them all alike):
 * `test/indices-counts.e2e-spec.ts` and `test/indices-rates.e2e-spec.ts` hold the sums equal to the facts.
 * The engine keeps with each tally the case's unit, opening and its subject's ref (subject_ref).
 */
import type { AccountabilityContext } from '../machines/accountability.types';
import type { AssessmentContext } from '../machines/assessment.types';
import type { InquiryContext } from '../machines/inquiry.types';
import { SELF_FOUND_SOURCES, type RectificationContext } from '../machines/rectification.types';
import type { ResponsibilityListContext } from '../machines/responsibility-list.types';
import type { Tally } from '../src/engine/workflow.types';

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

/** A case closed with one of `outcomes`: when. */
const closedWith =
  (outcomes: readonly string[]) =>
  (c: AccountabilityContext | InquiryContext): Tally[] =>
    c.outcome !== null && outcomes.includes(c.outcome) && c.closedAt
      ? [{ kind: TALLY.closedWith, at: c.closedAt }]
      : [];

type Tallies = (context: unknown) => readonly Tally[];

/**
 * Every workflow's tallies by its name, given the outcomes the figures count: those that leave a clue
 * unpursued (accountability) and an inquiry's findings against the person.
 */
export function talliesByWorkflow(counted: {
  declined: readonly string[];
  findings: readonly string[];
}): Record<string, Tallies> {
  return {
    responsibilityList: listTallies as Tallies,
    rectification: rectificationTallies as Tallies,
    assessment: assessmentTallies as Tallies,
    accountability: closedWith(counted.declined) as Tallies,
    inquiry: closedWith(counted.findings) as Tallies,
  };
}
