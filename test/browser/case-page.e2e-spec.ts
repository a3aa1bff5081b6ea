/*
 * The case page as a day's work needs it (issue 13), in a real browser: it follows changes made by
 * others without a reload (and keeps an open form), works at 1024×768, lets a supervisor urge an overdue
 * case (督办), shows the proposed opinion beside the decision form, and points at a tampered row.
 * Screenshots (en and zh) go to test-results/browser/.
 */
import type { Browser, Page } from 'playwright-core';
import { SAMPLE } from '../../machines/accountability.fixtures';
import type { UserEventType } from '../../machines/accountability.types';
import { SENDER, type Users } from '../support/procedure';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { withoutTriggers } from '../support/tamper';
import { atRevision, launch, screenshot, sendEvent, signedIn } from './support/browser';
import { ensureWebBuilt } from './support/build-web';

const OFFICER = 'wang.fang';
const LEADER = 'li.qiang';
const COMMITTEE = 'zhao.min';
const SUPERVISOR = 'chen.jing';
const SMALL = { width: 1024, height: 768 };

interface CaseBody {
  id: string;
  revision: number;
  state: string;
  deadlines: { id: string; kind: string; overdue: boolean }[];
}

jest.setTimeout(120_000);

describe('the case page', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let api: Pick<Users, 'officer' | 'leader' | 'committee' | 'supervisor'>;
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([
      // the delivery limit (armed by a decision) passes at once: the decided cases here are overdue
      startTestApp({ DEADLINE_OVERRIDES: JSON.stringify({ delivery: 'PT1S' }) }),
      launch(),
    ]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const devClient = async (sub: string) => {
      const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub });
      return new Client(app.baseUrl, signIn.body.token);
    };
    api = {
      officer: await devClient(OFFICER),
      leader: await devClient(LEADER),
      committee: await devClient(COMMITTEE),
      supervisor: await devClient(SUPERVISOR),
    };
  }, 180_000);

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function as(sub: string, viewport?: { width: number; height: number }, zh = false): Promise<Page> {
    const { page } = await signedIn(browser, origin, sub, viewport);
    pages.push(page);
    if (zh) {
      await page.getByRole('button', { name: /Language/ }).click();
      await page.getByRole('link', { name: '我的待办' }).waitFor();
    }
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

  async function walk(caseId: string, ...events: UserEventType[]): Promise<CaseBody> {
    let last: CaseBody | undefined;
    for (const type of events) {
      const client = api[SENDER[type] as keyof typeof api];
      const reply = await client.send<CaseBody>(caseId, type, SAMPLE[type]);
      expect([type, reply.status]).toEqual([type, 200]);
      last = reply.body;
    }
    return last!;
  }

  const TO_DECISION: UserEventType[] = [
    'ACCEPT',
    'APPROVE_INVESTIGATION',
    'RECORD_STATEMENT',
    'SUBMIT_REPORT',
    'PROPOSE_OPINION',
  ];

  /** A decided case whose delivery limit has passed (fired by the service's worker). */
  async function overdueCase(title: string): Promise<CaseBody> {
    const opened = await openViaApi(title);
    await walk(opened.id, ...TO_DECISION, 'DECIDE');
    for (;;) {
      const view = (await api.officer.get<CaseBody>(`/cases/${opened.id}`)).body;
      if (view.deadlines.some((d) => d.kind === 'delivery' && d.overdue)) return view;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('follows what another user does without a reload, and keeps a form being filled in', async () => {
    const opened = await openViaApi('Live refresh: the culvert repairs');
    await walk(opened.id, 'ACCEPT');
    const [officer, leader] = await Promise.all([as(OFFICER), as(LEADER)]);
    await officer.goto(`${origin}/cases/${opened.id}`);
    await leader.goto(`${origin}/cases/${opened.id}`);
    await atRevision(officer, 2);
    await atRevision(leader, 2);
    expect(await officer.locator('button[data-event="RECORD_STATEMENT"]').count()).toBe(0);

    // the leader approves in their browser; the officer's page follows by itself
    await sendEvent(leader, 'APPROVE_INVESTIGATION');
    await atRevision(leader, 3);
    await atRevision(officer, 3);
    const note = officer.getByTestId('live-updated');
    await note.waitFor();
    expect(await note.textContent()).toContain('Li Qiang');
    await officer.locator('button[data-event="RECORD_STATEMENT"]').waitFor();
    await screenshot(officer, '13a-live-updated');

    // a statement being typed survives the next change made elsewhere …
    await officer.locator('button[data-event="RECORD_STATEMENT"]').click();
    const statement = officer.locator('#ev-RECORD_STATEMENT-statement');
    await statement.fill('I passed the warnings on by telephone.');
    const extended = await api.leader.send(opened.id, 'EXTEND_INVESTIGATION', {
      days: 30,
      reason: 'expert report pending',
    });
    expect(extended.status).toBe(200);
    await atRevision(officer, 4);
    expect(await statement.inputValue()).toBe('I passed the warnings on by telephone.');
    await screenshot(officer, '13b-form-kept');
    // … and sending it is sending against the revision it was opened at: the conflict flow says what changed
    await officer.locator('form[data-event-form="RECORD_STATEMENT"] button[type="submit"]').click();
    await officer.getByTestId('conflict').waitFor();
    expect(await officer.getByTestId('conflict').textContent()).toContain('Extend investigation');
  });

  for (const zh of [false, true]) {
    const lang = zh ? 'zh' : 'en';
    it(`at 1024×768 (${lang}): deadlines and actions in the first screen; a supervisor urges the overdue case (督办)`, async () => {
      const c = await overdueCase(zh ? '督办：通知送达超期' : 'Urging: the delivery is overdue');
      const supervisor = await as(SUPERVISOR, SMALL, zh);
      await supervisor.goto(`${origin}/cases/${c.id}`);
      await atRevision(supervisor, c.revision);
      const deadlines = await supervisor.locator('#deadlines').boundingBox();
      const actions = await supervisor.locator('#actions').boundingBox();
      expect(deadlines!.y).toBeLessThan(SMALL.height);
      expect(actions!.y).toBeLessThan(SMALL.height);
      // the diagram is folded, one click away
      expect(await supervisor.getByTestId('diagram').count()).toBe(0);
      await screenshot(supervisor, `13c-1024-${lang}`);

      const urge = supervisor.locator('button[data-urge]');
      await urge.click();
      const message = zh ? '请三日内完成送达并报告。' : 'Deliver within three days and report back.';
      await supervisor.getByTestId('urge-form').locator('textarea').fill(message);
      await supervisor.getByTestId('urge-form').locator('button[type="submit"]').click();
      await atRevision(supervisor, c.revision + 1);
      const row = supervisor.locator(`li[data-seq="${c.revision + 1}"]`);
      expect(await row.getByTestId('urge-row').textContent()).toContain(message);
      expect(await row.textContent()).toContain(zh ? '督办' : 'Urged');
      expect(await supervisor.getByTestId('chain-status').getAttribute('data-ok')).toBe('true');
      await screenshot(supervisor, `13d-urged-${lang}`);

      await supervisor.getByTestId('diagram-toggle').click();
      await supervisor.locator('[data-testid="diagram"] .react-flow__node').first().waitFor();
      await supervisor.getByTestId('diagram').scrollIntoViewIfNeeded();
      await screenshot(supervisor, `13e-1024-diagram-${lang}`);
    });
  }

  it('the decision form shows the proposed opinion beside it, read-only', async () => {
    const opened = await openViaApi('Beside the decision: the proposal');
    await walk(opened.id, ...TO_DECISION);
    const committee = await as(COMMITTEE);
    await committee.goto(`${origin}/cases/${opened.id}`);
    await atRevision(committee, 6);
    await committee.locator('button[data-event="DECIDE"]').click();
    const beside = committee.getByTestId('beside');
    await beside.waitFor();
    expect(await beside.getAttribute('data-beside')).toBe('PROPOSE_OPINION');
    expect(await beside.locator('input, textarea, select').count()).toBe(0);
    await screenshot(committee, '13f-decide-beside-opinion');
  });

  for (const zh of [false, true]) {
    const lang = zh ? 'zh' : 'en';
    it(`a tampered history row is highlighted and named (${lang})`, async () => {
      const opened = await openViaApi(zh ? '篡改的记录' : 'A tampered record');
      await walk(opened.id, 'ACCEPT', 'APPROVE_INVESTIGATION');
      await withoutTriggers(app, () =>
        app.store.exec('UPDATE "transition" SET payload = ? WHERE case_id = ? AND seq = ?', [
          JSON.stringify({ note: 'approved by someone else' }),
          opened.id,
          2,
        ]),
      );
      const supervisor = await as(SUPERVISOR, undefined, zh);
      await supervisor.goto(`${origin}/cases/${opened.id}`);
      await atRevision(supervisor, 3);
      const status = supervisor.getByTestId('chain-status');
      await status.waitFor();
      expect(await status.getAttribute('data-ok')).toBe('false');
      const row = supervisor.locator('li[data-seq="2"]');
      expect(await row.getAttribute('data-broken')).toContain('chain');
      expect(await row.textContent()).toContain(zh ? '此条记录与哈希链不符' : 'does not fit the hash chain');
      expect(await supervisor.locator('li[data-broken]').count()).toBe(1);
      // The page header warns, and no signed dossier is given (issue 22).
      const warning = supervisor.getByTestId('chain-warning');
      expect(await warning.innerText()).toContain(zh ? '哈希链断裂' : 'hash chain broken');
      await row.scrollIntoViewIfNeeded();
      await screenshot(supervisor, `13g-tampered-${lang}`);
      // The case list marks the case, and not an intact one.
      const intact = zh ? '完好的记录' : 'An intact record';
      await openViaApi(intact);
      await supervisor.goto(`${origin}/cases`);
      const listed = supervisor.locator('tr', { hasText: zh ? '篡改的记录' : 'A tampered record' }).first();
      await listed.getByTestId('chain-broken').waitFor();
      expect(await listed.getByTestId('chain-broken').innerText()).toContain(
        zh ? '哈希链断裂' : 'chain broken',
      );
      const intactRow = supervisor.locator('tr', { hasText: intact }).first();
      await intactRow.waitFor();
      expect(await intactRow.getByTestId('chain-broken').count()).toBe(0);
      await screenshot(supervisor, `13h-tampered-list-${lang}`);
    });
  }

  it('offers the signed dossier as a download', async () => {
    const opened = await openViaApi('The dossier of a case');
    const supervisor = await as(SUPERVISOR);
    await supervisor.goto(`${origin}/cases/${opened.id}`);
    await atRevision(supervisor, 1);
    const [download] = await Promise.all([
      supervisor.waitForEvent('download'),
      supervisor.getByTestId('dossier').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`dossier-${opened.id}.json`);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const body = JSON.parse(readFileSync(path, 'utf8')) as {
      dossier: { format: string };
      signature: unknown;
    };
    expect(body.dossier.format).toBe('wenze-dossier/1');
    expect(body.signature).toBeDefined();
    // Beside it, the same dossier as a PDF, named by the case (its number, else its business key).
    const [pdf] = await Promise.all([
      supervisor.waitForEvent('download'),
      supervisor.getByTestId('dossier-pdf').click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^dossier-.+\.pdf$/);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
