/*
 * What a case waits for, the 问责情形 carried from the opening into the report, and the dashboard's
 * export, in a real browser against the real service (issue 13, defects 7–9). Screenshots of the case
 * page and the dashboard in English and Chinese, at 1440×900 and 1024×768, go to test-results/browser/.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

jest.setTimeout(120_000);

const WIDE = { width: 1440, height: 900 };
const SMALL = { width: 1024, height: 768 };

describe('what a case waits for, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let officer: Client;
  let leader: Client;
  let investigated: string;
  let deciding: string;
  const pages: Page[] = [];

  const as = async (sub: string) =>
    new Client(
      app.baseUrl,
      (await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub })).body.token,
    );
  const open = async (title: string) => {
    const res = await officer.post<{ id: string }>('/cases', {
      workflow: 'accountability',
      title,
      subject: { ref: `P-${Math.random().toString(36).slice(2, 8)}`, kind: 'individual', name: '刘洋' },
      source: 'inspectionTour',
      situation: 'seriousAccident',
    });
    expect(res.status).toBe(201);
    expect((await officer.send(res.body.id, 'ACCEPT')).status).toBe(200);
    expect((await leader.send(res.body.id, 'APPROVE_INVESTIGATION')).status).toBe(200);
    return res.body.id;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    // one after the other: the first development sign-in creates the demo units
    officer = await as('wang.fang');
    leader = await as('li.qiang');
    investigated = await open('县水库汛期预警未传达问题');
    deciding = await open('县防汛物资管理失职问题');
    for (const [type, payload] of [
      ['RECORD_STATEMENT', { statement: '预警送达较晚。' }],
      [
        'SUBMIT_REPORT',
        { findings: '预警未传达', responsibility: 'mainLeadership', situation: 'seriousAccident' },
      ],
      ['PROPOSE_OPINION', { measures: [{ type: 'formalWarning' }], mitigation: 'none', basis: '2019 第7条' }],
    ] as const) {
      expect((await officer.send(deciding, type, payload)).status).toBe(200);
    }
  }, 180_000);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function page(sub: string, viewport = WIDE, zh = false): Promise<Page> {
    const { page } = await signedIn(browser, origin, sub, viewport);
    pages.push(page);
    if (zh) await page.getByRole('button', { name: /Language/ }).click();
    return page;
  }

  it('says whom the case waits for and why the report cannot be sent yet, then offers the situation chosen at opening', async () => {
    const p = await page('wang.fang');
    await p.goto(`${origin}/cases/${investigated}`);
    const waiting = p.getByTestId('waiting-for');
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('Record statement and defence');
    expect(await waiting.textContent()).toContain('Case officer');
    expect(await waiting.textContent()).toContain('Principal leader');
    const notYet = await p.getByTestId('not-yet').textContent();
    expect(notYet).toContain('Submit investigation report');
    expect(notYet).toContain('must be recorded first');
    expect(await p.locator('button[data-event="SUBMIT_REPORT"]').count()).toBe(0);
    await screenshot(p, 'waiting-on-en');

    expect((await officer.send(investigated, 'RECORD_STATEMENT', { statement: '已听取。' })).status).toBe(
      200,
    );
    await p.reload();
    await p.locator('button[data-event="SUBMIT_REPORT"]').click();
    const situation = p.locator('form[data-event-form="SUBMIT_REPORT"] select#ev-SUBMIT_REPORT-situation');
    await situation.waitFor();
    expect(await situation.inputValue()).toBe('seriousAccident');
    expect(await situation.locator('option:checked').textContent()).toContain('Serious accident or incident');
    expect(await p.getByTestId('not-yet').count()).toBe(0);
    await screenshot(p, 'report-situation-en');
  });

  it('shows the officer, in Chinese, that the decision waits for the committee (also at 1024×768)', async () => {
    for (const viewport of [WIDE, SMALL]) {
      const p = await page('wang.fang', viewport, true);
      await p.goto(`${origin}/cases/${deciding}`);
      const waiting = p.getByTestId('waiting-for');
      await waiting.waitFor();
      const text = (await waiting.textContent()) ?? '';
      expect(text).toContain('等待：');
      expect(text).toContain('作出问责决定');
      expect(text).toContain('（领导班子）');
      expect(text).not.toMatch(/[A-Za-z]/);
      // on a small screen the diagram starts folded (actions and deadlines first): the user opens it
      if (viewport === SMALL) await p.getByRole('button', { name: '显示流程图' }).click();
      // the diagram names the next steps along their edges, and says what the red dashed line is
      expect(await p.locator('#diagram .legend').textContent()).toContain('可办理的下一步');
      await p.locator('.edge-label', { hasText: '退回补充调查' }).waitFor();
      // the states' names stay readable (at least 11 px on screen), also when the diagram is wider than the page
      const px = await p
        .locator('#diagram .react-flow__node .st-zh')
        .first()
        .evaluate((e) => {
          // no DOM types in the tests' TypeScript: what this reads of the element and its window
          const el = e as unknown as {
            offsetHeight: number;
            getBoundingClientRect(): { height: number };
            ownerDocument: { defaultView: { getComputedStyle(x: unknown): { fontSize: string } } };
          };
          const scale = el.getBoundingClientRect().height / el.offsetHeight;
          return parseFloat(el.ownerDocument.defaultView.getComputedStyle(el).fontSize) * scale;
        });
      expect(px).toBeGreaterThanOrEqual(11);
      await screenshot(p, `waiting-on-zh-${viewport.width}`);
    }
  });

  it('exports the dashboard figures as a workbook, from the dashboard in both languages', async () => {
    for (const [viewport, zh] of [
      [WIDE, false],
      [SMALL, true],
    ] as const) {
      const p = await page('chen.jing', viewport, zh);
      await p.goto(`${origin}/dashboard`);
      const button = p.getByTestId('stats-export');
      await p.locator('.dash-grid').waitFor();
      expect(await button.textContent()).toBe(zh ? '导出统计台账（电子表格）' : 'Export figures to Excel');
      await screenshot(p, `dashboard-${zh ? 'zh' : 'en'}-${viewport.width}`);
      const [download] = await Promise.all([p.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toMatch(/^统计台账-问责-\d{12}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('各阶段案件数')!;
      expect(sheet.getCell('A1').value).toBe('统计台账：各阶段案件数');
      const lines: unknown[][] = [];
      sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
      expect(lines.find((line) => line[0] === '调查')?.[1]).toBe(1);
    }
  });
});
