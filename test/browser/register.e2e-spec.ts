/*
 * The 干部名册 page in a real browser, in Chinese: a unit's register, an import whose bad rows are
 * refused row by row with their reasons (and nothing imported), then a clean import, and the unit's
 * departments with their 分管领导. Screenshots: test-results/browser/register-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const ADMIN = 'admin';
const UNIT = 'county';
const DEPT = 'county-czj';

jest.setTimeout(120_000);

describe('the cadre register page (干部名册)', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    // The development sign-in creates the demo units (province › city › county).
    const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub: ADMIN });
    const admin = new Client(app.baseUrl, signIn.body.token);
    const dept = await admin.post('/units', {
      code: DEPT,
      name: '青山县财政局',
      parentCode: UNIT,
      kind: 'department',
    });
    expect(dept.status).toBe(201);
    const leader = await admin.post(`/units/${UNIT}/cadres`, {
      ref: 'QS-001',
      name: '王磊',
      post: '副县长',
      rank: '副处级',
    });
    expect(leader.status).toBe(201);
    expect((await admin.request('PATCH', `/units/${DEPT}`, { leaderRef: 'QS-001' })).status).toBe(200);
    ({ page } = await signedIn(browser, origin, ADMIN));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByRole('button', { name: /Language/ }).click();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('refuses an import with bad rows row by row, in Chinese, and imports nothing', async () => {
    await page.getByRole('link', { name: '干部名册' }).click();
    await page.getByRole('heading', { name: '干部名册', level: 1 }).waitFor();
    await page.getByTestId('register-unit').selectOption(UNIT);
    await page.locator('[data-testid="cadre"][data-ref="QS-001"]').waitFor();
    const csv =
      '\uFEFF姓名,人员编号,职务,职级,所在部门\n' +
      '张伟,QS-101,局长,正科级,青山县财政局\n' +
      '李娜,QS-101,副局长,副科级,青山县财政局\n' +
      '刘洋,QS-103,科长,四级主任科员,青山县公安局\n' +
      ',QS-104,科员,一级科员,\n';
    const form = page.getByTestId('import-form');
    await form
      .locator('#reg-file')
      .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: '导入' }).click();
    const refused = page.getByTestId('import-refused');
    await refused.waitFor();
    expect(await refused.locator('strong').innerText()).toBe('4 行中有 3 行未通过校验，全部未导入');
    const rows: string[][] = [];
    for (const row of await refused.getByTestId('refusal').all())
      rows.push(await row.locator('td').allInnerTexts());
    expect(rows).toEqual([
      ['3', '人员编号', 'QS-101', '人员编号与第 2 行重复'],
      ['4', '所在部门', '青山县公安局', '本单位没有该部门'],
      ['5', '姓名', '—', '不能为空'],
    ]);
    await screenshot(page, 'register-refused-zh');
    // Nothing imported: the register still holds the one person.
    expect(await page.getByTestId('cadre').count()).toBe(1);
    expect(await page.getByTestId('register-count').innerText()).toBe('在册 1 人');
  });

  it('imports a clean file, lists the people, and shows the departments with their leaders', async () => {
    const csv =
      '姓名,人员编号,职务,职级,所在部门\n' +
      '张伟,QS-101,局长,正科级,青山县财政局\n' +
      '李娜,QS-102,副局长,副科级,county-czj\n';
    const form = page.getByTestId('import-form');
    await form
      .locator('#reg-file')
      .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: '导入' }).click();
    await page.getByTestId('import-result').getByText('已导入 2 人。').waitFor();
    await page.locator('[data-testid="cadre"][data-ref="QS-102"]').waitFor();
    expect(await page.getByTestId('import-refused').count()).toBe(0);
    expect(await page.locator('[data-testid="cadre"][data-ref="QS-101"]').innerText()).toMatch(
      /QS-101\s+张伟\s+局长\s+正科级\s+青山县财政局\s+在册/,
    );
    expect(await page.getByTestId('register-count').innerText()).toBe('在册 3 人');
    expect(await page.getByTestId('department').innerText()).toMatch(/青山县财政局\s+王磊 · 副县长/);
    await screenshot(page, 'register-zh');
    expect(errors).toEqual([]);
  });
});
