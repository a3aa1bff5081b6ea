/*
 * The indices page (考核指数, issue 12) in a real browser, on the demo data: `npm run seed:demo` into a
 * fresh store, the service started on it, the city's supervisor (chen.jing) reading the three counties.
 * The page must show the numbers GET /indices returns, rank the counties, list the cases behind a
 * figure and link to them, in English and Chinese, and print without the navigation. Screenshots go
 * to test-results/browser/indices-*.png.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, TS_REGISTER, type TestApp } from '../support/test-app';
import { createTestStore, type TestStore } from '../support/test-store';
import { latinTexts, launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const ROOT = resolve(__dirname, '..', '..');
const COUNTIES = ['county', 'hexi', 'nanling'];
const SUPERVISOR = 'chen.jing';
const DESKTOP = { width: 1440, height: 900 };

interface Figure {
  numerator: number;
  denominator: number;
  rate: number | null;
}
interface Row {
  unit: { code: string; name: string; parentCode: string | null; depth: number };
  rates: Record<string, Figure>;
  score: number | null;
  rank: number | null;
  siblings: number;
  linkedCases: number;
}
interface Report {
  year: number;
  indicators: { code: string; label: { en: string; zh: string } }[];
  rows: Row[];
}

/** The year the seed plays (as scripts/seed-demo.ts picks it). */
function seededYear(now = new Date()): number {
  const y = now.getUTCFullYear();
  return now.getTime() >= Date.UTC(y, 10, 29) ? y : y - 1;
}

function seed(store: TestStore, year: number): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, join(ROOT, 'scripts/seed-demo.ts')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO_YEAR: String(year), ...store.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

/** As the page prints a rate. */
const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

jest.setTimeout(120_000);

