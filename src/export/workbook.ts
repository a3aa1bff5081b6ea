/** A cell of an exported table: text, a number, or empty. */
export type Cell = string | number | null;

/** A table to hand over as a spreadsheet: a title, lines said above it (the filters), a header and rows. */
export interface LedgerSheet {
  /** The sheet's name (at most 31 characters, no []:*?/\; a spreadsheet's own rules). */
  name: string;
  title: string;
  /** Lines printed between the title and the header (what the table holds: filters, time of export). */
  notes: readonly string[];
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Column widths in characters (a CJK character counts two); by default each column's widest cell. */
  widths?: readonly number[];
  /** Number formats by column (e.g. '0.00%' for a rate kept as its fraction); none: as it is. */
  formats?: readonly (string | null)[];
}

/** Characters XML 1.0 cannot carry (a spreadsheet would not open), dropped from text. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const clean = (cell: Cell): Cell => (typeof cell === 'string' ? cell.replace(NOT_XML, '') : cell);

/** How wide a text shows, in character widths: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return width;
}

/** Sheet names as a spreadsheet takes them: without []:*?/\, at most 31 characters, each once. */
export function sheetNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base =
      name
        .replace(/[[\]:*?/\\]/g, '_')
        .trim()
        .slice(0, 31) || 'Sheet';
    let unique = base;
    for (let n = 2; taken.has(unique.toLowerCase()); n++)
      unique = `${base.slice(0, 31 - `(${n})`.length)}(${n})`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

/**
 * The sheets as an .xlsx workbook (exceljs), in order; each: the title in bold, the notes, the header
 * in bold on a grey fill with an autofilter, frozen with everything above it so it stays in view; every
 * column as wide as its widest cell (within 10 and 60 characters), long texts wrapped; printed
 * landscape, fit to the width, the header repeated on every page.
 */
export async function ledgerWorkbook(sheets: LedgerSheet | readonly LedgerSheet[]): Promise<Buffer> {
  // loaded on the first export, not at every start of the service
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Wenze';
  const all: readonly LedgerSheet[] = 'name' in sheets ? [sheets] : sheets;
  const names = sheetNames(all.map((s) => s.name));
  all.forEach((sheet, index) => {
    const headerRow = 2 + sheet.notes.length + 1;
    const ws = book.addWorksheet(names[index], {
      views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    const columns = sheet.header.length;
    ws.addRow([clean(sheet.title)]).font = { bold: true, size: 14 };
    for (const note of sheet.notes) ws.addRow([clean(note)]);
    // the title and each note span the table's width (printed above it, wrapped there)
    for (let r = 1; r <= 1 + sheet.notes.length && columns > 1; r++) ws.mergeCells(r, 1, r, columns);
    ws.addRow([]);
    const header = ws.addRow(sheet.header.map(clean));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
      c.border = { bottom: { style: 'thin' } };
    });
    for (const row of sheet.rows) {
      const added = ws.addRow(row.map(clean));
      added.alignment = { vertical: 'top', wrapText: true };
      sheet.formats?.forEach((format, i) => {
        if (format && typeof row[i] === 'number') added.getCell(i + 1).numFmt = format;
      });
    }
    ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns } };
    ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
    for (let i = 0; i < columns; i++) {
      const cells = [sheet.header[i], ...sheet.rows.map((r) => r[i])];
      const widest = Math.max(
        ...cells.map((c) => (c === null || c === undefined ? 0 : displayWidth(String(c)))),
      );
      ws.getColumn(i + 1).width = sheet.widths?.[i] ?? Math.min(60, Math.max(10, widest + 2));
    }
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
