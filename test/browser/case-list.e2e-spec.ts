/*
 * The case list's search, next deadline and export, and the inbox count, in a real browser against
 * the real service (issue 13). Screenshots (en, zh, and zh at 1024×768) go to test-results/browser/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { unzip } from '../support/unzip';
import { latinTexts, launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const OFFICER = 'wang.fang';

jest.setTimeout(120_000);

describe('the case list in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let officer: Client;
  const pages: Page[] = [];
  const marker = Math.random().toString(36).slice(2, 7);

  const open = (title: string, name: string) =>
    officer.post<{ id: string }>('/cases', {
      workflow: 'accountability',
      title,
      subject: {
        ref: `P-${Math.random().toString(36).slice(2, 8)}`,
        kind: 'individual',
        name,
        organisation: '县水利局',
      },
      source: 'audit',
    });

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub: OFFICER });
    officer = new Client(app.baseUrl, signIn.body.token);
    const flood = await open(`Flood warnings ignored ${marker}`, `刘洋${marker}`);
    expect(flood.status).toBe(201);
    // under investigation: a time limit three months ahead, shown as the next deadline
    const lead = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', {
      sub: 'li.qiang',
    });
    expect((await officer.send(flood.body.id, 'ACCEPT')).status).toBe(200);
    expect(
      (await new Client(app.baseUrl, lead.body.token).send(flood.body.id, 'APPROVE_INVESTIGATION')).status,
    ).toBe(200);
    expect((await open(`Unpaid wages ${marker}`, `陈晨${marker}`)).status).toBe(201);
  }, 180_000);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function as(viewport?: { width: number; height: number }): Promise<Page> {
    const { page } = await signedIn(browser, origin, OFFICER, viewport);
    pages.push(page);
    return page;
  }

  const rows = (page: Page) => page.locator('table.cases tbody tr');

  it("finds a case by its subject's name, shows the inbox count, and exports what it shows", async () => {
    const page = await as();
    const count = page.getByTestId('inbox-count');
    await count.waitFor();
    expect(Number(await count.textContent())).toBeGreaterThanOrEqual(1);
    await page.getByLabel('Subject name').fill(`刘洋${marker}`);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/name=/);
    await rows(page)
      .filter({ hasText: `Flood warnings ignored ${marker}` })
      .waitFor();
    expect(await rows(page).count()).toBe(1);
    expect(await page.locator('table.cases thead').textContent()).toContain('Next time limit');
    expect(await rows(page).first().textContent()).toContain('Investigation');
    await screenshot(page, 'list-filter-en');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export to Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^案件台账-\d{12}\.xlsx$/);
    // exceljs keeps the cells' text in the shared strings; the sheet refers to them
    const files = unzip(readFileSync(await download.path()));
    const sheet = `${files.get('xl/worksheets/sheet1.xml')!.toString()}${files.get('xl/sharedStrings.xml')?.toString() ?? ''}`;
    expect(sheet).toContain(`Flood warnings ignored ${marker}`);
    expect(sheet).not.toContain(`Unpaid wages ${marker}`);
  });

  it('shows the filters in Chinese with no English left, also at 1024×768', async () => {
    for (const viewport of [undefined, { width: 1024, height: 768 }]) {
      const page = await as(viewport);
      await page.getByRole('button', { name: /Language/ }).click();
      await page.getByLabel('对象姓名/名称').fill(`陈晨${marker}`);
      await page.getByLabel('临期预警（天内到期）').fill('30');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/dueWithinDays=30/);
      await page.getByText('没有符合条件的案件。').waitFor();
      await page.getByLabel('临期预警（天内到期）').fill('');
      await page.getByRole('button', { name: '筛选' }).click();
      await rows(page)
        .filter({ hasText: `Unpaid wages ${marker}` })
        .waitFor();
      const english = (await latinTexts(page)).filter((t) => !t.includes(marker) && !/Wenze/.test(t));
      expect(english).toEqual([]);
      await screenshot(page, viewport ? 'list-filter-zh-1024' : 'list-filter-zh');
    }
  });
});
