import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { DocumentModel } from '../engine/document.types';
import type { DocumentFonts } from './document.font';

/*
 * Lays out any document model in the GB/T 9704-2012 layout of official documents (党政机关公文格式):
 * A4; margins top 37 mm, left 28 mm, right 26 mm, bottom 35 mm (a 156 × 225 mm text block); the title
 * in 2号 (22 pt) bold serif, centred; the body in 3号 (16 pt), 28 characters a line and 22 lines a page;
 * paragraphs indented two characters; the issuing unit and the date bottom right (the date four
 * characters in from the right, the unit centred above it); page numbers "— 1 —" in 4号 (14 pt) 7 mm
 * under the text block, right on odd pages and left on even ones. It knows no document's words.
 */

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGINS = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };
const TEXT_WIDTH = PAGE.width - MARGINS.left - MARGINS.right;
const TEXT_HEIGHT = PAGE.height - MARGINS.top - MARGINS.bottom;
const BODY_PT = 16;
const TITLE_PT = 22;
const PAGE_NUMBER_PT = 14;
const CHARS_PER_LINE = 28;
const LINES_PER_PAGE = 22;
/** Squeezes 16 pt characters so that 28 fill the 156 mm line, as the standard's grid does. */
const CHAR_SPACING = TEXT_WIDTH / CHARS_PER_LINE - BODY_PT;
const LINE_PITCH = TEXT_HEIGHT / LINES_PER_PAGE;

export interface RenderOptions {
  /** Stamped as the PDF's creation date, so the same document renders to the same bytes. */
  issuedAt: string;
}

type Doc = PDFKit.PDFDocument;

/** The document as PDF bytes, its fonts embedded (subset). */
export function renderDocument(
  model: DocumentModel,
  fonts: DocumentFonts,
  options: RenderOptions,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    info: {
      Title: model.title,
      CreationDate: new Date(options.issuedAt),
      ModDate: new Date(options.issuedAt),
    },
  });
  const done = collect(doc);
  doc.registerFont('body', fontBytes(fonts.body.path), fonts.body.face ?? '');
  doc.registerFont('title', fontBytes(fonts.title.path), fonts.title.face ?? '');
  layOut(doc, model);
  numberPages(doc);
  doc.end();
  return done;
}

const fontFiles = new Map<string, Buffer>();

/**
 * A font file's bytes, read once (on first use) and kept: reading a CJK collection (20–30 MB) for each
 * document took about 40% of the rendering, which runs inside the issuing transaction.
 */
function fontBytes(path: string): Buffer {
  let bytes = fontFiles.get(path);
  if (!bytes) fontFiles.set(path, (bytes = readFileSync(path)));
  return bytes;
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Sets font and size, and the gap that makes lines of that size fall on the page's line pitch. */
function use(doc: Doc, font: 'body' | 'title', size: number, pitch = LINE_PITCH): number {
  doc.font(font).fontSize(size);
  return Math.max(0, pitch - doc.currentLineHeight(true));
}

function layOut(doc: Doc, model: DocumentModel): void {
  const x = MARGINS.left;
  const text = { width: TEXT_WIDTH, characterSpacing: CHAR_SPACING };
  // Title: 2号 bold, centred, lines one and a half body lines apart.
  let gap = use(doc, 'title', TITLE_PT, LINE_PITCH * 1.4);
  doc.text(model.title, x, MARGINS.top, { width: TEXT_WIDTH, align: 'center', lineGap: gap });
  gap = use(doc, 'body', BODY_PT);
  doc.moveDown(0.5);
  if (model.number) doc.text(model.number, x, doc.y, { ...text, align: 'center', lineGap: gap });
  doc.moveDown(1);
  if (model.recipient) doc.text(`${model.recipient}：`, x, doc.y, { ...text, lineGap: gap });
  for (const section of model.sections) {
    if (section.heading) {
      // A heading is kept with the first lines of its section.
      if (doc.y + 3 * LINE_PITCH > PAGE.height - MARGINS.bottom) doc.addPage();
      const headingGap = use(doc, 'title', BODY_PT);
      doc.text(section.heading, x, doc.y, { ...text, indent: 2 * BODY_PT, lineGap: headingGap });
      use(doc, 'body', BODY_PT);
    }
    for (const paragraph of section.paragraphs) {
      doc.text(paragraph, x, doc.y, { ...text, indent: 2 * BODY_PT, lineGap: gap });
    }
  }
  signature(doc, model.signature, gap);
  if (model.footnote) {
    doc.moveDown(1);
    doc.text(model.footnote, x, doc.y, { ...text, lineGap: gap });
  }
}

/** The unit and date: one blank line under the body, the date four characters in from the right. */
function signature(doc: Doc, sig: DocumentModel['signature'], gap: number): void {
  // One blank line, the unit, the date; with less room the blank line goes (a page with only the
  // signature on it is what the standard's "adjust the spacing" rule avoids), then a new page.
  const room = PAGE.height - MARGINS.bottom - doc.y;
  if (room >= 3 * LINE_PITCH) doc.y += LINE_PITCH;
  else if (room < 2 * LINE_PITCH) doc.addPage();
  const right = MARGINS.left + TEXT_WIDTH - 4 * BODY_PT;
  const dateWidth = doc.widthOfString(sig.date, { characterSpacing: CHAR_SPACING });
  const unitWidth = doc.widthOfString(sig.unit, { characterSpacing: CHAR_SPACING });
  const centre = right - dateWidth / 2;
  const unitX = Math.max(
    MARGINS.left,
    Math.min(centre - unitWidth / 2, MARGINS.left + TEXT_WIDTH - unitWidth),
  );
  const options = { lineBreak: false, characterSpacing: CHAR_SPACING, lineGap: gap };
  const top = doc.y;
  doc.text(sig.unit, unitX, top, options);
  doc.text(sig.date, right - dateWidth, top + LINE_PITCH, options);
  doc.x = MARGINS.left;
  doc.y = top + 2 * LINE_PITCH;
}

/** "— n —" under the text block: right (one character in) on odd pages, left on even ones. */
function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const label = `— ${i + 1} —`;
    doc.font('body').fontSize(PAGE_NUMBER_PT);
    const width = doc.widthOfString(label);
    const odd = (i + 1) % 2 === 1;
    const x = odd ? PAGE.width - MARGINS.right - PAGE_NUMBER_PT - width : MARGINS.left + PAGE_NUMBER_PT;
    const y = PAGE.height - MARGINS.bottom + 7 * MM;
    // Below the bottom margin: lift the margin while writing, or pdfkit would start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(label, x, y, { lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}
