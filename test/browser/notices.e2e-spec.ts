/*
 * Notices, 查阅登记, drill-down and printing in a real browser against the real service, in Chinese:
 * the bell counts new work live and leads to the case; the access-log page finds who read a case by
 * its title; a dashboard count opens the case list filtered to those cases, which prints with its
 * filters at the top.
 */
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

jest.setTimeout(180_000);

const WIDE = { width: 1440, height: 900 };
/** Latin letters outside data (titles, numbers, ids are data). */
const LATIN = /[A-Za-z]{2,}/;

describe('notices, 查阅登记 and drill-down, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let officer: Client;
  const pages: Page[] = [];

  const as = async (sub: string) =>
    new Client(
      app.baseUrl,
      (await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub })).body.token,
    );
  const open = async (title: string) => {
    const res = await officer.post<{ id: string; businessKey: string }>('/cases', {
      workflow: 'accountability',
      title,
      subject: { ref: `P-${Math.random().toString(36).slice(2, 8)}`, kind: 'individual', name: '刘洋' },
      source: 'inspectionTour',
      situation: 'seriousAccident',
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp({ NOTICE_SWEEP_MS: '500' }), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    officer = await as('wang.fang');
  }, 300_000);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function zhPage(sub: string): Promise<Page> {
    const { page } = await signedIn(browser, origin, sub, WIDE);
    pages.push(page);
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByRole('button', { name: /语言/ }).waitFor();
    return page;
  }

  it('the bell counts new work as it arrives, lists it in Chinese and leads to the case', async () => {
    const page = await zhPage('li.qiang');
    const bell = page.getByTestId('notice-bell');
    await bell.waitFor();
    const before = Number(
      (await page.getByTestId('notice-count').count())
        ? await page.getByTestId('notice-count').textContent()
        : 0,
    );
    // The officer accepts a case: it now waits for the leader, whose bell counts it without a reload.
    const opened = await open('县防汛物资管理失职问题（通知测试）');
    expect((await officer.send(opened.id, 'ACCEPT')).status).toBe(200);
    await page
      .getByTestId('notice-count')
      .filter({ hasText: String(before + 1) })
      .waitFor();
    expect(await bell.getAttribute('aria-label')).toBe(`${before + 1} 条未读通知`);

    await bell.click();
    const item = page.locator('.notice', { hasText: '县防汛物资管理失职问题（通知测试）' });
    await item.waitFor();
    expect(await item.getAttribute('data-kind')).toBe('work');
    const text = (await item.locator('.notice-text').textContent()) ?? '';
    expect(text).toContain('等待您办理：');
    expect(text).toContain('批准启动调查');
    expect(text).not.toMatch(LATIN);
    expect(await item.locator('.notice-kind').textContent()).toBe('新待办');
    await screenshot(page, 'notices-bell-zh');

    await item.getByRole('link', { name: '县防汛物资管理失职问题（通知测试）' }).click();
    await page.waitForURL(`**/cases/${opened.id}`);
    if (before === 0) await page.getByTestId('notice-count').waitFor({ state: 'detached' });
    else
      await page
        .getByTestId('notice-count')
        .filter({ hasText: String(before) })
        .waitFor();

    // The officer who acted has no notice of it; a user of another role none either.
    const mine = await officer.get<{ items: { case: { id: string } }[] }>('/notices?limit=100');
    expect(mine.body.items.filter((n) => n.case.id === opened.id)).toEqual([]);
  });

  it('查阅登记 shows who read a case, found by its title, in Chinese', async () => {
    const opened = await open('县水库汛期预警未传达问题（查阅测试）');
    expect((await officer.get(`/cases/${opened.id}`)).status).toBe(200);
    const page = await zhPage('chen.jing');
    await page.getByRole('link', { name: '查阅登记' }).click();
    await page.getByRole('heading', { name: '查阅登记' }).waitFor();
    await page.getByLabel('案件编号或标题').fill('查阅测试');
    await page.getByLabel('查阅内容').selectOption({ label: '案件详情' });
    await page.getByRole('button', { name: '查询' }).click();
    const row = page
      .getByTestId('access-log')
      .locator('tbody tr', { hasText: '县水库汛期预警未传达问题（查阅测试）' });
    await row.first().waitFor();
    const cells = await row.first().locator('td').allTextContents();
    expect(cells[1]).toContain('王芳');
    expect(cells[2]).toContain('县纪委监委');
    expect(cells[3]).toBe('案件详情');
    expect(await page.locator('table.access-log thead').textContent()).toBe(
      '查阅时间查阅人所在单位查阅内容案件',
    );
    await screenshot(page, 'access-log-zh');
  });

  it('a dashboard count opens the case list filtered to those cases, which prints with its filters', async () => {
    const opened = await open('县道路施工安全监管不力问题（钻取测试）');
    const page = await zhPage('chen.jing');
    await page.getByRole('link', { name: '统计看板' }).click();
    const link = page.locator('a[data-testid="drill-down"][href*="state=proposed"]');
    await link.waitFor();
    const stage = (await link.locator('.chart-label').textContent()) ?? '';
    expect(stage).not.toMatch(LATIN);
    await link.click();
    await page.waitForURL(/state=proposed/);
    expect(new URL(page.url()).searchParams.get('workflow')).toBe('accountability');
    await page.getByRole('link', { name: '县道路施工安全监管不力问题（钻取测试）' }).waitFor();
    const stages = await page.locator('table.cases tbody .state-pill').allTextContents();
    expect(stages.length).toBeGreaterThan(0);
    expect(new Set(stages)).toEqual(new Set([stage]));
    expect(opened.id).toBeTruthy();

    await page.emulateMedia({ media: 'print' });
    const header = page.getByTestId('print-header');
    await header.waitFor({ state: 'visible' });
    const printed = (await header.textContent()) ?? '';
    expect(printed).toContain('筛选条件：');
    expect(printed).toContain(`阶段：${stage}`);
    expect(printed).toContain('陈静');
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByTestId('print-list').isVisible()).toBe(false);
    await screenshot(page, 'case-list-print-zh');
  });
});