describe('the indices page in a browser', () => {
  const year = seededYear();
  let store: TestStore;
  let app: TestApp | undefined;
  let browser: Browser;
  let origin: string;
  let api: Client;
  let report: Report;
  let page: Page;
  /** Uncaught errors of the page: none expected. */
  const errors: string[] = [];

  beforeAll(async () => {
    store = await createTestStore();
    ensureWebBuilt();
    const [seeded, launched] = await Promise.all([seed(store, year), launch()]);
    browser = launched;
    expect({ code: seeded.code, out: seeded.out }).toMatchObject({ code: 0 });
    app = await startTestApp({}, { store });
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', {
      sub: SUPERVISOR,
    });
    api = new Client(app.baseUrl, signIn.body.token);
    const answer = await api.get<Report>(`/indices?year=${year}`);
    expect(answer.status).toBe(200);
    report = answer.body;
    ({ page } = await signedIn(browser, origin, SUPERVISOR, DESKTOP));
    page.on('pageerror', (e) => errors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.drop();
  });

  it('shows the five rates per county as GET /indices counts them, and ranks the counties', async () => {
    expect(report.indicators).toHaveLength(5);
    await page.getByRole('link', { name: 'Indices' }).click();
    await page.locator('#idx-year').selectOption(String(year));
    const table = page.getByTestId('indices-table');
    await table.locator('tbody tr').first().waitFor();
    await page.locator('h1', { hasText: String(year) }).waitFor();

    for (const code of COUNTIES) {
      const row = report.rows.find((r) => r.unit.code === code)!;
      expect(row.unit.parentCode).toBe('city');
      const tr = table.locator(`tbody tr[data-unit="${code}"]`);
      for (const { code: rate } of report.indicators) {
        const f = row.rates[rate];
        const cell = (await tr.locator(`td[data-rate="${rate}"]`).innerText()).replace(/\s+/g, '');
        expect({ code, rate, cell }).toEqual({
          code,
          rate,
          cell: `${pct(f.rate)}${f.numerator}/${f.denominator}`,
        });
      }
      expect(await tr.locator('td[data-col="rank"]').innerText()).toBe(`${row.rank} of ${row.siblings}`);
      expect(await tr.locator('td[data-col="score"]').innerText()).toContain(
        row.score === null ? 'no rates' : String(row.score),
      );
    }
    // The counties have data: every one has a score and a rank among the three.
    const counties = report.rows.filter((r) => COUNTIES.includes(r.unit.code));
    expect(counties.map((r) => r.siblings)).toEqual([3, 3, 3]);
    expect(counties.every((r) => r.score !== null && r.rank !== null)).toBe(true);

    // The ranking chart names the three counties, best first.
    const ranking = page.getByTestId('chart-ranking');
    await ranking.locator('.recharts-bar-rectangle').first().waitFor();
    // (a long name wraps into several tspans: compared without the spaces)
    const ticks = await ranking.locator('.recharts-yAxis-tick-labels text').allTextContents();
    const best = [...counties]
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
      .map((r) => r.unit.name.replace(/\s+/g, ''));
    expect(ticks.map((x) => x.replace(/\s+/g, ''))).toEqual(best);
    await page.getByTestId('chart-rates').locator('.recharts-bar-rectangle').first().waitFor();
    // The city's own cases give it no rate: the trend shows its counties' scores, one line each.
    const trend = page.getByTestId('chart-trend');
    await trend.locator('.recharts-line-dots circle, .recharts-line-dot').first().waitFor();
    expect(await trend.getAttribute('data-mode')).toBe('units');
    expect(await trend.locator('.recharts-legend-item').count()).toBe(3);
    await screenshot(page, 'indices-en');

    // The export buttons download the rows of the year and unit shown.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`indices-city-${year}.csv`);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Excel' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(`indices-city-${year}.xlsx`);
  });

  it('drills down from a figure to the cases behind it and links to one', async () => {
    const row = report.rows.find((r) => r.unit.code === 'county')!;
    expect(row.rates.keyTasks.denominator).toBeGreaterThan(0);
    const behind = await api.get<{ items: { caseId: string; title: string }[] }>(
      `/indices/cases?year=${year}&unit=county&figure=keyTasks&part=denominator`,
    );
    expect(behind.body.items).toHaveLength(row.rates.keyTasks.denominator);

    await page.locator('button[data-unit="county"][data-figure="keyTasks"][data-part="denominator"]').click();
    const drill = page.getByTestId('indices-drill');
    await drill.locator('tbody tr').first().waitFor();
    expect(await drill.locator('tbody tr').count()).toBe(behind.body.items.length);
    await drill.scrollIntoViewIfNeeded();
    await screenshot(page, 'indices-drill-en');

    const first = behind.body.items[0];
    await drill.locator(`tbody tr[data-case="${first.caseId}"] a`).first().click();
    await page.waitForURL(`**/cases/${first.caseId}`);
    await page.locator('.case-page[data-phase="ready"]').waitFor();
    expect(await page.locator('h1').first().innerText()).toContain(first.title);
    await page.goBack();
    await page.getByTestId('indices-table').waitFor();
  });

  it('reads in Chinese only in zh mode, and prints without the navigation', async () => {
    await page.getByRole('button', { name: /Language/ }).click();
    await page.waitForSelector('[data-testid="indices"][data-lang="zh"]');
    const table = page.getByTestId('indices-table');
    await table.locator('tbody tr').first().waitFor();
    const head = await table.locator('thead').innerText();
    for (const i of report.indicators) {
      expect(head).toContain(i.label.zh);
      expect(head).not.toContain(i.label.en);
    }
    expect(await page.getByTestId('chart-ranking').locator('figcaption').innerText()).toMatch(/排名/);
    await page.getByTestId('chart-rates').locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'indices-zh');
    // No English outside data: the units' names (the demo's are bilingual), codes and the brand aside.
    const names = report.rows.map((r) => r.unit.name).sort((a, b) => b.length - a.length);
    const english = (await latinTexts(page)).filter((text) => {
      let rest = text.slice(text.indexOf(': ') + 2);
      for (const n of [...names, 'Wenze', 'CSV', 'Excel']) rest = rest.split(n).join('');
      return /[A-Za-z]{2,}/.test(rest);
    });
    expect(english).toEqual([]);

    await page.locator('button[data-unit="hexi"][data-figure="integrity"][data-part="denominator"]').click();
    await page.getByTestId('indices-drill').locator('tbody tr').first().waitFor();

    // A4 landscape at 96 dpi, in print media: no top bar, no buttons, nothing wider than the page.
    await page.setViewportSize({ width: 1123, height: 794 });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('.indices-filters').isVisible()).toBe(false);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // as window.print() does: the charts are drawn again at a width that fits a third of the page
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    const fits = await page.locator('.idx-chart').evaluateAll((figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg.recharts-surface');
        return svg ? svg.getBoundingClientRect().right <= f.getBoundingClientRect().right : true;
      }),
    );
    expect(fits).toEqual([true, true, true]);
    await screenshot(page, 'indices-print-zh');
    await page.pdf({
      path: join(ROOT, 'test-results', 'browser', 'indices-print-zh.pdf'),
      format: 'A4',
      landscape: true,
    });
    await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });

  it("opens a county's own indices from its row: its own trend", async () => {
    await page.setViewportSize(DESKTOP);
    const hexi = report.rows.find((r) => r.unit.code === 'hexi')!;
    await page.locator('tbody tr[data-unit="hexi"] th a').click();
    await page.locator('h1', { hasText: hexi.unit.name }).waitFor();
    const table = page.getByTestId('indices-table');
    await table.locator('tbody tr[data-unit="hexi"]').waitFor();
    expect(await table.locator('tbody tr').first().getAttribute('data-unit')).toBe('hexi');
    expect(await table.locator('tbody tr[data-unit="county"]').count()).toBe(0);
    const trend = page.getByTestId('chart-trend');
    await trend.locator('.recharts-line-dots circle, .recharts-line-dot').first().waitFor();
    expect(await trend.getAttribute('data-mode')).toBe('own');
    // its two townships (柳树镇, 沙坪镇) have a score now — the integrity rate of the cadres on their
    // registers — so they are ranked below it; the county itself, the unit chosen, has no rank here
    await page.getByTestId('chart-rates').locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.getByTestId('chart-ranking').locator('.recharts-bar-rectangle').count()).toBe(2);
    expect(await table.locator('tbody tr[data-unit="hexi"] td[data-col="rank"]').innerText()).toBe('—');
    await screenshot(page, 'indices-hexi-zh');
    expect(errors).toEqual([]);
  });
});
