import { Workbook, type Worksheet } from 'exceljs';
import { Readable } from 'node:stream';

/** The columns of a register file, and the headers (Chinese or English) that name each. */
export const REGISTER_COLUMNS = {
  name: ['姓名', 'name'],
  ref: ['人员编号/身份标识', '人员编号', '身份标识', '编号', '身份证号', 'ref', 'id', 'personnelnumber'],
  post: ['职务', 'post', 'position'],
  rank: ['职级', 'rank', 'grade'],
  department: ['所在部门', '部门', 'department'],
} as const;
export type RegisterColumn = keyof typeof REGISTER_COLUMNS;
const COLUMNS = Object.keys(REGISTER_COLUMNS) as RegisterColumn[];
const REQUIRED: RegisterColumn[] = ['name', 'ref'];

/** One row of the file: its row number in the sheet (1-based, as the spreadsheet shows it) and its cells. */
export interface RegisterRow {
  row: number;
  cells: Partial<Record<RegisterColumn, string>>;
}

export interface RegisterSheet {
  format: 'xlsx' | 'csv';
  rows: RegisterRow[];
  /** Headers of the file that name no column of the register (left out). */
  ignoredColumns: string[];
}

/** A file that cannot be read as a register at all (not a row's fault). */
export class RegisterFileError extends Error {}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The header as compared: no spaces, asterisks (required marks) or brackets, lower case, full-width slash as '/'. */
function normalise(header: string): string {
  return header
    .replace(/[\s*＊（）()]/g, '')
    .replace(/／/g, '/')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, RegisterColumn>(
  COLUMNS.flatMap((c) => REGISTER_COLUMNS[c].map((h) => [normalise(h), c] as const)),
);

/**
 * Reads a register file: an Excel workbook (.xlsx, first sheet) or CSV (UTF-8, with or without BOM;
 * GB18030/GBK when it is not UTF-8). The first non-empty row is the header row.
 */
export async function readRegisterFile(data: Buffer, fileName: string): Promise<RegisterSheet> {
  const xlsx = data.subarray(0, 4).equals(XLSX_MAGIC);
  if (!xlsx && /\.xlsx?$/i.test(fileName)) {
    throw new RegisterFileError(
      /\.xls$/i.test(fileName)
        ? 'An .xls (Excel 97-2003) file cannot be read: save it as .xlsx or .csv'
        : 'The file is named .xlsx but is not an Excel workbook',
    );
  }
  const workbook = new Workbook();
  let sheet: Worksheet | undefined;
  try {
    if (xlsx) {
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      // Cells stay text: a personnel number such as 0012 or 110101199001011234 is not a number.
      sheet = await workbook.csv.read(Readable.from([decodeText(data)]), { map: (v: string) => v });
    }
  } catch (error) {
    throw new RegisterFileError(
      `The file could not be read as ${xlsx ? 'an Excel workbook' : 'CSV'}: ${(error as Error).message}`,
    );
  }
  if (!sheet) throw new RegisterFileError('The workbook has no sheet');
  const grid: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellText(cell.text);
    });
    if (values.some((v) => v)) grid.push({ row: rowNumber, values: Array.from(values, (v) => v ?? '') });
  });
  const header = grid.shift();
  if (!header)
    throw new RegisterFileError(
      'The file is empty: it needs a header row (姓名, 人员编号, 职务, 职级, 所在部门)',
    );
  const at = new Map<RegisterColumn, number>();
  const ignoredColumns: string[] = [];
  header.values.forEach((h, i) => {
    if (!h) return;
    const column = HEADER_INDEX.get(normalise(h));
    if (!column) ignoredColumns.push(h);
    else if (at.has(column)) throw new RegisterFileError(`Two columns name ${column}: ${h} and another`);
    else at.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !at.has(c));
  if (missing.length) {
    throw new RegisterFileError(
      `The header row (row ${header.row}) has no column ${missing
        .map((c) => `${REGISTER_COLUMNS[c][0]} (${c})`)
        .join(' and no column ')}; its columns are: ${header.values.filter(Boolean).join(', ')}`,
    );
  }
  const rows = grid.map(({ row, values }) => {
    const cells: Partial<Record<RegisterColumn, string>> = {};
    for (const [column, i] of at) if (values[i]) cells[column] = values[i];
    return { row, cells };
  });
  return { format: xlsx ? 'xlsx' : 'csv', rows, ignoredColumns };
}

function cellText(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\u00a0/g, ' ').trim() : '';
}

/** UTF-8 (a BOM is dropped); a file that is not valid UTF-8 is read as GB18030 (which covers GBK). */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}
