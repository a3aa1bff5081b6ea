import type { ReactNode } from 'react';
import type { StatsReport } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { BarChart } from './charts';

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

const isCell = (v: unknown): v is Cell =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isRow = (v: unknown): v is Row =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isCell);
const isRows = (v: unknown): v is Row[] => Array.isArray(v) && v.every(isRow);

interface RectificationRow {
  organisation: string;
  required: number;
  completed: number;
  rate: number | null;
}
interface Appeals {
  filed: number;
  pending: number;
  outcomes: { outcome: string; count: number }[];
}

/** Reports the workbench draws in their own way, by report name; the data is checked before use. */
const SPECIAL: Record<string, (data: unknown) => ReactNode | null> = {
  rectificationByOrganisation: (data) =>
    isRows(data) &&
    data.every((r) => typeof r.organisation === 'string' && typeof r.required === 'number') ? (
      <Rectification rows={data as unknown as RectificationRow[]} />
    ) : null,
  appeals: (data) => {
    const a = data as Partial<Appeals> | null;
    return a && typeof a.filed === 'number' && Array.isArray(a.outcomes) ? (
      <AppealOutcomes appeals={a as Appeals} />
    ) : null;
  },
};

/** One report a workflow declares: its own drawing if the workbench has one, else a table of its rows. */
export function ReportView({ name, report }: { name: string; report: StatsReport }) {
  const { lang } = useI18n();
  const special = SPECIAL[name]?.(report.data);
  if (special) return special;
  const title = report.title[lang] || report.title.en;
  const data = report.data;
  if (isRows(data)) return <ReportTable title={title} rows={data} />;
  if (isRow(data)) return <ReportTable title={title} rows={[data]} />;
  return (
    <figure className="chart" data-report={name}>
      <figcaption>{title}</figcaption>
      <pre>{JSON.stringify(data, null, 2)}</pre>
    </figure>
  );
}

/** A list of rows as a table: one column per key, in the order the rows first show them. */
export function ReportTable({ title, rows }: { title: string; rows: Row[] }) {
  const { t, term, lang } = useI18n();
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const format = (v: Cell) =>
    v === null
      ? '—'
      : typeof v === 'number'
        ? v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 2 })
        : String(v);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">{t('noData')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {term('field', c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{format(r[c] ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

function Rectification({ rows }: { rows: RectificationRow[] }) {
  const { t } = useI18n();
  const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
  return (
    <BarChart
      title={t('chartRectification')}
      tone="green"
      max={1}
      bars={rows.map((r) => ({
        label: r.organisation,
        value: r.rate ?? 0,
        display: `${pct(r.rate)} (${r.completed}/${r.required})`,
      }))}
    />
  );
}

function AppealOutcomes({ appeals }: { appeals: Appeals }) {
  const { t, term } = useI18n();
  return (
    <BarChart
      title={`${t('chartAppeals')} — ${t('appealsFiled', { n: appeals.filed, p: appeals.pending })}`}
      tone="amber"
      bars={appeals.outcomes.map((o) => ({ label: term('value', o.outcome), value: o.count }))}
    />
  );
}
