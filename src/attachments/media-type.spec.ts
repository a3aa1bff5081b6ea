import { contentDisposition, MAX_NAME_LENGTH, sanitiseFileName } from './file-name';
import { sniffMediaType } from './media-type';

const bytes = (...b: number[]) => Buffer.from(b);

describe('sniffMediaType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n'), 'x.bin', 'application/pdf'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'x', 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), 'x', 'image/jpeg'],
    ['TIFF (little-endian)', bytes(0x49, 0x49, 0x2a, 0x00, 8), 'scan.tif', 'image/tiff'],
    ['TIFF (big-endian)', bytes(0x4d, 0x4d, 0x00, 0x2a, 8), 'scan.tif', 'image/tiff'],
    [
      'a zip named .docx',
      Buffer.from('PK\x03\x04rest'),
      '整改报告.DOCX',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['a zip named otherwise', Buffer.from('PK\x03\x04rest'), 'a.zip', null],
    ['UTF-8 text', Buffer.from('谈话笔录\r\n\tline two\n'), 'a.txt', 'text/plain; charset=utf-8'],
    ['text with a NUL', Buffer.from('abc\u0000def'), 'a.txt', null],
    ['not UTF-8', bytes(0x61, 0xff, 0x62), 'a.txt', null],
    ['an executable', Buffer.from('MZ\x90\x00'), 'a.pdf', null],
    ['nothing', Buffer.alloc(0), 'a.txt', null],
  ])('%s', (_what, head, name, expected) => {
    expect(sniffMediaType(head, name, true)).toBe(expected);
  });

  it('a character cut at the end of an incomplete head is still text', () => {
    const cut = Buffer.from('谈话').subarray(0, 4);
    expect(sniffMediaType(cut, 'a.txt', false)).toBe('text/plain; charset=utf-8');
    expect(sniffMediaType(cut, 'a.txt', true)).toBeNull();
  });
});

describe('file names', () => {
  it('keep no folders, control characters or leading dots', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\Users\\x\\送达回证.pdf')).toBe('送达回证.pdf');
    expect(sanitiseFileName('a\u0000b\nc.pdf')).toBe('a_b_c.pdf');
    expect(sanitiseFileName('...hidden')).toBe('hidden');
    expect(sanitiseFileName('')).toBe('file');
    expect(sanitiseFileName(undefined)).toBe('file');
  });

  it('are cut to the limit, keeping the extension', () => {
    const name = sanitiseFileName(`${'长'.repeat(300)}.pdf`);
    expect([...name]).toHaveLength(MAX_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('are offered back with an ASCII fallback and the exact name (RFC 5987)', () => {
    expect(contentDisposition('谈话笔录 (1).pdf')).toBe(
      `attachment; filename="____ (1).pdf"; filename*=UTF-8''%E8%B0%88%E8%AF%9D%E7%AC%94%E5%BD%95%20%281%29.pdf`,
    );
  });
});
