import type { ReportField } from '../engine/report.types';
import type { CatalogueTerms } from '../engine/workflow.types';
import { csvOf } from '../export/csv';
import type { Cell, LedgerSheet } from '../export/workbook';
import type { StatsService } from './stats.service';

type Figures = Awaited<ReturnType<StatsService['stats']>>;

/** What the ledger needs to name the workflow, its stages, time limits, values and reports' keys. */
export interface StatsNames {
  workflowTitle: string;
  /** The catalogue's Chinese names (none: the codes are written as they are). */
  terms?: CatalogueTerms;
  /** The keys' names of each declared report, by report name (workflows/ declares them). */
  reportFields: Record<string, Record<string, ReportField> | undefined>;
}

/** One table of the ledger: a sheet of the workbook, a section of the CSV. */
export interface StatsSection {
  title: string;
  header: string[];
  rows: Cell[][];
  /** Number formats by column (a rate as a percentage). */
  formats?: (string | null)[];
}

const PERCENT = '0.00%';
const DAY_MS = 86_400_000;

/** A scalar of a report as a cell; anything else as its JSON text. */
function cell(value: unknown, field?: ReportField, valueName?: (key: string) => string): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return field?.percent ? Math.round(value * 10000) / 10000 : value;
  if (typeof value === 'string') return field?.named && valueName ? valueName(value) : value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A declared report's data as a table, whatever its shape, its keys named as the report declares: a
 * list of records as a table (one column per key, an empty list the keys declared); a record as 项目/数值 lines, a breakdown in it (a
 * list of records of one text and one number) as one line per part (复查结果：维持 | 1); a scalar as one line.
 */
export function reportSection(
  title: string,
  data: unknown,
  fields: Record<string, ReportField> = {},
  valueName: (key: string) => string = (key) => key,
): StatsSection {
  const name = (key: string) => fields[key]?.zh ?? key;
  const put = (key: string, v: unknown) => cell(v, fields[key], valueName);
  if (Array.isArray(data) && data.every(isRecord)) {
    // no records: the columns the report declares
    const keys = data.length ? [...new Set(data.flatMap((r) => Object.keys(r)))] : Object.keys(fields);
    return {
      title,
      header: keys.map(name),
      rows: data.map((r) => keys.map((k) => put(k, r[k]))),
      formats: keys.map((k) => (fields[k]?.percent ? PERCENT : null)),
    };
  }
  if (!isRecord(data)) return { title, header: ['数值'], rows: [[cell(data)]] };
  const rows: Cell[][] = [];
  for (const [key, value] of Object.entries(data)) {
    const parts = Array.isArray(value) && value.every(isRecord) ? value : null;
    const keysOf = (r: Record<string, unknown>) => Object.keys(r);
    const breakdown =
      parts?.every(
        (r) => keysOf(r).length === 2 && keysOf(r).filter((k) => typeof r[k] === 'number').length === 1,
      ) ?? false;
    if (parts && breakdown) {
      for (const r of parts) {
        const label = keysOf(r).find((k) => typeof r[k] !== 'number')!;
        const count = keysOf(r).find((k) => typeof r[k] === 'number')!;
        rows.push([`${name(key)}：${put(label, r[label]) ?? ''}`, put(count, r[count])]);
      }
    } else rows.push([name(key), put(key, value)]);
  }
  return { title, header: ['项目', '数值'], rows };
}

/**
 * 统计台账: the dashboard's figures of one workflow as tables — cases by stage, overdue by time limit,
 * measures (when the workflow records them), time in stage, outcomes, then each report it declares —
 * everything named in Chinese from the catalogue's terms (stages, time limits, measure types, outcomes).
 */
export function statsSections(stats: Figures, names: StatsNames): StatsSection[] {
  const wf = stats.workflow;
  const terms = names.terms;
  const stage = (s: string) => terms?.state(wf, s).zh ?? s;
  const value = (key: string) => terms?.value(wf, key)?.zh ?? key;
  const sections: StatsSection[] = [
    {
      title: '各阶段案件数',
      header: ['阶段', '案件数', '其中逾期'],
      rows: stats.casesByStage.map((s) => [stage(s.stage), s.count, s.overdue]),
    },
    {
      title: '期限逾期情况',
      header: ['期限', '当前逾期', '累计逾期', '进行中'],
      rows: stats.overdueByKind.map((o) => [
        terms?.deadline(wf, o.kind)?.zh ?? o.kind,
        o.overdue,
        o.lapsed,
        o.pending,
      ]),
    },
  ];
  if (stats.recordsMeasures) {
    sections.push({
      title: '处理措施',
      header: ['措施', '数量', '已解除'],
      rows: stats.measuresByType.map((m) => [value(m.type), m.count, m.lifted]),
    });
  }
  sections.push(
    {
      title: '各阶段平均用时',
      header: ['阶段', '案件数', '平均用时（天）'],
      rows: stats.timeInStage.map((s) => [
        stage(s.stage),
        s.cases,
        Math.round((s.averageMs / DAY_MS) * 10) / 10,
      ]),
    },
    {
      title: '办结结果',
      header: ['结果', '案件数'],
      rows: stats.outcomes.map((o) => [value(o.outcome), o.count]),
    },
  );
  for (const [key, report] of Object.entries(stats.reports)) {
    sections.push(reportSection(report.title.zh, report.data, names.reportFields[key], value));
  }
  return sections;
}

/** The workbook's sheets: one per table, each with the ledger's title, the filters and time of export above it. */
export function statsSheets(sections: readonly StatsSection[], notes: readonly string[]): LedgerSheet[] {
  return sections.map((s) => ({
    name: s.title,
    title: `统计台账：${s.title}`,
    notes,
    header: s.header,
    rows: s.rows,
    formats: s.formats,
  }));
}

/** The CSV: the title and notes, then each table (its title, header, rows, an empty line). */
export function statsCsv(sections: readonly StatsSection[], notes: readonly string[]): string {
  const rows: Cell[][] = [['统计台账'], ...notes.map((n) => [n]), []];
  for (const s of sections) rows.push([s.title], s.header, ...s.rows, []);
  return csvOf(rows);
}
