/*
 * The workflows besides accountability, in the workbench, in a real browser against the real
 * service. A rectification follow-up (整改督办) opened through the generated open form (workflow
 * picker, three items with their own due dates), the plan submitted and approved, one item
 * completed, and the nearest item's due date passing — fired by the service's real deadline worker,
 * never by the test. Then an inquiry (谈话函询) and a responsibility list (责任清单) opened through
 * the same form. Screenshots go to test-results/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  atRevision,
  caseState,
  chartTextsCutOff,
  diagramEdgeCrossings,
  launch,
  screenshot,
  sendEvent,
  signedIn,
} from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const OFFICER = 'wang.fang';
const LEADER = 'li.qiang';
const SUPERVISOR = 'chen.jing';
/** The browser contexts' time zone (support/browser.ts): datetime-local values are read in it. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A datetime-local value (to the second) `ms` from now, in Asia/Shanghai. */
function localIn(ms: number): string {
  return new Date(Date.now() + ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19);
}

jest.setTimeout(180_000);

describe('the workbench with the other workflows', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
  }, 180_000);

  afterAll(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
    await browser?.close();
    await app?.close();
  });

  async function as(sub: string): Promise<Page> {
    const { page } = await signedIn(browser, origin, sub);
    pages.push(page);
    return page;
  }

  /** The diagram's edges follow ELK's routes and pass through no state's box. */
  async function expectRoutedAroundBoxes(page: Page) {
    const routes = await diagramEdgeCrossings(page);
    expect(routes.crossings).toEqual([]);
    expect(routes.bent).toBeGreaterThan(0);
  }

  /** Reloads the case page until `done` holds (the page shows a case as it was when loaded). */
  async function reloadUntil(page: Page, what: string, done: () => Promise<boolean>, timeoutMs = 90_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await page.locator('.case-page[data-phase="ready"]').waitFor();
      if (await done()) return;
      if (Date.now() > until) {
        await screenshot(page, `failed-waiting-${what.replace(/\W+/g, '-')}`);
        throw new Error(`timed out waiting for ${what}; the page shows ${await caseState(page)}`);
      }
      await page.waitForTimeout(1_500);
      await page.reload();
    }
  }

  it('an officer opens it with three items through the form; plan approved, one item done, the near one goes overdue', async () => {
    const officer = await as(OFFICER);
    await officer.getByRole('link', { name: 'Open a case' }).click();
    // the picker lists the catalogue's workflows by title; accountability is the default
    const picker = officer.locator('#o-workflow');
    expect(await picker.inputValue()).toBe('accountability');
    const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => o.textContent));
    expect(offered).toEqual(
      expect.arrayContaining(['Rectification follow-up (整改督办)', 'Responsibility list (责任清单)']),
    );
    await picker.selectOption('rectification');
    const form = officer.locator('form[data-open-form="rectification"][data-ready]');
    await form.waitFor();

    const ref = `U-${Date.now()}`;
    await officer.locator('#o-title').fill('Canteen funds used for banquets at Dongshan township');
    await officer.locator('#o-key').fill(`RECT-${ref}`);
    // the unit defaults to the officer's own
    expect(await officer.locator('#o-unit').inputValue()).toBe('county');
    await officer.locator('#o-source').selectOption('inspectionTour');
    await officer.locator('#o-unitLeader-ref').fill(`L-${ref}`);
    await officer.locator('#o-unitLeader-name').fill('Li Si 李四');
    await officer.locator('#o-unitLeader-post').fill('Party secretary');
    // a rectification is about a unit: the subject's kind starts as organisation
    expect(await officer.locator('#o-kind').inputValue()).toBe('organisation');
    await officer.locator('#o-ref').fill(ref);
    await officer.locator('#o-name').fill('Dongshan Township Office 东山乡政府');

    // the list starts with its one required item; two more are added
    const addItem = form.getByRole('button', { name: /Add: Items/ });
    await addItem.click();
    await addItem.click();
    const items = [
      ['Repay the banquet costs', 'Wang Wu', localIn(20_000)],
      ['Adopt canteen rules', 'Zhao Liu', localIn(10 * DAY_MS)],
      ['Train the staff on the rules', 'Sun Qi', localIn(20 * DAY_MS)],
    ];
    for (const [i, [description, responsible, dueAt]] of items.entries()) {
      await officer.locator(`#o-items-${i}-description`).fill(description);
      await officer.locator(`#o-items-${i}-responsible`).fill(responsible);
      await officer.locator(`#o-items-${i}-responsibleRef`).fill(`R${i + 1}-${ref}`);
      await officer.locator(`#o-items-${i}-dueAt`).fill(dueAt);
    }
    // version 2: whom a 倒查 reaches besides the principal: the supervisory responsible person
    const supervisorSet = form.locator('fieldset', {
      has: officer.locator('legend', { hasText: 'Supervisory responsible person' }),
    });
    await supervisorSet.locator('legend input[type="checkbox"]').first().check();
    await officer.locator('#o-supervisor-ref').fill(`S-${ref}`);
    await officer.locator('#o-supervisor-name').fill('Zhou Lan 周兰');
    await screenshot(officer, '5a-rectification-open-form');
    await form.getByRole('button', { name: 'Open case' }).click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = officer.url().split('/').pop()!;
    await atRevision(officer, 1);
    expect(await caseState(officer)).toContain('Issued 已交办');
    const listed = officer.getByTestId('tracked-items');
    expect(await listed.locator('li[data-status="open"]').count()).toBe(3);
    await screenshot(officer, '5b-rectification-issued');

    await sendEvent(officer, 'SUBMIT_PLAN', (f) =>
      f.locator('#ev-SUBMIT_PLAN-plan').fill('Repay at once; rules within ten days; training after that.'),
    );
    await atRevision(officer, 2);
    expect(await caseState(officer)).toContain('Plan submitted');
    // the officer may not approve the plan
    expect(await officer.locator('button[data-event="APPROVE_PLAN"]').count()).toBe(0);

    const leader = await as(LEADER);
    await leader.goto(`${origin}/cases/${caseId}`);
    await atRevision(leader, 2);
    await sendEvent(leader, 'APPROVE_PLAN');
    await atRevision(leader, 3);
    expect(await caseState(leader)).toContain('Rectifying 整改中');
    // the rolling item limit is armed at the nearest item's own due date
    await leader.locator('#deadlines li.is-pending', { hasText: 'Item due' }).waitFor();
    await screenshot(leader, '5c-rectification-plan-approved');

    await officer.reload();
    await atRevision(officer, 3);
    await sendEvent(officer, 'COMPLETE_ITEM', async (f) => {
      await f.locator('#ev-COMPLETE_ITEM-itemId').selectOption('2'); // picked from the open items
      await f.locator('#ev-COMPLETE_ITEM-evidenceRef').fill('RULES-2026-07');
    });
    // on a slow machine the near item may already have fired: the page then shows the edit made
    // behind its back, and the retry completes the item on the new state
    await officer
      .locator('.case-page[data-phase="ready"], .case-page[data-phase="conflict"]')
      .first()
      .waitFor();
    if ((await officer.locator('.case-page[data-phase="conflict"]').count()) > 0) {
      await officer.getByTestId('conflict-retry').click();
      await atRevision(officer, 5);
    } else {
      await atRevision(officer, 4);
    }
    await listed.locator('li[data-item="2"][data-status="done"]').waitFor();
    await screenshot(officer, '5d-rectification-item-completed');

    // item 1's due date passes: the worker fires the limit; the page shows it once reloaded
    await reloadUntil(
      officer,
      'the escalation',
      async () =>
        (await caseState(officer)).includes('Escalated (overdue) 逾期督办') &&
        (await officer.locator('#deadlines li.is-overdue').count()) > 0,
    );
    expect(await caseState(officer)).toContain('Watching the other items');
    expect(await officer.locator('#deadlines li.is-overdue').textContent()).toContain(
      'Item due 整改事项期限',
    );
    expect(await listed.locator('li[data-item="1"]').getAttribute('data-status')).toBe('overdue');
    expect(await listed.locator('li[data-item="2"]').getAttribute('data-status')).toBe('done');
    expect(await listed.locator('li[data-item="3"]').getAttribute('data-status')).toBe('open');
    // how long since item 1 was due, on the page's clock: on the time limit and on the item, never
    // "0 s" (how late the worker fired), and it grows while the page is open
    const lateLimit = officer.locator('#deadlines li.is-overdue');
    const lateItem = listed.locator('li[data-item="1"]');
    const lateBy = async (where: typeof lateItem) => {
      const [, n, unit] = /late by (\d+)( s| min)/.exec((await where.textContent()) ?? '') ?? [];
      return Number(n) * (unit === ' min' ? 60 : 1);
    };
    const [limitLate, itemLate] = [await lateBy(lateLimit), await lateBy(lateItem)];
    expect(limitLate).toBeGreaterThan(0);
    expect(Math.abs(itemLate - limitLate)).toBeLessThanOrEqual(1);
    for (const panel of ['#deadlines', '#case-file'])
      expect(await officer.locator(panel).textContent()).not.toMatch(/late by 0 s/);
    await officer.waitForTimeout(5_500);
    expect(await lateBy(lateLimit)).toBeGreaterThan(limitLate);
    // the firing is in the history, named by its limit
    const fired = officer.locator('.timeline > li', { hasText: 'Time limit passed' }).first();
    await fired.waitFor();
    // by the engine's timer, named as such, not by its login id (system:deadline)
    expect(await fired.locator('.tl-who .actor').textContent()).toBe('Deadline timer');
    expect(await officer.getByTestId('diagram').getAttribute('data-current')).toContain('escalated');
    // the escalation steps are offered to whom they belong
    await officer.locator('button[data-event="RECORD_NOTICE"]').waitFor();
    await expectRoutedAroundBoxes(officer);
    await screenshot(officer, '5e-rectification-escalated');

    // the case list: any workflow's cases, filtered here to overdue rectifications
    await officer.getByRole('link', { name: 'Cases', exact: true }).click();
    await officer.locator('#f-workflow').selectOption('rectification');
    await officer.locator('#f-overdue').check();
    await officer.getByRole('button', { name: 'Apply filters' }).click();
    await officer.waitForURL(/workflow=rectification/);
    const row = officer.locator('table.cases tbody tr', { hasText: 'Dongshan township' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Escalated (overdue) 逾期督办');
    expect(await row.textContent()).toContain('Rectification follow-up 整改督办');
    await screenshot(officer, '5f-rectification-case-list');
    await row.getByRole('link').click();
    await atRevision(officer, 5);

    await officer.getByRole('button', { name: /Language/ }).click();
    await officer.getByTestId('case-state').getByText('逾期督办', { exact: false }).waitFor();
    expect(await caseState(officer)).not.toContain('Escalated');
    await officer.locator('button[data-event="RECORD_NOTICE"]', { hasText: '督办通知' }).waitFor();
    expect(await officer.locator('.timeline .actor', { hasText: '期限计时器' }).count()).toBeGreaterThan(0);
    await screenshot(officer, '5g-rectification-escalated-zh');

    // 督办: a notice, a talk, then the unit's principal leader is referred for accountability (倒查)
    await sendEvent(officer, 'RECORD_NOTICE', (f) =>
      f.locator('#ev-RECORD_NOTICE-noticeRef').fill('DB-2026-7'),
    );
    await atRevision(officer, 6);
    await leader.goto(`${origin}/cases/${caseId}`);
    await atRevision(leader, 6);
    await sendEvent(leader, 'RECORD_TALK', (f) =>
      f.locator('#ev-RECORD_TALK-summary').fill('Talked with the township Party secretary'),
    );
    await atRevision(leader, 7);
    await sendEvent(leader, 'ESCALATE', (f) =>
      f.locator('#ev-ESCALATE-reason').fill('The banquet costs are still not repaid'),
    );
    await atRevision(leader, 8);
    // the principal, the supervisory responsible person and item 1's person: three cases
    const referrals = leader.locator('#links li', { hasText: 'Overdue rectification' });
    await referrals.nth(2).waitFor();
    expect(await referrals.count()).toBe(3);
    const referral = referrals.filter({ hasText: 'Li Si 李四' });
    await screenshot(leader, '5h-rectification-referred');
    await referral.getByRole('link').click();
    await leader.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    expect(leader.url()).not.toContain(caseId);
    await atRevision(leader, 1);
    // the accountability case is about the unit's principal leader, and links back to the rectification
    await leader.locator('[data-testid="diagram"][data-current="proposed"]').waitFor();
    expect(await leader.locator('main').textContent()).toContain('Li Si 李四');
    await leader.locator('#links li', { hasText: 'Dongshan township' }).waitFor();
    await screenshot(leader, '5i-accountability-opened-by-referral');
  });

  it('the same form opens an inquiry and a responsibility list; their cases speak their own terms', async () => {
    const officer = await as(OFFICER);
    const ref = `C-${Date.now()}`;
    await officer.getByRole('link', { name: 'Open a case' }).click();
    await officer.locator('#o-workflow').selectOption('inquiry');
    const inquiryForm = officer.locator('form[data-open-form="inquiry"][data-ready]');
    await inquiryForm.waitFor();
    // a person by default, as in accountability
    expect(await officer.locator('#o-kind').inputValue()).toBe('individual');
    await officer.locator('#o-title').fill('Reports of gifts accepted at the land bureau');
    await officer.locator('#o-clue').fill('Two letters say the deputy director accepted gift cards.');
    await officer.locator('#o-source').selectOption('report');
    await officer.locator('#o-ref').fill(ref);
    await officer.locator('#o-name').fill('Zhou Ming 周明');
    await officer.locator('#o-post').fill('Deputy director');
    // the form's own check: a required field left empty is named before anything is sent
    await officer.locator('#o-clue').fill('');
    await inquiryForm.getByRole('button', { name: 'Open case' }).click();
    expect(await officer.locator('#o-clue').getAttribute('aria-invalid')).toBe('true');
    await officer.locator('#o-clue').fill('Two letters say the deputy director accepted gift cards.');
    await inquiryForm.getByRole('button', { name: 'Open case' }).click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const inquiryId = officer.url().split('/').pop()!;
    await atRevision(officer, 1);
    expect(await caseState(officer)).toContain('Proposed 拟谈话函询');

    const leader = await as(LEADER);
    await leader.goto(`${origin}/cases/${inquiryId}`);
    await atRevision(leader, 1);
    await sendEvent(leader, 'APPROVE', (f) => f.locator('#ev-APPROVE-method').selectOption('letter'));
    await atRevision(leader, 2);
    expect(await caseState(leader)).toContain('Letter of inquiry 函询');

    await officer.reload();
    await atRevision(officer, 2);
    await sendEvent(officer, 'SEND_LETTER', async (f) => {
      await f.locator('#ev-SEND_LETTER-sentAt').fill(localIn(0));
      await f.locator('#ev-SEND_LETTER-letterRef').fill('HX-2026-031');
    });
    await atRevision(officer, 3);
    // the reply limit waits for the cadre's receipt of the letter
    expect(await caseState(officer)).toContain('Awaiting receipt of the letter 待签收');
    await sendEvent(officer, 'RECORD_LETTER_RECEIVED', (f) =>
      f.locator('#ev-RECORD_LETTER_RECEIVED-receivedAt').fill(localIn(0)),
    );
    await atRevision(officer, 4);
    expect(await caseState(officer)).toContain('Awaiting reply 待回复');
    // the 15-working-day reply limit
    await officer.locator('#deadlines li.is-pending', { hasText: 'Reply 回复期限' }).waitFor();
    expect(await officer.locator('button[data-event="RECORD_REPLY"]').textContent()).toContain(
      'Record reply 回复',
    );
    await expectRoutedAroundBoxes(officer);
    await screenshot(officer, '6a-inquiry-awaiting-reply');

    // the reply comes in, endorsed by the bureau's Party secretary; the leader sends the clue on to
    // preliminary verification (a problem found goes there, not straight to accountability)
    await sendEvent(officer, 'RECORD_REPLY', async (f) => {
      await f.locator('#ev-RECORD_REPLY-receivedAt').fill(localIn(0));
      await f.locator('#ev-RECORD_REPLY-summary').fill('He admits the bid, denies steering it');
      await f.locator('#ev-RECORD_REPLY-deniesAllegation').check();
      await f.locator('#ev-RECORD_REPLY-endorsement-name').fill('Zhang San 张三');
      await f.locator('#ev-RECORD_REPLY-endorsement-post').fill('Party secretary 党组书记');
      await f.locator('#ev-RECORD_REPLY-endorsement-opinion').fill('His account, as far as the group knows');
    });
    await atRevision(officer, 5);
    await leader.reload();
    await atRevision(leader, 5);
    await sendEvent(leader, 'CONCLUDE', async (f) => {
      await f.locator('#ev-CONCLUDE-conclusion').selectOption('toVerification');
      await f.locator('#ev-CONCLUDE-reason').fill('The reply contradicts the tender file');
    });
    await atRevision(leader, 6);
    const opened = leader.locator('#links li', {
      hasText: 'Inquiry referred to preliminary verification 函询转初步核实',
    });
    await opened.waitFor();
    // the verification case's stage is named by its own workflow, not the inquiry's
    expect(await opened.locator('.state-pill').textContent()).toContain('拟初步核实');
    await screenshot(leader, '6a2-inquiry-escalated');
    await opened.getByRole('link').click();
    await leader.locator('[data-testid="diagram"][data-current="proposed"]').waitFor();
    await leader.locator('#links li', { hasText: 'opened by' }).waitFor();

    await officer.getByRole('link', { name: 'Open a case' }).click();
    await officer.locator('#o-workflow').selectOption('responsibilityList');
    const listForm = officer.locator('form[data-open-form="responsibilityList"][data-ready]');
    await listForm.waitFor();
    expect(await officer.locator('#o-year').inputValue()).toBe(String(new Date().getFullYear()));
    await listForm.getByText('Responsible unit 责任单位').waitFor();
    await officer.locator('#o-title').fill('Dongshan township: Party conduct responsibilities this year');
    await officer.locator('#o-principal-ref').fill(`P-${ref}`);
    await officer.locator('#o-principal-name').fill('Sun Wei 孙伟');
    await officer.locator('#o-supervisor-ref').fill(`S-${ref}`);
    await officer.locator('#o-supervisor-name').fill('Zhou Lan 周兰');
    await officer.locator('#o-tasks-0-title').fill('Quarterly integrity talks');
    await officer.locator('#o-tasks-0-owner').fill('Township office');
    await officer.locator('#o-tasks-0-dueAt').fill(localIn(90 * DAY_MS));
    await officer.locator('#o-tasks-0-responsible-ref').fill(`O-${ref}`);
    await officer.locator('#o-tasks-0-responsible-name').fill('Liu Yang 刘洋');
    await officer.locator('#o-tasks-0-standard').fill('Four talks a year, each minuted');
    await officer.locator('#o-tasks-0-safeguards').fill('A room and an hour set aside each quarter');
    await officer.locator('#o-tasks-0-supervisedBy').fill('Township discipline committee');
    await officer.locator('#o-ref').fill(`T-${ref}`);
    await officer.locator('#o-name').fill('Dongshan Township 东山乡');
    await screenshot(officer, '6b-responsibility-list-open-form');
    await listForm.getByRole('button', { name: 'Open case' }).click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await atRevision(officer, 1);
    expect(await caseState(officer)).toContain('Drafted 拟定');
    await officer.getByTestId('tracked-tasks').locator('li[data-status="open"]').waitFor();
    await expectRoutedAroundBoxes(officer);
    await screenshot(officer, '6c-responsibility-list-drafted');
  });

  it("a supervisor finds the other workflows' events in the audit search and their figures on the dashboard", async () => {
    const supervisor = await as(SUPERVISOR);
    await supervisor.getByRole('link', { name: 'Audit' }).click();
    await supervisor.locator('#a-type option[value="COMPLETE_ITEM"]').waitFor({ state: 'attached' });
    await supervisor.locator('#a-type').selectOption('COMPLETE_ITEM');
    await supervisor.getByRole('button', { name: 'Search' }).click();
    const row = supervisor.locator('table.audit tbody tr', { hasText: 'Complete item 完成整改事项' });
    await row.first().waitFor();

    await supervisor.getByRole('link', { name: 'Dashboard' }).click();
    await supervisor.getByText('Cases by stage').waitFor();
    await supervisor.locator('#d-workflow').selectOption('rectification');
    await supervisor.getByText('Escalated (overdue) 逾期督办').first().waitFor();
    // a rectification records no measures: no such figure; every label and number is shown whole
    expect(await supervisor.getByText('Measures by type').count()).toBe(0);
    expect(await chartTextsCutOff(supervisor)).toEqual([]);
    await screenshot(supervisor, '7a-dashboard-rectification');
    // an inquiry may conclude with a measure: the figure is there, empty so far
    await supervisor.locator('#d-workflow').selectOption('inquiry');
    await supervisor.getByText('Awaiting reply 待回复').first().waitFor();
    await supervisor.getByText('Measures by type').waitFor();
    expect(await chartTextsCutOff(supervisor)).toEqual([]);
    await supervisor.locator('#d-workflow').selectOption('rectification');
    await supervisor.getByRole('button', { name: /Language/ }).click();
    await supervisor.getByText('各阶段案件数').waitFor();
    expect(await supervisor.getByText('问责方式分布').count()).toBe(0);
    expect(await chartTextsCutOff(supervisor)).toEqual([]);
    await screenshot(supervisor, '7b-dashboard-rectification-zh');
  });
});
