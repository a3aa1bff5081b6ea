import type { Cell } from '../export/xlsx';
import type { StatsService } from './stats.service';

type Figures = Awaited<ReturnType<StatsService['stats']>>;

/** A scalar of a report as a cell; anything else as its JSON text. */
function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return JSON.stringify(value);
}

/**
 * A declared report's data as rows, whatever its shape: a list of records as a table (its keys as
 * the header), a record as key/value lines (its lists as tables under their key), a scalar as one line.
 */
function reportRows(data: unknown): Cell[][] {
  if (Array.isArray(data)) {
    const records = data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
    if (records.length < data.length) return data.map((d) => [cell(d)]);
    const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return [keys, ...records.map((r) => keys.map((k) => cell(r[k])))];
  }
  if (typeof data === 'object' && data !== null) {
    const rows: Cell[][] = [];
    for (const [key, value] of Object.entries(data)) {
      if (Array.isArray(value)) rows.push([key], ...reportRows(value).map((r) => ['', ...r]));
      else rows.push([key, cell(value)]);
    }
    return rows;
  }
  return [[cell(data)]];
}

/**
 * 统计台账: the dashboard's figures of one workflow, one section after another (a title line, a
 * header, the rows, an empty line), headers in Chinese; stages, kinds and types as the API names them.
 */
export function statsLedger(stats: Figures, names: { workflowTitle: string; generatedAt: string }): Cell[][] {
  const rows: Cell[][] = [['统计台账', names.workflowTitle], ['生成时间', names.generatedAt], []];
  const section = (title: string, header: Cell[] | null, body: Cell[][]) =>
    rows.push([title], ...(header ? [header] : []), ...body, []);
  section(
    '各阶段案件数',
    ['阶段', '案件数', '其中逾期'],
    stats.casesByStage.map((s) => [s.stage, s.count, s.overdue]),
  );
  section(
    '期限逾期情况',
    ['期限', '当前逾期', '累计逾期', '进行中'],
    stats.overdueByKind.map((o) => [o.kind, o.overdue, o.lapsed, o.pending]),
  );
  if (stats.recordsMeasures) {
    section(
      '处理措施',
      ['措施', '数量', '已解除'],
      stats.measuresByType.map((m) => [m.type, m.count, m.lifted]),
    );
  }
  section(
    '各阶段平均用时',
    ['阶段', '案件数', '平均用时（天）'],
    stats.timeInStage.map((s) => [s.stage, s.cases, Math.round((s.averageMs / 86_400_000) * 10) / 10]),
  );
  section(
    '办结结果',
    ['结果', '案件数'],
    stats.outcomes.map((o) => [o.outcome, o.count]),
  );
  for (const report of Object.values(stats.reports)) section(report.title.zh, null, reportRows(report.data));
  return rows;
}
