/*
 * A refusal that names its rule, quoted on the case page in the user's language (issue 18): the
 * inspection finding fixture (deployed with WORKFLOW_MODULES) refuses a fix whose evidence was just
 * rejected, and the page says so with the rule's source and text — 依据《…》第七条：… in Chinese.
 * Screenshots go to test-results/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { FINDING_WORKFLOW } from '../fixtures/inspection.workflow';
import { expectStatus, unique, type CaseView } from '../support/procedure';
import { Client, startTestApp, token, type TestApp } from '../support/test-app';
import { LAPTOP, launch, screenshot } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

jest.setTimeout(120_000);

const EVIDENCE = 'Rail installed';

describe('a refusal quotes its rule on the case page', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let caseId: string;
  let inspectorToken: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([
      startTestApp({ WORKFLOW_MODULES: 'test/fixtures/inspection.workflow.ts' }),
      launch(),
    ]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    inspectorToken = await token('ines-inspector', ['inspector']);
    const inspector = new Client(app.baseUrl, inspectorToken);
    const lead = await Client.as(app.baseUrl, 'liu-inspection-lead', ['inspectionLead']);
    const ref = unique('unit-');
    const opened = expectStatus(
      await inspector.post<CaseView>('/cases', {
        workflow: FINDING_WORKFLOW,
        title: `楼梯间未装护栏 ${ref}`,
        subject: { ref, kind: 'organisation', name: `城关镇政府 ${ref}` },
        findingCode: 'safetyLapse',
        severity: 3,
        fixBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      }),
      201,
    ).body;
    caseId = opened.id;
    expectStatus(await lead.send(caseId, 'ASSIGN_FINDING_OWNER', { owner: '吴副镇长' }), 200);
    expectStatus(await inspector.send(caseId, 'SUBMIT_FINDING_FIX', { evidence: EVIDENCE }), 200);
    expectStatus(await inspector.send(caseId, 'REJECT_FINDING_FIX', { reason: '护栏松动' }), 200);
  }, 180_000);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The case page as the inspector, signed in with a token (the fixture's roles have no demo user). */
  async function casePage(zh: boolean): Promise<Page> {
    const context = await browser.newContext({
      viewport: LAPTOP,
      locale: 'en-GB',
      timezoneId: 'Asia/Shanghai',
    });
    // runs in the page (the tests compile without the DOM library)
    await context.addInitScript(`sessionStorage.setItem('wenze.token', ${JSON.stringify(inspectorToken)})`);
    const page = await context.newPage();
    pages.push(page);
    page.setDefaultTimeout(15_000);
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByTestId('who').waitFor();
    if (zh) await page.getByRole('button', { name: /Language/ }).click();
    return page;
  }

  /** Sends the rejected evidence again through the form and returns the rule quoted under it. */
  async function resubmit(page: Page): Promise<string> {
    await page.locator('button[data-event="SUBMIT_FINDING_FIX"]').click();
    const form = page.locator('form[data-event-form="SUBMIT_FINDING_FIX"]');
    await form.locator('#ev-SUBMIT_FINDING_FIX-evidence').fill(EVIDENCE);
    await form.locator('button[type="submit"]').click();
    const quote = page.getByTestId('rule-quote');
    await quote.waitFor();
    expect(await quote.getAttribute('data-rule')).toBe('rejectedFixNotResubmitted');
    return (await quote.textContent()) ?? '';
  }

  it('in Chinese: 依据 the article, then what it requires', async () => {
    const page = await casePage(true);
    expect(await resubmit(page)).toBe('依据《巡察问题整改测试规程》第七条：被退回的整改材料不得原样再次提交');
    const note = page.locator('#actions .error-note[data-code="EVENT_GUARD_FAILED"]');
    expect(await note.textContent()).toContain('填写的内容不符合办理条件');
    await screenshot(page, 'rule-refusal-zh');
  });

  it('in English, and the quote follows a change of language', async () => {
    const page = await casePage(false);
    expect(await resubmit(page)).toBe(
      'Under Inspection follow-up test procedure, Art 7: a rejected fix is not submitted again unchanged',
    );
    await screenshot(page, 'rule-refusal-en');
    await page.getByRole('button', { name: /Language/ }).click();
    expect(await page.getByTestId('rule-quote').textContent()).toBe(
      '依据《巡察问题整改测试规程》第七条：被退回的整改材料不得原样再次提交',
    );
    // nothing moved: the case still waits for a fix
    const view = expectStatus(
      await new Client(app.baseUrl, inspectorToken).get<CaseView>(`/cases/${caseId}`),
      200,
    ).body;
    expect(view.state).toBe('rectifying');
  });
});
