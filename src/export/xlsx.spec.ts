import { crc32 } from 'node:zlib';
import { unzip } from '../../test/support/unzip';
import { columnName, xlsxOf } from './xlsx';

describe('the xlsx writer', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('writes the parts of a workbook in a zip, text escaped, numbers as numbers, nulls left out', () => {
    const book = xlsxOf('ix 2026', [
      ['单位 Unit', 'rate'],
      ['甲县 <&> "x"\u0001', 0.3333],
      ['b', null, 3],
    ]);
    expect(book.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const files = unzip(book);
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toContain(
      '<c r="A2" t="inlineStr"><is><t xml:space="preserve">甲县 &lt;&amp;&gt; &quot;x&quot;</t></is></c>',
    );
    expect(sheet).toContain('<c r="B2"><v>0.3333</v></c>');
    expect(sheet).toContain(
      '<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">b</t></is></c><c r="C3"><v>3</v></c></row>',
    );
    expect(files.get('xl/workbook.xml')!.toString('utf8')).toContain(
      '<sheet name="ix 2026" sheetId="1" r:id="rId1"/>',
    );
    // the same rows give the same bytes (no time stamps), and the checksums hold
    expect(xlsxOf('ix 2026', [['a']])).toEqual(xlsxOf('ix 2026', [['a']]));
    const central = book.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(book.readUInt32LE(central + 16)).toBe(crc32(files.get('xl/worksheets/sheet1.xml')!));
  });
});
