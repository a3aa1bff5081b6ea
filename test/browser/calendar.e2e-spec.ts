/*
 * A time limit counted on the provisional holiday calendar (a year without an official schedule) is
 * marked on the case page, in English and Chinese; screenshots go to test-results/browser/.
 */
import type { Browser } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { launch, screenshot, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

jest.setTimeout(120_000);

interface Opened {
  id: string;
  deadlines: { id: string; provisional: boolean; status: string }[];
}

describe('a provisional due date on the case page', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let opened: Opened;

  beforeAll(async () => {
    ensureWebBuilt();
    // One after the other: a browser that fails to launch must not leave the service running.
    app = await startTestApp({ WORKFLOW_MODULES: 'test/fixtures/calendar.workflow.ts' });
    browser = await launch();
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const login = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', {
      sub: 'wang.fang',
    });
    const officer = new Client(app.baseUrl, login.body.token);
    const res = await officer.post<Opened>('/cases', {
      workflow: 'reply',
      title: '函询回复期限',
      subject: { ref: 'CAL-1', kind: 'individual', name: '刘洋' },
    });
    expect(res.status).toBe(201);
    opened = res.body;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('marks the due date provisional and says why, in English and Chinese', async () => {
    // 60 working days from today reach a year the holiday package does not know.
    expect(opened.deadlines).toEqual([expect.objectContaining({ status: 'pending', provisional: true })]);
    const { page, context } = await signedIn(browser, origin, 'wang.fang');
    await page.goto(`${origin}/cases/${opened.id}`);
    const mark = page.locator(`[data-provisional="${opened.deadlines[0].id}"]`);
    await mark.waitFor();
    expect((await mark.textContent())?.trim()).toBe('Provisional');
    expect(await mark.getAttribute('title')).toContain('statutory holidays');
    await screenshot(page, 'provisional-deadline-en');
    await page.getByRole('button', { name: /Language/ }).click();
    await page.getByText('暂定').waitFor();
    expect(await mark.getAttribute('title')).toContain('放假安排尚未公布');
    await screenshot(page, 'provisional-deadline-zh');
    await context.close();
  });
});
