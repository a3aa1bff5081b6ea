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
 *
 * A document with a header (版头, 7.2) opens with the issuing authority's mark in red, 35 mm under the
 * top of the text block, the number two lines under it, a red line as wide as the text block 4 mm under
 * the number, and the title two lines under the line. The signature is kept on the page of the last
 * paragraph (7.3.5.4: never alone on a page): when they do not fit together, the last paragraph starts
 * the next page. A sealed document leaves a round seal area over the signature, its top within a line of
 * the body (7.3.5.1). Who receives copies (抄送) is printed at the foot of the last page between a thick
 * and a thin line, over the issuing unit and date of printing (版记, 7.4).
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
export function fontBytes(path: string): Buffer {
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

const RED = '#d40000';
const BOTTOM = PAGE.height - MARGINS.bottom;
const TEXT = { width: TEXT_WIDTH, characterSpacing: CHAR_SPACING };
/** The seal area: the diameter of a unit's round seal (42 mm). */
const SEAL = 42 * MM;
/** The 版记 at the foot of the last page: the copies (4号) and the printing line, between rules. */
const NOTE_PT = 14;

function layOut(doc: Doc, model: DocumentModel): void {
  const x = MARGINS.left;
  let y = MARGINS.top;
  if (model.header) y = header(doc, model.header, model.number);
  // Title: 2号 bold, centred, lines one and a half body lines apart.
  let gap = use(doc, 'title', TITLE_PT, LINE_PITCH * 1.4);
  doc.text(model.title, x, y, { width: TEXT_WIDTH, align: 'center', lineGap: gap });
  gap = use(doc, 'body', BODY_PT);
  doc.moveDown(0.5);
  if (model.number && !model.header)
    doc.text(model.number, x, doc.y, { ...TEXT, align: 'center', lineGap: gap });
  doc.moveDown(1);
  if (model.recipient) doc.text(`${model.recipient}：`, x, doc.y, { ...TEXT, lineGap: gap });
  const paragraphs = model.sections.flatMap((section) => [
    ...(section.heading ? [{ heading: true, text: section.heading }] : []),
    ...section.paragraphs.map((text) => ({ heading: false, text })),
  ]);
  const signatureHeight = signatureBlock(model).height;
  paragraphs.forEach((p, i) => {
    const last = i === paragraphs.length - 1;
    if (p.heading) {
      // A heading is kept with the first lines of its section.
      if (doc.y + 3 * LINE_PITCH > BOTTOM) doc.addPage();
      const headingGap = use(doc, 'title', BODY_PT);
      doc.text(p.text, x, doc.y, { ...TEXT, indent: 2 * BODY_PT, lineGap: headingGap });
      use(doc, 'body', BODY_PT);
      return;
    }
    if (last) {
      // The signature is kept with the last paragraph: a paragraph of up to six lines that leaves no
      // room for the signature under it moves to the next page with it (a longer one flows on, and
      // its last lines go with the signature), so that the signature never stands alone there.
      const height = doc.heightOfString(p.text, { ...TEXT, indent: 2 * BODY_PT, lineGap: gap });
      if (doc.y + height + signatureHeight > BOTTOM && height <= 6 * LINE_PITCH) doc.addPage();
    }
    doc.text(p.text, x, doc.y, { ...TEXT, indent: 2 * BODY_PT, lineGap: gap });
  });
  signature(doc, model, gap);
  if (model.footnote) {
    doc.moveDown(1);
    doc.text(model.footnote, x, doc.y, { ...TEXT, lineGap: gap });
  }
  if (model.copies?.length) colophon(doc, model);
}

/** The 版头: the authority's mark in red, the number two lines under it, the red line 4 mm under the number. */
function header(doc: Doc, mark: string, number: string): number {
  const x = MARGINS.left;
  // As large as fits the line, at most 22 mm a character (the standard's bound), in the title face.
  doc.font('title');
  const size = Math.min(22 * MM, 40, (TEXT_WIDTH * 0.96) / Math.max(1, [...mark].length));
  doc.fontSize(size);
  const markTop = MARGINS.top + 35 * MM;
  doc.fillColor(RED).text(mark, x, markTop, { width: TEXT_WIDTH, align: 'center', lineBreak: false });
  doc.fillColor('black');
  use(doc, 'body', BODY_PT);
  const numberTop = markTop + size + 2 * LINE_PITCH;
  doc.text(number, x, numberTop, { ...TEXT, align: 'center', lineBreak: false });
  const ruleY = numberTop + BODY_PT + 4 * MM;
  doc
    .save()
    .moveTo(x, ruleY)
    .lineTo(x + TEXT_WIDTH, ruleY)
    .lineWidth(1.2)
    .strokeColor(RED)
    .stroke()
    .restore();
  doc.x = x;
  return ruleY + 2 * LINE_PITCH - LINE_PITCH / 2;
}

/** The room the signature takes: a blank line (two with a seal), the unit, the date. */
function signatureBlock(model: DocumentModel): { before: number; height: number } {
  const before = model.seal ? 2 * LINE_PITCH : LINE_PITCH;
  return { before, height: before + 2 * LINE_PITCH };
}

/** The unit and date, the date four characters in from the right; a sealed document's seal area over them. */
function signature(doc: Doc, model: DocumentModel, gap: number): void {
  const sig = model.signature;
  const { before } = signatureBlock(model);
  // With too little room the blank lines shrink to one (GB/T 9704 7.3.5.4: adjust the spacing), then
  // a new page; the last paragraph was moved beforehand so that this does not happen in practice.
  const room = BOTTOM - doc.y;
  if (room >= before + 2 * LINE_PITCH) doc.y += before;
  else if (room >= 3 * LINE_PITCH) doc.y += LINE_PITCH;
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
  if (model.seal) sealArea(doc, centre, top + LINE_PITCH * 0.8);
  doc.text(sig.unit, unitX, top, options);
  doc.text(sig.date, right - dateWidth, top + LINE_PITCH, options);
  doc.x = MARGINS.left;
  doc.y = top + 2 * LINE_PITCH;
}

/** A dashed circle where the seal is pressed, the unit and date a little under its centre (7.3.5.1). */
function sealArea(doc: Doc, cx: number, cy: number): void {
  doc
    .save()
    .circle(cx, cy, SEAL / 2)
    .lineWidth(0.8)
    .dash(3, { space: 3 })
    .strokeColor(RED, 0.6)
    .stroke()
    .undash()
    .restore();
}

/** The 版记 at the foot of the last page: thick rule, 抄送, thin rule, unit and date of printing, thick rule. */
function colophon(doc: Doc, model: DocumentModel): void {
  const x = MARGINS.left;
  const line = LINE_PITCH * 0.85;
  const copies = `抄送：${model.copies!.join('，')}。`;
  doc.font('body').fontSize(NOTE_PT);
  const copiesHeight = doc.heightOfString(copies, { width: TEXT_WIDTH - 2 * NOTE_PT });
  const height = copiesHeight + line + 12;
  if (doc.y + height + LINE_PITCH > BOTTOM) doc.addPage();
  const top = BOTTOM - height;
  const rule = (y: number, width: number) =>
    doc
      .save()
      .moveTo(x, y)
      .lineTo(x + TEXT_WIDTH, y)
      .lineWidth(width)
      .strokeColor('black')
      .stroke()
      .restore();
  rule(top, 1);
  doc.font('body').fontSize(NOTE_PT);
  doc.text(copies, x + NOTE_PT, top + 4, { width: TEXT_WIDTH - 2 * NOTE_PT });
  const thin = top + 4 + copiesHeight + 2;
  rule(thin, 0.5);
  const printed = `${model.signature.date}印发`;
  const printedWidth = doc.widthOfString(printed);
  doc.text(model.signature.unit, x + NOTE_PT, thin + 4, { lineBreak: false });
  doc.text(printed, x + TEXT_WIDTH - NOTE_PT - printedWidth, thin + 4, { lineBreak: false });
  rule(BOTTOM, 1);
  doc.x = x;
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
