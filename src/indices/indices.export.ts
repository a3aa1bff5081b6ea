import type { IndicesCatalogue } from '../engine/index.types';
import type { IndicesReportDto } from './dto/indices.dto';
import { csvOf } from '../export/csv';
import type { Cell, LedgerSheet } from '../export/workbook';

/** What the table needs to name units and time limits for a reader. */
export interface IndicesNames {
  unitName(code: string): string;
  /** A time limit's kind in Chinese (none: the kind as it is). */
  deadline(kind: string): string;
}

/** A rate's columns keep the fraction; the workbook shows it as a percentage. */
const PERCENT = '0.00%';

const rate = (r: number | null) => (r === null ? null : Math.round(r * 10000) / 10000);

/** The indices' name as the catalogue gives it (考核指数), or a plain one. */
export const indicesTitle = (figures: IndicesCatalogue) => figures.title?.zh ?? '指数';

/**
 * The report as a table: a header in Chinese (the rates' and figures' names as the catalogue declares
 * them), then one line per unit in the report's order, units by name, time limits by their names.
 */
export function indicesTable(
  report: IndicesReportDto,
  figures: IndicesCatalogue,
  names: IndicesNames,
): { header: string[]; rows: Cell[][]; formats: (string | null)[] } {
  const share = figures.softMeasures;
  const header = ['单位代码', '单位名称', '上级单位'];
  const formats: (string | null)[] = [null, null, null];
  for (const i of report.indicators) {
    header.push(`${i.label.zh}（分子）`, `${i.label.zh}（分母）`, i.label.zh);
    formats.push(null, null, PERCENT);
  }
  header.push(
    '综合得分',
    '排名',
    '同级单位数',
    share.parts?.numerator.zh ?? `${share.label.zh}（分子）`,
    share.parts?.denominator.zh ?? `${share.label.zh}（分母）`,
    share.label.zh,
    figures.linkedCases.label.zh,
    figures.declinedClues.label.zh,
    '当前逾期',
    figures.restrictedNow.label.zh,
  );
  formats.push(null, null, null, null, null, PERCENT, null, null, null, null);
  const rows: Cell[][] = report.rows.map((row) => {
    const cells: Cell[] = [
      row.unit.code,
      row.unit.name,
      row.unit.parentCode === null ? null : names.unitName(row.unit.parentCode),
    ];
    for (const i of report.indicators) {
      const f = row.rates[i.code];
      cells.push(f.numerator, f.denominator, rate(f.rate));
    }
    cells.push(
      row.score,
      row.rank,
      row.siblings,
      row.softMeasures.numerator,
      row.softMeasures.denominator,
      rate(row.softMeasures.rate),
      row.linkedCases,
      row.declinedClues,
      row.overdueNow.map((o) => `${names.deadline(o.kind)} ${o.count}`).join('；') || null,
      row.restrictedNow,
    );
    return cells;
  });
  return { header, rows, formats };
}

/** The filters the report was made with, in words: "筛选条件：年度：2026年；单位：市纪委及下级单位". */
export function indicesFilters(report: IndicesReportDto): string {
  return `筛选条件：年度：${report.year}年；单位：${report.unit.name}（${report.unit.code}）及下级单位`;
}

/**
 * The report as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF
 * line ends, the header in Chinese, one line per unit in the report's order.
 */
export function indicesCsv(report: IndicesReportDto, figures: IndicesCatalogue, names: IndicesNames): string {
  const { header, rows } = indicesTable(report, figures, names);
  return csvOf([header, ...rows]);
}

/** The same table as a sheet of the workbook, its title, the filters and the time of export above it. */
export function indicesSheet(
  report: IndicesReportDto,
  figures: IndicesCatalogue,
  names: IndicesNames,
  exported: string,
): LedgerSheet {
  const { header, rows, formats } = indicesTable(report, figures, names);
  return {
    name: `${indicesTitle(figures)}${report.year}`,
    title: `${report.unit.name}${report.year}年度${indicesTitle(figures)}`,
    notes: [indicesFilters(report), exported],
    header,
    rows,
    formats,
  };
}
