import { RECTIFICATION_RELATION } from '../machines/accountability.types';
import type { ReportDefinition, ReportQueries } from '../src/engine/report.types';

/**
 * Per rectifying organisation, as the decision named it (not as it is called now): decisions that
 * ordered a rectification (限期整改), and how their rectification cases went.
 */
export interface RectificationRow {
  organisation: string;
  /** Decisions that ordered a rectification (each opened a rectification case). */
  required: number;
  /** Rectification cases closed as verified. */
  completed: number;
  /** Rectification cases whose item limits passed at least once (逾期督办). */
  escalated: number;
  /** Rectification cases overdue now (the engine's one rule of overdue). */
  overdue: number;
  /** completed / required. */
  rate: number | null;
}

export interface AppealsReport {
  filed: number;
  pending: number;
  outcomes: { outcome: 'upheld' | 'amended' | 'revoked'; count: number }[];
}

const RESOLUTIONS = ['upheld', 'amended', 'revoked'] as const;

async function rectificationByOrganisation(q: ReportQueries): Promise<RectificationRow[]> {
  // The rectification case's subject as opened, i.e. the unit the decision named at the time.
  const organisation = `COALESCE(${q.contextField('r', ['subject', 'name'])}, '-')`;
  const rows = await q.rows(
    `SELECT ${organisation} AS organisation,
       COUNT(*) AS required,
       SUM(CASE WHEN r.outcome = 'rectified' THEN 1 ELSE 0 END) AS completed,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM transition t WHERE t.case_id = r.id AND t.to_state LIKE :escalated)
         THEN 1 ELSE 0 END) AS escalated,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = r.id AND ${q.overdue('d')})
         THEN 1 ELSE 0 END) AS overdue
     FROM "case" c
     INNER JOIN case_link l ON l.from_case_id = c.id AND l.relation = :relation
     INNER JOIN "case" r ON r.id = l.to_case_id
     WHERE ${q.inScope('c')}
     GROUP BY ${organisation}`,
    { relation: RECTIFICATION_RELATION, escalated: 'escalated%' },
  );
  return rows
    .map((r) => {
      const required = q.num(r.required);
      const completed = q.num(r.completed);
      return {
        organisation: String(r.organisation),
        required,
        completed,
        escalated: q.num(r.escalated),
        overdue: q.num(r.overdue),
        rate: required ? completed / required : null,
      };
    })
    .filter((r) => r.required > 0)
    .sort((a, b) => b.required - a.required || a.organisation.localeCompare(b.organisation));
}

async function appeals(q: ReportQueries): Promise<AppealsReport> {
  const outcome = `CASE WHEN t.type = 'FILE_APPEAL' THEN 'filed'
    WHEN t.payload LIKE :upheld THEN 'upheld'
    WHEN t.payload LIKE :amended THEN 'amended'
    WHEN t.payload LIKE :revoked THEN 'revoked' ELSE 'other' END`;
  const rows = await q.rows(
    `SELECT ${outcome} AS outcome, COUNT(*) AS count
     FROM transition t INNER JOIN "case" c ON c.id = t.case_id
     WHERE ${q.inScope('c')} AND t.type IN ('FILE_APPEAL', 'RESOLVE_APPEAL')
     GROUP BY ${outcome}`,
    Object.fromEntries(RESOLUTIONS.map((o) => [o, `%"outcome":"${o}"%`])),
  );
  const count = (o: string) => q.num(rows.find((r) => r.outcome === o)?.count);
  const resolved = RESOLUTIONS.reduce((sum, o) => sum + count(o), 0);
  return {
    filed: count('filed'),
    pending: Math.max(0, count('filed') - resolved),
    outcomes: RESOLUTIONS.map((o) => ({ outcome: o, count: count(o) })),
  };
}

/** The accountability procedure's own read models, served by GET /stats under `reports`. */
export const ACCOUNTABILITY_REPORTS: Record<string, ReportDefinition> = {
  rectificationByOrganisation: {
    title: { zh: '各单位整改完成率', en: 'Rectification completion by organisation' },
    description:
      'Per rectifying organisation, as the decision named it: decisions that ordered a rectification, how many ' +
      'of their rectification cases were verified, escalated when an item limit passed, and overdue now.',
    fields: {
      organisation: { zh: '整改单位', en: 'Organisation' },
      required: { zh: '责令整改数', en: 'Rectifications ordered' },
      completed: { zh: '整改完成数', en: 'Verified' },
      escalated: { zh: '逾期督办数', en: 'Escalated' },
      overdue: { zh: '当前逾期数', en: 'Overdue now' },
      rate: { zh: '整改完成率', en: 'Completion rate', percent: true },
    },
    run: rectificationByOrganisation,
  },
  appeals: {
    title: { zh: '申诉结果', en: 'Appeal outcomes' },
    description: 'Appeals filed, still pending, and resolved by outcome.',
    fields: {
      filed: { zh: '申诉件数', en: 'Filed' },
      pending: { zh: '待复查件数', en: 'Pending' },
      outcomes: { zh: '复查结果', en: 'Outcomes' },
      outcome: { zh: '复查结果', en: 'Outcome', named: true },
      count: { zh: '件数', en: 'Count' },
    },
    run: appeals,
  },
};
