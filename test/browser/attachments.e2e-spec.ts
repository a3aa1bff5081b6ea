/*
 * Attachments (附件, issue 13) on the case page in a real browser: the officer uploads a file, sees it
 * listed and in the history, the chain check still passes, and the download gives back the same bytes;
 * in English and Chinese (no English outside data). Screenshots: test-results/browser/attachments-*.png.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { atRevision, latinTexts, launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const OFFICER = 'wang.fang';
const PDF = Buffer.from('%PDF-1.4\n% 谈话笔录\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const NAME = '谈话笔录-第一次.pdf';

jest.setTimeout(120_000);

describe('attachments on the case page', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let page: Page;
  let caseId: string;
  let filesDir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    filesDir = mkdtempSync(join(tmpdir(), 'wenze-files-'));
    [app, browser] = await Promise.all([startTestApp({ FILES_DIR: filesDir }), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub: OFFICER });
    const officer = new Client(app.baseUrl, signIn.body.token);
    const opened = await officer.post<{ id: string }>('/cases', {
      workflow: 'accountability',
      title: 'Flood warnings ignored at the county reservoir',
      subject: { ref: 'P-att-1', kind: 'individual', name: 'Liu Yang', organisation: 'County Water Bureau' },
      source: 'audit',
    });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    ({ page } = await signedIn(browser, origin, OFFICER));
    page.on('pageerror', (e) => errors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('uploads a file from the case page, lists it, shows it in the history, and the chain still verifies', async () => {
    await page.goto(`${origin}/cases/${caseId}`);
    await atRevision(page, 1);
    const panel = page.locator('#attachments');
    await panel.getByText('No files attached yet.').waitFor();
    await panel.locator('#att-file').setInputFiles({ name: NAME, mimeType: 'application/pdf', buffer: PDF });
    await panel.locator('#att-kind').selectOption('talkRecord');
    await panel.locator('#att-description').fill('First interview');
    await panel.getByRole('button', { name: 'Upload' }).click();
    await atRevision(page, 2);

    const row = panel.getByTestId('attachment');
    await row.waitFor();
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(await row.getAttribute('data-sha256')).toBe(sha256);
    expect(await row.innerText()).toMatch(/Interview record 谈话笔录[\s\S]*谈话笔录-第一次\.pdf/);
    expect(await row.locator('.mono').getAttribute('title')).toBe(sha256);
    const timeline = page.getByTestId('timeline-attachment');
    expect(await page.locator('.timeline li[data-seq="2"] .tl-head').innerText()).toContain(
      'File attached 上传附件',
    );
    expect(await timeline.innerText()).toContain(`${NAME} (Interview record 谈话笔录, 66 B)`);
    expect(await timeline.innerText()).toContain(sha256);
    await page.locator('[data-testid="chain-status"][data-ok="true"]').waitFor();
    expect(await page.getByTestId('chain-status').innerText()).toContain('1 attached file(s) intact');
    await screenshot(page, 'attachments-en');

    // The download (fetched with the token, saved through an object URL) gives back the same bytes.
    const dir = mkdtempSync(join(tmpdir(), 'wenze-download-'));
    try {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('button', { name: NAME }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(NAME);
      const saved = join(dir, 'file');
      await download.saveAs(saved);
      expect(readFileSync(saved).equals(PDF)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
  });

  it('in Chinese: the panel, the history row and the form, without English outside data', async () => {
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('heading', { name: '附件', exact: true }).waitFor();
    const panel = page.locator('#attachments');
    expect(await panel.getByTestId('attachment').innerText()).toMatch(/谈话笔录[\s\S]*谈话笔录-第一次\.pdf/);
    expect(await page.locator('.timeline li[data-seq="2"]').innerText()).toMatch(
      new RegExp(`上传附件[\\s\\S]*${NAME.replace(/\./g, '\\.')}（谈话笔录，66 B）`),
    );
    await panel.getByRole('button', { name: '上传' }).waitFor();
    await screenshot(page, 'attachments-zh');
    const data = [
      'Flood warnings ignored at the county reservoir',
      'Liu Yang',
      'County Water Bureau',
      'First interview',
      'Wenze',
      'P-att-1',
    ];
    const english = (await latinTexts(page)).filter((text) => {
      let rest = text.slice(text.indexOf(': ') + 2);
      for (const d of data) rest = rest.split(d).join('');
      rest = rest.replace(/\b[A-Z]+-[\w-]+\b|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '');
      return /[A-Za-z]{2,}/.test(rest);
    });
    expect(english).toEqual([]);
    expect(errors).toEqual([]);
  });
});
