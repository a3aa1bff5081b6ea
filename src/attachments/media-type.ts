/**
 * What an uploaded file is, judged by its first bytes (magic numbers), not by what the client says.
 * Zip containers count as Office documents only with a matching name (.docx, .xlsx, .pptx); text
 * must be UTF-8 without control characters. Anything else is refused.
 */
export const SNIFF_BYTES = 4096;

const OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const MAGIC: { type: string; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The kinds of file accepted, for messages and documentation. */
export const ACCEPTED_TYPES = 'PDF, JPEG, PNG, TIFF, DOCX, XLSX, PPTX or UTF-8 plain text';

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** The media type of a file whose first bytes (up to SNIFF_BYTES) are `head`, or null when not accepted. */
export function sniffMediaType(head: Buffer, name: string, complete: boolean): string | null {
  const magic = MAGIC.find((m) => startsWith(head, m.bytes));
  if (magic) return magic.type;
  if (startsWith(head, ZIP)) return OFFICE[extensionOf(name)] ?? null;
  return isText(head, complete) ? 'text/plain; charset=utf-8' : null;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function isText(head: Buffer, complete: boolean): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    if (byte === 0x7f || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) return false;
  }
  // A character cut at the end of the head is no fault of the file.
  let end = head.length;
  if (!complete) {
    let back = 0;
    while (back < 3 && end - back > 0 && (head[end - back - 1] & 0xc0) === 0x80) back++;
    if (end - back > 0 && head[end - back - 1] >= 0xc0) end -= back + 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
