import ExcelJS from 'exceljs';
import { ledgerWorkbook, sheetNames } from './workbook';

describe('the ledger workbook', () => {
  it('names sheets as a spreadsheet takes them: no []:*?/\\, at most 31 characters, each once', () => {
    expect(sheetNames(['a/b', 'A/B', 'x'.repeat(40), 'x'.repeat(40), ''])).toEqual([
      'a_b',
      'A_B(2)',
      'x'.repeat(31),
      `${'x'.repeat(28)}(2)`,
      'Sheet',
    ]);
  });

  it('writes each sheet with its title, notes, a frozen header, widths and number formats', async () => {
    const bytes = await ledgerWorkbook([
      {
        name: '甲',
        title: '甲表',
        notes: ['筛选条件：无'],
        header: ['单位', '比率'],
        rows: [['甲县\u0001', 0.5]],
        formats: [null, '0.00%'],
      },
      { name: '乙', title: '乙表', notes: [], header: ['项目'], rows: [] },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['甲', '乙']);
    const sheet = book.getWorksheet('甲')!;
    expect(sheet.getCell('A1').value).toBe('甲表');
    expect(sheet.getCell('A2').value).toBe('筛选条件：无');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(sheet.getRow(4).values).toEqual([undefined, '单位', '比率']);
    expect(sheet.getCell('A5').value).toBe('甲县');
    expect(sheet.getCell('B5').value).toBe(0.5);
    expect(sheet.getCell('B5').numFmt).toBe('0.00%');
    expect(sheet.columns.map((c) => c.width)).toEqual([10, 10]);
    expect(book.getWorksheet('乙')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });
});
