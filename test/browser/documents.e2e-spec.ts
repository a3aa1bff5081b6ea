/*
 * Documents (文书) in the workbench, in a real browser against the real service: the officer issues the
 * 问责决定书 of a decided case from its page, sees it listed with its number and hash and in the
 * timeline, opens the PDF; the panel reads in Chinese only in zh mode. Screenshots of the page in both
 * languages, and of the PDF's first page, go to test-results/browser/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE } from '../../machines/accountability.fixtures';
import { pdfFirstPagePng, pdfText } from '../support/pdf-text';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { latinTexts, launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

jest.setTimeout(120_000);

const SHOTS = resolve(__dirname, '..', '..', 'test-results', 'browser');

describe('documents (文书) in the workbench', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let page: Page;
  let officer: Client;
  let caseId = '';
  let token = '';
  const files = mkdtempSync(join(tmpdir(), 'wenze-docs-browser-'));

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp({ FILES_DIR: files }), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const as = async (sub: string) => {
      const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub });
      if (sub === 'wang.fang') token = signIn.body.token;
      return new Client(app.baseUrl, signIn.body.token);
    };
    officer = await as('wang.fang');
    const [leader, committee] = await Promise.all([as('li.qiang'), as('zhao.min')]);
    const opened = await officer.post<{ id: string }>('/cases', {
      workflow: 'accountability',
      title: '县道边坡垮塌问责',
      subject: {
        ref: `P-${Date.now()}`,
        kind: 'individual',
        name: '刘洋',
        organisation: '县水务局',
        post: '局长',
      },
      source: 'audit',
      facts: '县道边坡施工中多次收到险情报告未予处置，导致边坡垮塌，道路中断十余日。',
    });
    caseId = opened.body.id;
    const steps: [Client, keyof typeof SAMPLE][] = [
      [officer, 'ACCEPT'],
      [leader, 'APPROVE_INVESTIGATION'],
      [officer, 'RECORD_STATEMENT'],
      [officer, 'SUBMIT_REPORT'],
      [officer, 'PROPOSE_OPINION'],
      [committee, 'DECIDE'],
    ];
    for (const [client, type] of steps) {
      const reply = await client.send(caseId, type, SAMPLE[type]);
      if (reply.status !== 200) throw new Error(`${type}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    page = (await signedIn(browser, origin, 'wang.fang')).page;
  }, 180_000);

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await app?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('issues the decision from the case page, lists it, shows it in the timeline and opens the PDF', async () => {
    await page.goto(`${origin}/cases/${caseId}`);
    await page.locator('.case-page[data-phase="ready"]').waitFor();
    const panel = page.locator('#documents');
    await expect(panel.locator('button[data-kind="decision"]').innerText()).resolves.toContain('问责决定书');
    await panel.locator('button[data-kind="decision"]').click();
    const item = panel.getByTestId('documents-issued').locator('li');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    const number = await item.first().getAttribute('data-number');
    expect(number).toMatch(/^问决〔\d{4}〕\d+号$/);
    await page.getByTestId('timeline-document').first().waitFor();
    expect(await page.getByTestId('timeline-document').first().innerText()).toContain(`问责决定书 ${number}`);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-en');

    const [popup] = await Promise.all([page.waitForEvent('popup'), item.first().getByRole('button').click()]);
    await popup.waitForURL(/^blob:/);
    await popup.close();

    const listed = await officer.get<{ issued: { sha256: string; number: string }[] }>(
      `/cases/${caseId}/documents`,
    );
    const doc = listed.body.issued[0];
    expect(doc.number).toBe(number);
    const res = await fetch(`${app.baseUrl}/cases/${caseId}/documents/${doc.sha256}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const pdf = Buffer.from(await res.arrayBuffer());
    expect((await pdfText(pdf)).text.replace(/\s+/g, '')).toContain('刘洋同志');
    await pdfFirstPagePng(pdf, join(SHOTS, 'documents-decision-page1.png'));
  });

  it('reads in Chinese only in zh mode', async () => {
    await page.getByRole('button', { name: /Language/ }).click();
    const panel = page.locator('#documents');
    await panel.locator('h2', { hasText: '文书' }).waitFor();
    expect(await panel.locator('button[data-kind="deliveryReceipt"]').innerText()).toBe('出具 送达回证');
    const latin = await latinTexts(page);
    expect(latin.filter((t) => /Issue|Document|Open PDF|SHA/.test(t))).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-zh');
  });
});
