import PDFDocument from 'pdfkit';
import type { DocumentFonts } from '../documents/document.font';
import { fontBytes } from '../documents/document.renderer';
import type { DossierSheet, SheetColumn, SheetLine, SheetTable } from './dossier.sheet';

/*
 * Lays out a dossier sheet on A4, in the documents' CJK faces (hashes and the signature in Courier, so
 * that each character can be read off and compared): the title and the case's particulars, then the
 * tables, each header repeated on the pages it runs over, then the signature block. Every page after
 * the first names the case at its top; every page is numbered "n of m" at its foot.
 */

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGINS = { top: 22 * MM, left: 20 * MM, right: 20 * MM, bottom: 22 * MM };
const WIDTH = PAGE.width - MARGINS.left - MARGINS.right;
const BOTTOM = PAGE.height - MARGINS.bottom;
const X = MARGINS.left;
const PAD = 3.5;
const GREY = '#555555';
const RULE = '#9a9a9a';
const HEAD_FILL = '#e9edf2';
const STRIPE = '#f7f8fa';
const CELL_PT = 9;
const MONO_PT = 8.5;
/** The cover's and the signature's label column, as a share of the width. */
const LABEL_SHARE = 0.24;

type Doc = PDFKit.PDFDocument;

export interface DossierPdfOptions {
  /** The PDF's creation date (the dossier's time of export): the same dossier renders to the same bytes. */
  createdAt: string;
  /** The signed JSON dossier, carried in the PDF as an embedded file of this name. */
  embed: { name: string; json: string };
}

