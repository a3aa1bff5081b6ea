/*
 * The workbench asks nothing the system knows (issue 22, defects 5–9), in a real browser (zh) against
 * the real service:
 *   - a case's deep link opened in a new tab of a signed-in browser shows the case, no sign-in form;
 *   - 签字 offers only the signed-in person's own side, chosen, with no signer name to type; once
 *     signed, 签字 is no longer offered;
 *   - the committee's 作出问责决定 form starts with the opinion's proposed measures;
 *   - 年终总结 says it waits for the 年中检查; 完成任务 picks a task by title and is gone once all are done;
 *   - the case number (案件编号) is on the case list and the case page, and the list finds it;
 *   - the handling unit is picked by name from the units within reach.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { atRevision, launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

jest.setTimeout(180_000);

const WIDE = { width: 1440, height: 900 };

describe('forms that ask nothing the system knows, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  const contexts: BrowserContext[] = [];
  const as = async (sub: string) =>
    new Client(
      app.baseUrl,
      (await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub })).body.token,
    );

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    await as('wang.fang'); // the first development sign-in creates the demo units
  }, 240_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Signed in as `sub`, the workbench in Chinese. */
  async function zhPage(sub: string): Promise<Page> {
    const { context, page } = await signedIn(browser, origin, sub, WIDE);
    contexts.push(context);
    await page.getByRole('button', { name: /Language/ }).click();
    return page;
  }

  async function openList(): Promise<string> {
    const officer = await as('wang.fang');
    const ref = `org-${Math.random().toString(36).slice(2, 8)}`;
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const task = (title: string) => ({
      title,
      owner: '财务科',
      dueAt: due,
      responsible: { ref: 'qian.finance', name: '钱会计' },
      standard: '按期完成',
      safeguards: '人员经费到位',
      supervisedBy: '派驻纪检组',
    });
    const res = await officer.post<{ id: string }>('/cases', {
      workflow: 'responsibilityList',
      title: `2026年度责任清单 ${ref}`,
      subject: { ref, kind: 'organisation', name: '县交通局' },
      year: 2026,
      principal: { ref: 'sun.wei', name: '孙伟' },
      supervisor: { ref: 'zhou.lan', name: '周兰' },
      tasks: [task('采购审计'), task('廉政教育')],
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('opens a deep link in a new tab of the signed-in browser without asking to sign in', async () => {
    const officer = await as('wang.fang');
    const opened = await officer.post<{ id: string; caseNo: string }>('/cases', {
      workflow: 'accountability',
      title: '县道塌方事故问责（深链接）',
      subject: { ref: `P-${Math.random().toString(36).slice(2, 8)}`, kind: 'individual', name: '刘洋' },
      source: 'incident',
      situation: 'seriousAccident',
    });
    expect(opened.status).toBe(201);
    const page = await zhPage('wang.fang');
    const context = page.context();
    // the sign-in asks the service for the session cookie; it is HttpOnly, so only the browser holds it
    for (let i = 0; i < 100 && !(await context.cookies()).some((c) => c.name === 'wenze_session'); i++) {
      await page.waitForTimeout(100);
    }
    const cookie = (await context.cookies()).find((c) => c.name === 'wenze_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1' });
    const scriptCookies = await page.evaluate('document.cookie');
    expect(String(scriptCookies)).not.toContain('wenze_session');

    const tab = await context.newPage();
    await tab.goto(`${origin}/cases/${opened.body.id}`);
    await tab.getByRole('heading', { name: '县道塌方事故问责（深链接）' }).waitFor();
    await tab.getByTestId('who').waitFor();
    expect(await tab.locator('button[data-sub]').count()).toBe(0);
    expect(await tab.getByTestId('case-no').textContent()).toBe(opened.body.caseNo);
    expect(opened.body.caseNo).toMatch(/^县纪〔\d{4}〕问责\d+号$/);
    // the new tab acts too (a write by the cookie, from the workbench)
    await tab.locator('button[data-event="ACCEPT"]').click();
    await tab.locator('form[data-event-form="ACCEPT"] button[type="submit"]').click();
    await atRevision(tab, 2);
    await screenshot(tab, 'forms-deep-link-zh');

    // the case list shows the number, and finds the case by it
    await tab.goto(`${origin}/`);
    await tab.locator('#f-q').fill(opened.body.caseNo);
    await tab.locator('#f-q').press('Enter');
    await tab.getByRole('link', { name: '县道塌方事故问责（深链接）' }).waitFor();
    expect(await tab.getByTestId('case-no').allTextContents()).toEqual([opened.body.caseNo]);
  });

  it('picks the handling unit by name from the units within reach, not by a typed code', async () => {
    const page = await zhPage('wang.fang');
    await page.goto(`${origin}/cases/new`);
    const unit = page.locator('#o-unit');
    await unit.waitFor();
    expect(await unit.evaluate((e) => (e as unknown as { tagName: string }).tagName)).toBe('SELECT');
    // the county officer reaches the county commission only (not the city or the province above it)
    expect(await unit.locator('option:not([value=""])').allTextContents()).toEqual([
      '县纪委监委 County Commission',
    ]);
    expect(await unit.inputValue()).toBe('county');
  });

  it('keeps what was typed into the open form when the units within reach arrive after it', async () => {
    const page = await zhPage('wang.fang');
    // The units within reach (GET /me, GET /units) answer only once the form is filled in.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/v1\/(me|units)(\?.*)?$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${origin}/cases/new`);
    const title = `迟到的单位 ${Math.random().toString(36).slice(2, 8)}`;
    await page.locator('#o-title').fill(title);
    await page.locator('#o-situation').selectOption('seriousAccident');
    await page.locator('#o-facts').fill('七月三次预警未传达。');
    await page.locator('#o-ref').fill(`P-${Math.random().toString(36).slice(2, 8)}`);
    await page.locator('#o-name').fill('王伟');
    await page.locator('#o-org').fill('县水利局');
    release();
    const unit = page.locator('#o-unit');
    await unit.locator('option[value="county"]').waitFor({ state: 'attached' });
    expect(await page.locator('#o-title').inputValue()).toBe(title);
    expect(await page.locator('#o-name').inputValue()).toBe('王伟');
    expect(await unit.inputValue()).toBe('county'); // the officer's own unit, as the form starts
    await page.locator('form[data-open-form] button[type="submit"]').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: title }).waitFor();
  });

  it('签字: only the signed-in person’s own side, chosen, no name typed; not offered once signed', async () => {
    const id = await openList();
    const page = await zhPage('sun.wei');
    await page.goto(`${origin}/cases/${id}`);
    await atRevision(page, 1);
    await page.locator('button[data-event="SIGN"]').click();
    const form = page.locator('form[data-event-form="SIGN"]');
    await form.waitFor();
    const select = form.locator('select');
    expect(await select.count()).toBe(1);
    expect(await select.locator('option:not([value=""])').allTextContents()).toEqual(['主体责任']);
    expect(await select.inputValue()).toBe('principal');
    expect(await form.locator('input[type="text"]').count()).toBe(0);
    await form.locator('textarea').fill('同意本清单。');
    await screenshot(page, 'forms-sign-zh');
    await form.locator('button[type="submit"]').click();
    await atRevision(page, 2);
    expect(await page.locator('button[data-event="SIGN"]').count()).toBe(0);
  });

  it('年终总结 waits for the 年中检查 and says so; 完成任务 picks a task by title until none is left', async () => {
    const id = await openList();
    const signers = [
      [await as('sun.wei'), 'principal'],
      [await as('zhou.lan'), 'supervisor'],
    ] as const;
    for (const [client, side] of signers) {
      expect((await client.send(id, 'SIGN', { as: side, opinion: '同意' })).status).toBe(200);
    }
    expect((await (await as('wang.fang')).send(id, 'PUBLISH')).status).toBe(200);
    const page = await zhPage('wang.fang');
    await page.goto(`${origin}/cases/${id}`);
    await atRevision(page, 4);
    expect(await page.getByTestId('not-yet').textContent()).toMatch(/年终总结——须先完成年中检查/);

    for (const [n, title] of ['采购审计', '廉政教育'].entries()) {
      await page.locator('button[data-event="COMPLETE_TASK"]').click();
      const form = page.locator('form[data-event-form="COMPLETE_TASK"]');
      await form.waitFor();
      const pick = form.locator('select');
      expect(await pick.locator('option:not([value=""])').allTextContents()).toContain(title);
      await pick.selectOption({ label: title });
      await form.locator('input[type="text"]').fill('会议纪要');
      await form.locator('button[type="submit"]').click();
      await atRevision(page, 5 + n);
    }
    expect(await page.locator('button[data-event="COMPLETE_TASK"]').count()).toBe(0);
    await screenshot(page, 'forms-tasks-done-zh');
  });

  it('the committee’s decision form starts with the opinion’s proposed measures', async () => {
    const officer = await as('wang.fang');
    const leader = await as('li.qiang');
    const res = await officer.post<{ id: string }>('/cases', {
      workflow: 'accountability',
      title: '县防汛物资管理失职问题',
      subject: { ref: `P-${Math.random().toString(36).slice(2, 8)}`, kind: 'individual', name: '刘洋' },
      source: 'inspectionTour',
      situation: 'seriousAccident',
    });
    const id = res.body.id;
    expect((await officer.send(id, 'ACCEPT')).status).toBe(200);
    expect((await leader.send(id, 'APPROVE_INVESTIGATION')).status).toBe(200);
    for (const [type, payload] of [
      ['RECORD_STATEMENT', { statement: '预警送达较晚。' }],
      [
        'SUBMIT_REPORT',
        { findings: '预警未传达', responsibility: 'mainLeadership', situation: 'seriousAccident' },
      ],
      ['PROPOSE_OPINION', { measures: [{ type: 'formalWarning' }], mitigation: 'none', basis: '第七条' }],
    ] as const) {
      expect((await officer.send(id, type, payload)).status).toBe(200);
    }
    const page = await zhPage('zhao.min');
    await page.goto(`${origin}/cases/${id}`);
    await atRevision(page, 6);
    await page.locator('button[data-event="DECIDE"]').click();
    const form = page.locator('form[data-event-form="DECIDE"]');
    await form.waitFor();
    const values = await form
      .locator('select')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(values).toContain('formalWarning');
    await screenshot(page, 'forms-decide-prefilled-zh');
  });
});
