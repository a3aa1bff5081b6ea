import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/*
 * The text of a PDF, read with pdf-parse in a plain Node process: pdf.js loads its worker with a
 * dynamic import, which Jest's module sandbox does not allow.
 */
const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
});
`;

export function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', SCRIPT], { cwd: resolve(__dirname, '..', '..') });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0
        ? done(JSON.parse(out) as { text: string; pages: number })
        : fail(new Error(`pdf-parse: ${err}`)),
    );
    child.stdin.end(pdf);
  });
}

const SHOT = `
const { PDFParse } = require('pdf-parse');
const { writeFileSync } = require('node:fs');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const shot = await parser.getScreenshot({ partial: [1], scale: 1.2 });
  await parser.destroy();
  writeFileSync(process.argv[1], Buffer.from(shot.pages[0].data));
});
`;

/** Renders the first page of a PDF to a PNG file (pdf.js on @napi-rs/canvas), to look at its layout. */
export function pdfFirstPagePng(pdf: Buffer, path: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', SHOT, path], { cwd: resolve(__dirname, '..', '..') });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`pdf-parse: ${err}`))));
    child.stdin.end(pdf);
  });
}

const ATTACHMENTS = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.concat(chunks)) }).promise;
  const files = (await doc.getAttachments()) ?? {};
  const out = {};
  for (const f of Object.values(files)) out[f.filename] = Buffer.from(f.content).toString('base64');
  await doc.destroy();
  process.stdout.write(JSON.stringify(out));
});
`;

/** The files embedded in a PDF (its EmbeddedFiles), by file name (pdf.js in a plain Node process). */
export function pdfAttachments(pdf: Buffer): Promise<Record<string, Buffer>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-e', ATTACHMENTS], { cwd: resolve(__dirname, '..', '..') });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`pdf.js: ${err}`));
      const files = JSON.parse(out) as Record<string, string>;
      done(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v, 'base64')])));
    });
    child.stdin.end(pdf);
  });
}
