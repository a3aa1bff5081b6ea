import type { Cell } from './workbook';

/** One CSV field; text a spreadsheet would run as a formula (=, +, -, @…) is prefixed with a quote. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF line ends. */
export function csvOf(rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${rows.map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`;
}
