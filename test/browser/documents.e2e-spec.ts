/*
 * Documents (文书) in the workbench, in a real browser against the real service: the officer issues the
 * 问责决定书 of a decided case from its page, sees it listed with its number (the decision's 决定文号)
 * and hash and in the timeline, opens the PDF; the panel reads in Chinese only in zh mode. Issuing it
 * again asks for a confirmation and a reason (cancelled: nothing issued); a document is voided with a
 * reason. A 函询函 goes through approval: the officer submits the draft, a leader approves it with a
 * 批示 in his own browser, then the officer issues it. Screenshots of the page in both languages, and of
 * the PDFs' pages, go to test-results/browser/.
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
  }, 400_000);

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
    expect(number).toBe(SAMPLE.DECIDE.decisionNo);
    await page.getByTestId('timeline-document').first().waitFor();
    expect(await page.getByTestId('timeline-document').first().innerText()).toContain(`问责决定书 ${number}`);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-en');

    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      item.first().getByRole('button', { name: 'Open PDF' }).click(),
    ]);
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

  it('issuing again asks for a confirmation and a reason (zh); cancelled, nothing is issued; a document is voided with a reason', async () => {
    await page.evaluate("localStorage.setItem('wenze.lang', 'zh')");
    await page.goto(`${origin}/cases/${caseId}`);
    await page.locator('.case-page[data-phase="ready"]').waitFor();
    const panel = page.locator('#documents');
    const items = panel.getByTestId('documents-issued').locator('li');
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    await panel.locator('button[data-kind="decision"]').click();
    const dialog = panel.getByTestId('reissue-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`问责决定书（${SAMPLE.DECIDE.decisionNo}）已于`);
    expect(await dialog.getByTestId('doc-confirm').isDisabled()).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-reissue-dialog-zh');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await items.count()).toBe(1);

    await panel.locator('button[data-kind="decision"]').click();
    await dialog.getByTestId('doc-reason').fill('更正问责事实中的错字');
    await dialog.getByTestId('doc-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await panel.locator('li', { hasText: '再次出具：更正问责事实中的错字' }).waitFor();
    expect(await items.count()).toBe(2);
    const numbers = await items.evaluateAll((li) => li.map((l) => l.getAttribute('data-number')));
    expect(numbers).toEqual([SAMPLE.DECIDE.decisionNo, SAMPLE.DECIDE.decisionNo]);

    // Void the first one (listed last): a reason is required, then it is marked voided.
    await items.last().locator('button[data-void]').click();
    const voiding = panel.getByTestId('void-dialog');
    await voiding.waitFor();
    expect(await voiding.getByTestId('doc-confirm').isDisabled()).toBe(true);
    await voiding.getByTestId('doc-reason').fill('已由更正后的决定书替代');
    await voiding.getByTestId('doc-confirm').click();
    await items.last().getByTestId('doc-voided').waitFor();
    expect(await items.last().getByTestId('doc-voided').innerText()).toContain(
      '作废：已由更正后的决定书替代',
    );
    expect(await items.first().getAttribute('data-voided')).toBe('false');
    const latin = await latinTexts(page);
    expect(latin.filter((t) => /Issue|Void|Reason|Cancel|again/i.test(t))).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-voided-zh');
    await page.evaluate("localStorage.setItem('wenze.lang', 'en')");
    await page.reload();
    await page.locator('.case-page[data-phase="ready"]').waitFor();
  });

  it('a 函询函 is submitted for approval, approved by a leader with a 批示 in his browser, then issued (zh)', async () => {
    const leader = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', {
      sub: 'li.qiang',
    });
    const opened = await officer.post<{ id: string }>('/cases', {
      workflow: 'inquiry',
      title: '反映违规发放津补贴问题',
      subject: {
        ref: `C-${Date.now()}`,
        kind: 'individual',
        name: '周强',
        organisation: '县教育局',
        post: '局长',
      },
      clue: '来信反映其违规发放津补贴',
      source: 'report',
    });
    const inquiryId = opened.body.id;
    const approved = await new Client(app.baseUrl, leader.body.token).send(inquiryId, 'APPROVE', {
      method: 'letter',
    });
    expect(approved.status).toBe(200);

    await page.evaluate("localStorage.setItem('wenze.lang', 'zh')");
    await page.goto(`${origin}/cases/${inquiryId}`);
    await page.locator('.case-page[data-phase="ready"]').waitFor();
    const panel = page.locator('#documents');
    expect(await panel.locator('button[data-kind="letter"]').count()).toBe(0);
    await panel.locator('button[data-submit="letter"]').click();
    await panel.getByTestId('draft-pending').waitFor();
    expect(await panel.getByTestId('documents-drafts').innerText()).toContain('待审批');

    const { context: leaderContext, page: leaderPage } = await signedIn(browser, origin, 'li.qiang');
    try {
      await leaderPage.evaluate("localStorage.setItem('wenze.lang', 'zh')");
      await leaderPage.goto(`${origin}/cases/${inquiryId}`);
      await leaderPage.locator('.case-page[data-phase="ready"]').waitFor();
      const form = leaderPage.locator('#documents').getByTestId('approve-form');
      await form.waitFor();
      await form.getByTestId('approve-comment').fill('同意，请按程序办理');
      await leaderPage.locator('#documents').scrollIntoViewIfNeeded();
      await screenshot(leaderPage, 'documents-approval-zh');
      await form.locator('button[data-approve="true"]').click();
      await leaderPage.locator('#documents').getByTestId('draft-decision').waitFor();
      expect(await leaderPage.locator('#documents').getByTestId('draft-decision').innerText()).toContain(
        '同意，请按程序办理',
      );
    } finally {
      await leaderContext.close();
    }

    await page.reload();
    await page.locator('.case-page[data-phase="ready"]').waitFor();
    await panel.locator('button[data-kind="letter"]').click();
    const item = panel.getByTestId('documents-issued').locator('li');
    await item.first().waitFor();
    expect(await item.first().getAttribute('data-number')).toMatch(/^纪函〔\d{4}〕\d+号$/);
    expect(await panel.getByTestId('documents-drafts').innerText()).toContain('已出具');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-letter-issued-zh');
    const latin = await latinTexts(page);
    expect(latin.filter((t) => /Submit|Approve|approval|Draft|Issue/i.test(t))).toEqual([]);

    const listed = await officer.get<{ issued: { sha256: string }[] }>(`/cases/${inquiryId}/documents`);
    const res = await fetch(`${app.baseUrl}/cases/${inquiryId}/documents/${listed.body.issued[0].sha256}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const pdf = Buffer.from(await res.arrayBuffer());
    expect((await pdfText(pdf)).text.replace(/\s+/g, '')).toContain('周强同志');
    await pdfFirstPagePng(pdf, join(SHOTS, 'documents-letter-page1.png'));
    await page.evaluate("localStorage.setItem('wenze.lang', 'en')");
    await page.goto(`${origin}/cases/${caseId}`);
    await page.locator('.case-page[data-phase="ready"]').waitFor();
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
