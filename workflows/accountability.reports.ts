import type { ReportDefinition, ReportQueries } from '../src/engine/report.types';

/** Per organisation: cases whose decision set a rectification (限期整改), how many passed verification. */
export interface RectificationRow {
  organisation: string;
  /** Cases that entered rectification. */
  required: number;
  /** Cases whose rectification passed verification. */
  completed: number;
  /** Cases whose rectification limit passed at least once (逾期督办). */
  escalated: number;
  /** Cases whose rectification limit is overdue now (the engine's one rule of overdue). */
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
  const organisation = "COALESCE(CASE WHEN s.kind = 'organisation' THEN s.name END, s.organisation, '-')";
  const had = (condition: string) =>
    `SUM(CASE WHEN EXISTS (SELECT 1 FROM transition r WHERE r.case_id = c.id AND ${condition}) THEN 1 ELSE 0 END)`;
  const rows = await q.rows(
    `SELECT ${organisation} AS organisation,
       ${had('r.to_state LIKE :rectifying')} AS required,
       ${had("r.type = 'VERIFY_RECTIFICATION' AND r.payload LIKE :passed")} AS completed,
       ${had('r.to_state LIKE :escalated')} AS escalated,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.kind = 'rectification'
         AND ${q.overdue('d')}) THEN 1 ELSE 0 END) AS overdue
     FROM "case" c INNER JOIN subject s ON s.id = c.subject_id
     WHERE ${q.inScope('c')}
     GROUP BY ${organisation}`,
    {
      rectifying: '%rectification.rectifying%',
      escalated: '%rectification.escalated%',
      passed: '%"passed":true%',
    },
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
      'Per organisation: cases whose decision set a rectification, how many passed verification, how many ' +
      'were escalated when the limit passed, and how many are overdue now.',
    run: rectificationByOrganisation,
  },
  appeals: {
    title: { zh: '申诉结果', en: 'Appeal outcomes' },
    description: 'Appeals filed, still pending, and resolved by outcome.',
    run: appeals,
  },
};