export function renderDossierPdf(
  sheet: DossierSheet,
  fonts: DocumentFonts,
  options: DossierPdfOptions,
): Promise<Buffer> {
  const created = new Date(options.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    info: { Title: sheet.running, CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fontBytes(fonts.body.path), fonts.body.face ?? '');
  doc.registerFont('bold', fontBytes(fonts.title.path), fonts.title.face ?? '');
  doc.file(Buffer.from(options.embed.json, 'utf8'), {
    name: options.embed.name,
    type: 'application/json',
    description: sheet.running,
    creationDate: created,
    modifiedDate: created,
  });
  titleBlock(doc, sheet);
  heading(doc, sheet.coverHeading, 0);
  lines(doc, sheet.cover, 10.5);
  for (const table of sheet.tables) drawTable(doc, table);
  // The signature block is kept on one page with the note on how to check it.
  const block = sheet.signature.reduce((sum, item) => sum + lineHeight(doc, item, CELL_PT), 0);
  heading(doc, sheet.signatureHeading, block + noteHeight(doc, sheet.check) + 8);
  lines(doc, sheet.signature, CELL_PT);
  checkNote(doc, sheet.check);
  decoratePages(doc, sheet);
  doc.end();
  return done;
}

/** A rule across the text block. */
function rule(doc: Doc, y: number, width: number, color = RULE): void {
  doc
    .save()
    .moveTo(X, y)
    .lineTo(X + WIDTH, y)
    .lineWidth(width)
    .strokeColor(color)
    .stroke()
    .restore();
}

function titleBlock(doc: Doc, sheet: DossierSheet): void {
  doc.font('bold').fontSize(22).fillColor('black');
  // Chinese titles are spaced out, as headings of official forms are; Latin ones are not.
  const spacing = /[\u3400-\u9fff]/.test(sheet.title) ? 6 : 0.5;
  doc.text(sheet.title, X, MARGINS.top + 4, { width: WIDTH, align: 'center', characterSpacing: spacing });
  doc.moveDown(0.3);
  doc.font('body').fontSize(11).fillColor(GREY);
  doc.text(sheet.subtitle, X, doc.y, { width: WIDTH, align: 'center' });
  doc.fillColor('black');
  const y = doc.y + 8;
  rule(doc, y, 1.2, '#333333');
  rule(doc, y + 2.5, 0.4, '#333333');
  doc.y = y + 14;
}

/** A section's heading, moved to the next page unless `keep` points fit under it. */
function heading(doc: Doc, text: string, keep: number): void {
  doc.font('bold').fontSize(13);
  const height = doc.heightOfString(text, { width: WIDTH });
  if (doc.y + 10 + height + keep > BOTTOM) doc.addPage();
  else doc.y += 10;
  doc
    .save()
    .rect(X, doc.y + 1, 3, height - 2)
    .fill('#2f5d8a')
    .restore();
  doc.fillColor('black').text(text, X + 9, doc.y, { width: WIDTH - 9 });
  doc.y += 5;
}

const LABEL_WIDTH = WIDTH * LABEL_SHARE;
const VALUE_WIDTH = WIDTH - LABEL_WIDTH;

/** The height of a label–value line. */
function lineHeight(doc: Doc, item: SheetLine, size: number): number {
  doc.font(item.mono ? 'Courier' : 'body').fontSize(item.mono ? size - 0.5 : size);
  const valueHeight = doc.heightOfString(item.value, { width: VALUE_WIDTH - 2 * PAD, lineGap: 2 });
  doc.font('body').fontSize(size);
  const labelHeight = doc.heightOfString(item.label, { width: LABEL_WIDTH - 2 * PAD, lineGap: 2 });
  return Math.max(valueHeight, labelHeight) + 2 * PAD;
}

/** Label–value lines (the cover, the signature): labels grey on the left, values beside them. */
function lines(doc: Doc, items: SheetLine[], size: number): void {
  const labelWidth = LABEL_WIDTH;
  const valueX = X + labelWidth;
  const valueWidth = VALUE_WIDTH;
  for (const item of items) {
    const valueFont = item.mono ? 'Courier' : 'body';
    const valueSize = item.mono ? size - 0.5 : size;
    const height = lineHeight(doc, item, size);
    if (doc.y + height > BOTTOM) doc.addPage();
    const top = doc.y;
    doc.fillColor(GREY).text(item.label, X + PAD, top + PAD, { width: labelWidth - 2 * PAD, lineGap: 2 });
    doc.font(valueFont).fontSize(valueSize).fillColor('black');
    doc.text(item.value, valueX + PAD, top + PAD + (item.mono ? 1 : 0), {
      width: valueWidth - 2 * PAD,
      lineGap: 2,
    });
    rule(doc, top + height, 0.3, '#d0d0d0');
    doc.x = X;
    doc.y = top + height;
  }
}

interface Cell {
  text: string;
  column: SheetColumn;
  x: number;
  width: number;
}

function cellsOf(texts: string[], columns: SheetColumn[]): Cell[] {
  let x = X;
  return columns.map((column, i) => {
    const width = column.width * WIDTH;
    const cell = { text: texts[i] ?? '', column, x, width };
    x += width;
    return cell;
  });
}

function setCellFont(doc: Doc, cell: Cell, head: boolean): void {
  if (head) doc.font('bold').fontSize(CELL_PT);
  else if (cell.column.mono) doc.font('Courier').fontSize(MONO_PT);
  else doc.font('body').fontSize(CELL_PT);
}

function rowHeight(doc: Doc, cells: Cell[], head: boolean): number {
  let height = 0;
  for (const cell of cells) {
    setCellFont(doc, cell, head);
    height = Math.max(
      height,
      doc.heightOfString(cell.text || ' ', { width: cell.width - 2 * PAD, lineGap: 1.5 }),
    );
  }
  return height + 2 * PAD;
}

function drawRow(
  doc: Doc,
  cells: Cell[],
  top: number,
  height: number,
  fill: string | null,
  head: boolean,
): void {
  if (fill) doc.save().rect(X, top, WIDTH, height).fill(fill).restore();
  for (const cell of cells) {
    setCellFont(doc, cell, head);
    doc.fillColor(head ? '#1f2f40' : 'black');
    doc.text(cell.text, cell.x + PAD, top + PAD + (cell.column.mono && !head ? 1 : 0), {
      width: cell.width - 2 * PAD,
      lineGap: 1.5,
    });
  }
  if (head) rule(doc, top, 0.8);
  rule(doc, top + height, head ? 0.8 : 0.3);
}

/** A table under its heading; its header row starts every page it runs over; no row is split. */
function drawTable(doc: Doc, table: SheetTable): void {
  const header = cellsOf(
    table.columns.map((c) => c.label),
    table.columns,
  );
  const headHeight = rowHeight(doc, header, true);
  const rows = table.rows.map((r) => cellsOf(r, table.columns));
  const first = rows[0] ? rowHeight(doc, rows[0], false) : 20;
  heading(doc, table.heading, headHeight + first);
  if (rows.length === 0) {
    doc
      .font('body')
      .fontSize(CELL_PT + 1)
      .fillColor(GREY)
      .text(table.empty, X + 9, doc.y + 2, { width: WIDTH });
    doc.fillColor('black');
    doc.y += 4;
    return;
  }
  const drawHeader = () => {
    const top = doc.y;
    drawRow(doc, header, top, headHeight, HEAD_FILL, true);
    doc.y = top + headHeight;
  };
  drawHeader();
  rows.forEach((cells, i) => {
    const height = rowHeight(doc, cells, false);
    if (doc.y + height > BOTTOM) {
      doc.addPage();
      drawHeader();
    }
    const top = doc.y;
    drawRow(doc, cells, top, height, i % 2 === 1 ? STRIPE : null, false);
    doc.x = X;
    doc.y = top + height;
  });
  doc.y += 4;
}

/** How to check the signature, in a framed note. */
function noteHeight(doc: Doc, text: string): number {
  doc.font('body').fontSize(CELL_PT);
  return doc.heightOfString(text, { width: WIDTH - 4 * PAD, lineGap: 2 }) + 4 * PAD;
}

function checkNote(doc: Doc, text: string): void {
  const height = noteHeight(doc, text);
  doc.font('body').fontSize(CELL_PT);
  if (doc.y + 8 + height > BOTTOM) doc.addPage();
  else doc.y += 8;
  const top = doc.y;
  doc.save().rect(X, top, WIDTH, height).lineWidth(0.6).fillAndStroke('#f4f6f8', RULE).restore();
  doc.fillColor('#222222').text(text, X + 2 * PAD, top + 2 * PAD, { width: WIDTH - 4 * PAD, lineGap: 2 });
  doc.fillColor('black');
  doc.y = top + height;
}

/** The case at the top of every page but the first, "n of m" at the foot of every page. */
function decoratePages(doc: Doc, sheet: DossierSheet): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins;
    const saved = { top: margin.top, bottom: margin.bottom };
    // Outside the text block: lift the margins while writing, or pdfkit would start a new page.
    margin.top = 0;
    margin.bottom = 0;
    doc.font('body').fontSize(8.5).fillColor(GREY);
    if (i > range.start) {
      const y = MARGINS.top - 10 * MM;
      doc.text(sheet.running, X, y, { width: WIDTH, lineBreak: false });
      rule(doc, y + 13, 0.4);
    }
    const label = sheet.pageLabel.replace('{n}', String(i + 1)).replace('{m}', String(range.count));
    doc.text(label, X, PAGE.height - MARGINS.bottom + 8 * MM, {
      width: WIDTH,
      align: 'center',
      lineBreak: false,
    });
    margin.top = saved.top;
    margin.bottom = saved.bottom;
  }
  doc.fillColor('black');
}
