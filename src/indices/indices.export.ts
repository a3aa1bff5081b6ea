import type { IndicesCatalogue } from '../engine/index.types';
import type { Label } from '../engine/workflow.types';
import type { IndicesReportDto } from './dto/indices.dto';
import { csvOf } from '../export/csv';
import { xlsxOf, type Cell } from '../export/xlsx';

const rate = (r: number | null) => (r === null ? null : Math.round(r * 10000) / 10000);

const heading = (l: Label) => `${l.zh} ${l.en}`;

/**
 * The report as a table: a header in Chinese and English (the figures' names as the catalogue declares
 * them), then one line per unit in the report's order.
 */
export function indicesTable(report: IndicesReportDto, figures: IndicesCatalogue): Cell[][] {
  const share = figures.softMeasures;
  const header = ['单位代码 Unit code', '单位名称 Unit name', '上级单位 Parent'];
  for (const i of report.indicators) {
    header.push(
      `${i.label.zh} 分子 ${i.label.en} numerator`,
      `${i.label.zh} 分母 ${i.label.en} denominator`,
      `${i.label.zh} 比率 ${i.label.en} rate`,
    );
  }
  header.push(
    '综合得分 Score',
    '排名 Rank',
    '同级单位数 Siblings',
    share.parts ? heading(share.parts.numerator) : `${heading(share.label)} numerator`,
    share.parts ? heading(share.parts.denominator) : `${heading(share.label)} denominator`,
    heading(share.label),
    heading(figures.linkedCases.label),
    heading(figures.declinedClues.label),
    '当前逾期 Overdue now',
    heading(figures.restrictedNow.label),
  );
  const table: Cell[][] = [header];
  for (const row of report.rows) {
    const cells: Cell[] = [row.unit.code, row.unit.name, row.unit.parentCode];
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
      row.overdueNow.map((o) => `${o.kind}:${o.count}`).join('; '),
      row.restrictedNow,
    );
    table.push(cells);
  }
  return table;
}

/**
 * The report as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF
 * line ends, headers in Chinese and English, one line per unit in the report's order.
 */
export function indicesCsv(report: IndicesReportDto, figures: IndicesCatalogue): string {
  return csvOf(indicesTable(report, figures));
}

/** The same table as an Excel workbook (one sheet). */
export function indicesXlsx(report: IndicesReportDto, figures: IndicesCatalogue): Buffer {
  return xlsxOf(`${report.unit.code} ${report.year}`, indicesTable(report, figures));
}
