/*
 * The workbench in a real browser (Debian's Chromium, headless, driven by playwright-core) against the
 * real service, which serves the built UI at / and the API under /api/v1. Screenshots go to
 * test-results/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import {
  atRevision,
  caseState,
  diagramEdgeCrossings,
  latinTexts,
  launch,
  screenshot,
  sendEvent,
  signedIn,
  TABLET,
} from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const OFFICER = 'wang.fang';
const LEADER = 'li.qiang';
const COMMITTEE = 'zhao.min';
const SUPERVISOR = 'chen.jing';

interface CaseBody {
  id: string;
  revision: number;
  state: string;
}

jest.setTimeout(120_000);

describe('the workbench in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let api: { officer: Client; leader: Client; committee: Client };
  let walkedCaseId = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    // The same demo users as in the browser (their units come with the development sign-in).
    const devClient = async (sub: string) => {
      const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub });
      return new Client(app.baseUrl, signIn.body.token);
    };
    api = {
      officer: await devClient(OFFICER),
      leader: await devClient(LEADER),
      committee: await devClient(COMMITTEE),
    };
  }, 180_000);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function as(sub: string, viewport?: { width: number; height: number }): Promise<Page> {
    const { page } = await signedIn(browser, origin, sub, viewport);
    pages.push(page);
    return page;
  }

  async function openViaApi(title: string): Promise<CaseBody> {
    const ref = `P-${Math.random().toString(36).slice(2, 8)}`;
    const reply = await api.officer.post<CaseBody>('/cases', {
      workflow: 'accountability',
      title,
      subject: { ref, kind: 'individual', name: 'Liu Yang', organisation: 'County Water Bureau' },
      source: 'audit',
    });
    expect(reply.status).toBe(201);
    return reply.body;
  }

  it('serves the workbench without a public source map', async () => {
    const html = await (await fetch(`${origin}/`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const js = await (await fetch(origin + src)).text();
      expect(js).not.toMatch(/sourceMappingURL/);
      const map = await fetch(`${origin}${src}.map`);
      // No map file: the fallback answers the workbench's page, never JSON with the sources.
      expect(map.headers.get('content-type') ?? '').not.toMatch(/json/);
    }
  });

  it('sign-in and the case list load under 300 KB of script, compressed; the diagram only on a case page', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    pages.push(page);
    const scripts: { url: string; bytes: number; encoding: string }[] = [];
    page.on('requestfinished', (request) => {
      void (async () => {
        const response = await request.response();
        if (!response || !/\.js$/.test(new URL(request.url()).pathname)) return;
        const sizes = await request.sizes();
        scripts.push({
          url: new URL(request.url()).pathname,
          bytes: sizes.responseBodySize,
          encoding: (await response.allHeaders())['content-encoding'] ?? '',
        });
      })();
    });
    // Settled: no request in flight for half a second, the live streams (the bell's, a case's) aside —
    // they stay open for as long as the page is shown.
    const inFlight = new Set<unknown>();
    const streaming = (url: string) => new URL(url).pathname.endsWith('/stream');
    page.on('request', (r) => void (streaming(r.url()) || inFlight.add(r)));
    page.on('requestfinished', (r) => void inFlight.delete(r));
    page.on('requestfailed', (r) => void inFlight.delete(r));
    const settle = async () => {
      await page.waitForLoadState('load');
      for (let quiet = 0; quiet < 5; quiet = inFlight.size ? 0 : quiet + 1) await page.waitForTimeout(100);
    };
    await page.goto(`${origin}/`);
    await page.locator(`button[data-sub="${OFFICER}"]`).waitFor();
    await settle();
    const signIn = scripts.reduce((sum, s) => sum + s.bytes, 0);
    await page.locator(`button[data-sub="${OFFICER}"]`).click();
    await page.locator('table, .empty').first().waitFor();
    await settle();
    const caseList = scripts.reduce((sum, s) => sum + s.bytes, 0);
    console.log(
      `script transferred: sign-in ${signIn} B, sign-in + case list ${caseList} B\n` +
        scripts.map((s) => `  ${s.url} ${s.bytes} B ${s.encoding}`).join('\n'),
    );
    expect(scripts.length).toBeGreaterThan(0);
    // every script but the tiny runtime (under 1 KB, not worth compressing) comes compressed
    for (const s of scripts.filter((x) => x.bytes > 1024)) expect(s.encoding).toMatch(/^(br|gzip)$/);
    expect(caseList).toBeLessThan(300_000);
    expect(scripts.map((s) => s.url).join(' ')).not.toMatch(/elk|Diagram/);
  });

  it('an officer opens a case and the right users take it through approval, investigation, opinion and decision to closure', async () => {
    const officer = await as(OFFICER);
    await officer.getByRole('link', { name: 'Open a case' }).click();
    await officer.getByLabel('Title 标题').fill('Flood warnings ignored at the county reservoir');
    await officer.locator('#o-source').selectOption('inspectionTour');
    await officer.locator('#o-situation').selectOption('seriousAccident');
    await officer.locator('#o-facts').fill('Three warnings in July were not passed on.');
    await officer.locator('#o-ref').fill(`P-${Date.now()}`);
    await officer.locator('#o-name').fill('Wang Wei');
    await officer.locator('#o-org').fill('County Water Bureau');
    await officer.locator('#o-post').fill('Director');
    await officer.getByRole('button', { name: 'Open case' }).click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    walkedCaseId = officer.url().split('/').pop()!;
    await atRevision(officer, 1);
    expect(await caseState(officer)).toContain('Proposal 问责线索');

    await sendEvent(officer, 'ACCEPT');
    await atRevision(officer, 2);
    expect(await caseState(officer)).toContain('Pending approval 待批准');
    // the officer may not approve: the only action left to the officer is moving the case to another unit
    const officerActions = await officer
      .locator('button[data-event]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-event')));
    expect(officerActions).toEqual(['TRANSFER_JURISDICTION']);

    const leader = await as(LEADER);
    await leader.goto(`${origin}/cases/${walkedCaseId}`);
    await atRevision(leader, 2);
    await sendEvent(leader, 'APPROVE_INVESTIGATION');
    await atRevision(leader, 3);
    expect(await caseState(leader)).toContain('Investigation 调查');

    await officer.reload();
    await atRevision(officer, 3);
    // the report is offered only once the subject has been heard (陈述申辩)
    expect(await officer.locator('button[data-event="SUBMIT_REPORT"]').count()).toBe(0);
    await sendEvent(officer, 'RECORD_STATEMENT', (f) =>
      f.getByLabel(/Statement/).fill('The warnings reached me late.'),
    );
    await atRevision(officer, 4);
    // the form's own validation: an empty report is refused before it is sent
    await sendEvent(officer, 'SUBMIT_REPORT');
    await officer.locator('form[data-event-form="SUBMIT_REPORT"] .field-error').first().waitFor();
    expect(await officer.locator('#ev-SUBMIT_REPORT-findings').getAttribute('aria-invalid')).toBe('true');
    await officer.getByRole('button', { name: 'Cancel' }).click();
    await sendEvent(officer, 'SUBMIT_REPORT', async (f) => {
      await f.locator('#ev-SUBMIT_REPORT-findings').fill('Warnings were not passed on');
      await f.locator('#ev-SUBMIT_REPORT-responsibility').selectOption('mainLeadership');
      // the situation chosen when the case was opened, offered again as the same choice
      expect(await f.locator('#ev-SUBMIT_REPORT-situation').inputValue()).toBe('seriousAccident');
    });
    await atRevision(officer, 5);
    expect(await caseState(officer)).toContain('Preliminary opinion 初步处理意见');

    // organisational handling has its own choices of detail, offered once the type is chosen (and
    // required: the form refuses to send it without one, as the published schema does)
    await sendEvent(officer, 'PROPOSE_OPINION', async (f) => {
      await f.getByRole('button', { name: /Add: Measures/ }).click();
      await f.locator('#ev-PROPOSE_OPINION-measures-0-type').selectOption('organisationalHandling');
      await f.locator('#ev-PROPOSE_OPINION-mitigation').selectOption('none');
      await f.locator('#ev-PROPOSE_OPINION-basis').fill('2019 Art 7(6)');
    });
    const form = officer.locator('form[data-event-form="PROPOSE_OPINION"]');
    const detail = form.locator('#ev-PROPOSE_OPINION-measures-0-detail');
    await detail.waitFor();
    const offered = await detail
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(offered).toEqual(expect.arrayContaining(['suspension', 'reassignment', 'demotion', 'removal']));
    await screenshot(officer, '1a-measure-detail');
    await detail.selectOption('reassignment');
    await form.locator('button[type="submit"]').click();
    await atRevision(officer, 6);
    expect(await caseState(officer)).toContain('Decision 问责决定');

    const committee = await as(COMMITTEE);
    await committee.goto(`${origin}/cases/${walkedCaseId}`);
    await atRevision(committee, 6);
    await sendEvent(committee, 'DECIDE', async (f) => {
      // 限期整改: ticked, its due date starts 30 days ahead at the start of the day (never "now",
      // which would be overdue at once), with the unit's leader and the unit that rectifies
      const rectification = f.locator('fieldset', {
        has: committee.locator('legend', { hasText: 'Rectification 限期整改' }),
      });
      await rectification.locator('legend input[type="checkbox"]').first().check();
      const due = await f.locator('#ev-DECIDE-rectification-dueAt').inputValue();
      expect(due).toMatch(/T00:00(:00)?$/);
      // A local date and time without a zone: the browser's own zone reads it, not the test's.
      const dueMs = await committee.evaluate((local) => Date.parse(local), due);
      const ahead = (dueMs - Date.now()) / 86_400_000;
      expect(ahead).toBeGreaterThan(29);
      expect(ahead).toBeLessThanOrEqual(30);
      expect(await rectification.locator('legend').allTextContents()).toEqual(
        expect.arrayContaining([
          expect.stringContaining('Unit leader 单位主要负责人'),
          expect.stringContaining('Unit to rectify 整改单位'),
        ]),
      );
      await screenshot(committee, '1a2-decide-rectification');
      // a due date before the decision: the service refuses it, and says why, next to the form
      await f.locator('#ev-DECIDE-decisionNo').fill('WZ-2026-12');
      await f.locator('#ev-DECIDE-measures-0-type').selectOption('formalWarning');
      await f.locator('#ev-DECIDE-measures-0-responsibility').selectOption('mainLeadership');
      await f.locator('#ev-DECIDE-rectification-unit-ref').fill('U-9');
      await f.locator('#ev-DECIDE-rectification-unit-name').fill('County Water Bureau');
      await f.locator('#ev-DECIDE-rectification-requirement').fill('Pass warnings on within the hour');
      await f.locator('#ev-DECIDE-rectification-dueAt').fill('2020-01-01T00:00');
      await f.locator('#ev-DECIDE-rectification-unitLeader-ref').fill('P-77');
      await f.locator('#ev-DECIDE-rectification-unitLeader-name').fill('Zhang Tao');
      await f.locator('button[type="submit"]').click();
      await committee
        .locator('#actions [role="alert"]', { hasText: 'is not after the decision' })
        .first()
        .waitFor();
      await atRevision(committee, 6);
      await screenshot(committee, '1a3-decide-refused');
      await rectification.locator('legend input[type="checkbox"]').first().uncheck();
      await f.locator('#ev-DECIDE-decisionNo').fill('WZ-2026-12');
      await f.locator('#ev-DECIDE-measures-0-type').selectOption('formalWarning');
      await f.locator('#ev-DECIDE-measures-0-responsibility').selectOption('mainLeadership');
    });
    await atRevision(committee, 7);
    expect(await caseState(committee)).toContain('Announcement 宣布送达');
    await screenshot(committee, '1b-decided');

    await officer.reload();
    await atRevision(officer, 7);
    await sendEvent(officer, 'DELIVER', async (f) => {
      await f.locator('#ev-DELIVER-recipients-0-kind').selectOption('subject');
      await f.locator('#ev-DELIVER-recipients-0-name').fill('Wang Wei');
    });
    await atRevision(officer, 8);
    expect(await caseState(officer)).toContain('Execution');
    await sendEvent(officer, 'RECORD_EXECUTION', (f) =>
      f.locator('#ev-RECORD_EXECUTION-fileRef').fill('PF-100234-7'),
    );
    await atRevision(officer, 9);
    // The duties after a decision (2019 Art 19; 2016 Art 9): the self-review, then the filing.
    await sendEvent(officer, 'RECORD_SELF_REVIEW', async (f) => {
      await f.locator('#ev-RECORD_SELF_REVIEW-meeting').selectOption('democraticLife');
      await f.locator('#ev-RECORD_SELF_REVIEW-summary').fill('A self-review at the democratic life meeting');
    });
    await atRevision(officer, 10);
    await sendEvent(officer, 'RECORD_FILING', async (f) => {
      await f.locator('#ev-RECORD_FILING-personalFileRef').fill('PF-100234-7');
      await f.locator('#ev-RECORD_FILING-personnelDepartment').fill('City Organisation Department');
    });
    await atRevision(officer, 11);
    await sendEvent(officer, 'FILE_APPEAL', (f) =>
      f.locator('#ev-FILE_APPEAL-grounds').fill('The warnings were sent to the wrong office.'),
    );
    await atRevision(officer, 12);
    // the diagram draws ELK's routes: around the boxes, also into and out of the parallel regions
    const routes = await diagramEdgeCrossings(officer);
    expect(routes.crossings).toEqual([]);
    expect(routes.bent).toBeGreaterThan(0);
    await screenshot(officer, '1c-execution');

    await committee.reload();
    await atRevision(committee, 12);
    await sendEvent(committee, 'RESOLVE_APPEAL', (f) =>
      f.locator('#ev-RESOLVE_APPEAL-outcome').selectOption('upheld'),
    );
    await atRevision(committee, 13);
    // Held accountable: concluded, and still open to a correction by the higher organ (纠错).
    expect(await caseState(committee)).toContain('Concluded (correctable) 问责完毕（可纠错）');
    expect(await committee.locator('.timeline > li').count()).toBe(13);
    expect(await committee.getByTestId('diagram').getAttribute('data-current')).toBe('concluded');
    await screenshot(committee, '1d-closed');
  });

  it('a supervisor finds the case in the audit search and sees the chain verified', async () => {
    expect(walkedCaseId).not.toBe('');
    const supervisor = await as(SUPERVISOR);
    await supervisor.getByRole('link', { name: 'Audit' }).click();
    // a name, as the supervisor knows the person (the search asks for that person's login id)
    await supervisor.getByLabel('Actor (name or login id)').fill('赵敏');
    await supervisor.locator('#a-type').selectOption('DECIDE');
    await supervisor.getByRole('button', { name: 'Search' }).click();
    // the search has answered when every row listed is a decision (the page first lists everything)
    const listed = supervisor.locator('table.audit tbody tr');
    const onlyDecisions = async () => {
      const texts = await listed.allTextContents();
      return texts.length > 0 && texts.every((t) => t.includes('Decide on accountability'));
    };
    for (let i = 0; i < 100 && !(await onlyDecisions()); i++) await supervisor.waitForTimeout(100);
    expect(await onlyDecisions()).toBe(true);
    // each row names its case by title and who acted by name (the login id in the tooltip)
    const row = supervisor.locator('table.audit tbody tr', {
      hasText: 'Flood warnings ignored at the county reservoir',
    });
    await row.waitFor();
    expect(await row.textContent()).toContain('Decide on accountability');
    expect(await row.locator('.actor').textContent()).toBe('Zhao Min 赵敏');
    expect(await row.locator('.actor').getAttribute('title')).toBe(COMMITTEE);

    await supervisor.getByLabel('Case (title or case number)').fill(walkedCaseId);
    await supervisor.locator('#a-type').selectOption('');
    await supervisor.getByLabel('Actor (name or login id)').fill('');
    await supervisor.getByRole('button', { name: 'Search' }).click();
    await supervisor.locator('table.audit tbody tr').nth(10).waitFor();
    await supervisor.getByRole('button', { name: 'Verify chain' }).click();
    const verdict = supervisor.getByTestId('audit-verify');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await verdict.textContent()).toContain('13 checked');
    await screenshot(supervisor, '2a-audit');

    await supervisor.locator('table.audit tbody tr').first().getByRole('link').click();
    await atRevision(supervisor, 13);
    const chain = supervisor.getByTestId('chain-status');
    expect(await chain.getAttribute('data-ok')).toBe('true');
    // a supervisor acts on nothing
    expect(await supervisor.locator('button[data-event]').count()).toBe(0);

    await supervisor.getByRole('link', { name: 'Dashboard' }).click();
    await supervisor.getByText('Cases by stage').waitFor();
    // the reports the workflow declares, drawn after the generic figures
    await supervisor.getByText('Rectification completion by organisation').waitFor();
    await supervisor.getByText(/^Appeal outcomes — \d+ filed, \d+ pending$/).waitFor();
    await supervisor.getByRole('button', { name: /Language/ }).click();
    await supervisor.getByText('各阶段案件数').waitFor();
    await supervisor.getByText('各单位整改完成率').waitFor();
    await supervisor.getByText(/^申诉结果 — 共 \d+ 件，待复查 \d+ 件$/).waitFor();
    await screenshot(supervisor, '2b-dashboard-zh');
  });

  it('in Chinese: <html lang>, no English outside data on the case list, my tasks, a case page and the open form; errors by code', async () => {
    expect(walkedCaseId).not.toBe('');
    const officer = await as(OFFICER);
    await officer.getByRole('button', { name: /Language/ }).click();
    await officer.getByRole('link', { name: '新建案件' }).waitFor();
    expect(await officer.locator('html').getAttribute('lang')).toBe('zh-CN');
    // what the walked case's data holds (typed in by its officer), the brand, and nothing else
    const data = [
      'Flood warnings ignored at the county reservoir',
      'Three warnings in July were not passed on.',
      'Wang Wei',
      'County Water Bureau',
      'Director',
      'The warnings reached me late.',
      'Warnings were not passed on',
      'seriousAccident',
      '2019 Art 7(6)',
      'WZ-2026-12',
      'PF-100234-7',
      'The warnings were sent to the wrong office.',
      'Wenze',
      'Liu Yang',
    ];
    const english = async (name: string) => {
      await screenshot(officer, name);
      return (await latinTexts(officer)).filter((text) => {
        let rest = text.slice(text.indexOf(': ') + 2);
        for (const d of data) rest = rest.split(d).join('');
        // ids and references: P-…, case ids, JWT, dates
        rest = rest.replace(/\b[A-Z]+-[\w-]+\b|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '');
        return /[A-Za-z]{2,}/.test(rest);
      });
    };

    await officer.locator('table.cases, .empty').first().waitFor();
    const list = await english('3a-case-list-zh');
    await officer.getByRole('link', { name: /我的待办/ }).click();
    await officer.locator('[data-testid="inbox"]').waitFor();
    const inbox = await english('3e-inbox-zh');

    await officer.goto(`${origin}/cases/${walkedCaseId}`);
    await atRevision(officer, 13);
    await officer.locator('.timeline details').first().waitFor();
    for (const d of await officer.locator('.timeline details').all())
      await d.evaluate((e) => e.setAttribute('open', ''));
    const casePage = await english('3b-case-zh');

    await officer.getByRole('link', { name: '新建案件' }).click();
    await officer.locator('form').first().waitFor();
    const form = await english('3c-open-form-zh');
    expect({ list, inbox, casePage, form }).toEqual({ list: [], inbox: [], casePage: [], form: [] });

    // an error of the service, rendered from its code in Chinese, without the service's English text
    await officer.goto(`${origin}/cases/00000000-0000-4000-8000-000000000000`);
    const note = officer.locator('[role="alert"]');
    await note.waitFor();
    expect(await note.getAttribute('data-code')).toBe('CASE_NOT_FOUND');
    expect(await note.textContent()).toContain('没有该案件');
    expect(await note.textContent()).not.toMatch(/No case/);
    await screenshot(officer, '3d-error-zh');
  });

  it('我的待办 lists the cases, across workflows, in which my roles may act now, with a count in the navigation', async () => {
    const opened = await openViaApi('Inbox: unanswered petitions at the land office');
    const officer = await as(OFFICER);
    const count = officer.getByTestId('inbox-count');
    await count.waitFor();
    expect(Number(await count.textContent())).toBeGreaterThan(0);
    await officer.getByRole('link', { name: /My tasks/ }).click();
    const row = officer.locator(`[data-testid="inbox"] tr[data-case="${opened.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Accept 受理');
    expect(await officer.locator('[data-testid="inbox"] tbody tr').count()).toBe(
      Number(await count.textContent()),
    );
    await screenshot(officer, '4a-inbox');
    // the leader's tasks offer the leader's own events only (taking the case over), never accepting it
    const leader = await as(LEADER);
    await leader.goto(`${origin}/inbox`);
    await leader.locator('[data-testid="inbox"]').waitFor();
    const leaderRow = leader.locator(`tr[data-case="${opened.id}"]`);
    if ((await leaderRow.count()) > 0) expect(await leaderRow.textContent()).not.toContain('Accept');
    await leader.getByRole('button', { name: /Language/ }).click();
    await leader.getByRole('heading', { name: '我的待办' }).waitFor();
    await screenshot(leader, '4b-inbox-leader-zh');
  });

  it('shows a conflicting edit made behind its back, and the retry works on the new state', async () => {
    const opened = await openViaApi('Conflicting edits on the canal dredging case');
    expect((await api.officer.send(opened.id, 'ACCEPT')).status).toBe(200);
    expect((await api.leader.send(opened.id, 'APPROVE_INVESTIGATION')).status).toBe(200);

    const officer = await as(OFFICER);
    await officer.goto(`${origin}/cases/${opened.id}`);
    await atRevision(officer, 3);

    // the officer opens the statement form at revision 3 …
    await officer.locator('button[data-event="RECORD_STATEMENT"]').click();
    const form = officer.locator('form[data-event-form="RECORD_STATEMENT"]');
    await form.locator('#ev-RECORD_STATEMENT-statement').fill('The tender rules were unclear to me.');
    // … the leader extends the investigation meanwhile (the page follows live, the form stays) …
    const behind = await api.leader.send(
      opened.id,
      'EXTEND_INVESTIGATION',
      { days: 30, reason: 'expert report pending' },
      { 'If-Match': '"3"' },
    );
    expect(behind.status).toBe(200);
    // … and the statement, written against revision 3, meets the conflict flow
    await form.locator('button[type="submit"]').click();
    const conflict = officer.getByTestId('conflict');
    await conflict.waitFor();
    await officer.locator('.case-page[data-phase="conflict"]').waitFor();
    const text = (await conflict.textContent()) ?? '';
    expect(text).toContain('revision 3');
    expect(text).toContain('revision 4');
    expect(text).toContain('Extend investigation');
    await screenshot(officer, '3a-conflict');

    await officer.getByTestId('conflict-retry').click();
    await atRevision(officer, 5);
    expect(await caseState(officer)).toContain('Investigation 调查');
    expect(await officer.getByTestId('conflict').count()).toBe(0);
    // the statement now unlocks the report
    await officer.locator('button[data-event="SUBMIT_REPORT"]').waitFor();
    const history = await api.officer.get<{ type: string; actor: { sub: string } }[]>(
      `/cases/${opened.id}/history`,
    );
    expect(history.body.map((h) => [h.type, h.actor.sub])).toEqual([
      ['OPEN', OFFICER],
      ['ACCEPT', OFFICER],
      ['APPROVE_INVESTIGATION', LEADER],
      ['EXTEND_INVESTIGATION', LEADER],
      ['RECORD_STATEMENT', OFFICER],
    ]);
    await screenshot(officer, '3b-retried');
  });

  it('a role without permission sees no such button, and the API refuses it anyway (403)', async () => {
    const opened = await openViaApi('Permissions on the school meals case');
    const committee = await as(COMMITTEE, TABLET);
    await committee.goto(`${origin}/cases/${opened.id}`);
    await atRevision(committee, 1);
    expect(await committee.locator('button[data-event]').count()).toBe(0);
    await committee.getByText('Nothing for your roles').waitFor();
    await screenshot(committee, '4a-no-permission-tablet');

    const refused = await api.committee.send(opened.id, 'ACCEPT', undefined, { 'If-Match': '"1"' });
    expect(refused.status).toBe(403);

    // the officer, by contrast, is offered exactly the events of the proposal stage
    const officer = await as(OFFICER);
    await officer.goto(`${origin}/cases/${opened.id}`);
    await atRevision(officer, 1);
    const offered = await officer
      .locator('button[data-event]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
    expect(offered.sort()).toEqual(['ACCEPT', 'MERGE', 'PROPOSE_DECLINE', 'TRANSFER_JURISDICTION']);
  });
});
