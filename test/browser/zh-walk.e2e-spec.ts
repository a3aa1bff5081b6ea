/*
 * Chinese throughout (issue 22, defects 3 and 9): the five procedures carried through the workbench
 * in zh at 1440×900 — accountability to its filing, a rectification to its verification, a
 * responsibility list (opened through the form, its department picked by name) to its archive, an
 * inquiry that refers to a preliminary verification and that verification to its close, an
 * assessment to its results — each event sent through its generated form by the role that sends it.
 * On every page, with every form filled in, no Latin-script UI text outside data. A transfer of
 * jurisdiction picks the unit by its name and sends its code. One case page at 1024×768 too.
 * Screenshots: test-results/browser/walk-*.png.
 */
import type { Browser } from 'playwright-core';
import { Client, startTestApp, type TestApp } from '../support/test-app';
import { expectStatus, getCase, type CaseView } from '../support/procedure';
import { launch } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { fillRequired, revisionOf, Walker, type Fill } from './support/walk';

const OFFICER = 'wang.fang';
const LEADER = 'li.qiang';
const COMMITTEE = 'zhao.min';
const PRINCIPAL = 'sun.wei';
const DISCIPLINE_HEAD = 'zhou.lan';
const SMALL = { width: 1024, height: 768 };

jest.setTimeout(240_000);

describe('the five procedures walked in Chinese', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let officer: Client;
  let admin: Client;
  let w: Walker;
  const n = String(Date.now()).slice(-6);
  const dept = `county-fin-${n}`;
  /** Names and references that are data (Latin where the demo's are: units, users, the brand). */
  const data: string[] = ['Wenze', `P-${n}`, `U-${n}`, `L-${n}`, `S-${n}`, `R-${n}`, `A-${n}`, `Q-${n}`];

  beforeAll(async () => {
    ensureWebBuilt();
    [app, browser] = await Promise.all([startTestApp(), launch()]);
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    const as = async (sub: string) => {
      const signIn = await new Client(app.baseUrl).post<{ token: string }>('/auth/dev-login', { sub });
      return new Client(app.baseUrl, signIn.body.token);
    };
    admin = await as('admin');
    officer = await as(OFFICER);
    // a department under the county (分管部门), for the responsibility list's task
    const created = await admin.post('/units', {
      code: dept,
      name: '青山县财政局',
      parentCode: 'county',
      kind: 'department',
    });
    expect(created.status).toBe(201);
    const units = await admin.get<{ items: { name: string }[] }>('/units');
    const users = await admin.get<{ name: string }[]>('/auth/dev-users');
    data.push(...units.body.items.map((u) => u.name));
    if (Array.isArray(users.body)) data.push(...users.body.map((u) => u.name));
    w = new Walker(browser, origin, data);
  }, 240_000);

  afterAll(async () => {
    await w?.close();
    await browser?.close();
    await app?.close();
  });

  async function open(body: Record<string, unknown>): Promise<CaseView> {
    return expectStatus(await officer.post<CaseView>('/cases', body), 201).body;
  }

  const pick =
    (id: string, value: string): Fill =>
    (f) =>
      f.locator(`[id="${id}"]`).selectOption(value);

  it('accountability: proposal to filing, and a transfer of jurisdiction by unit name', async () => {
    const body = {
      workflow: 'accountability',
      title: '青山镇道路塌方事故问责',
      subject: {
        ref: `P-${n}`,
        kind: 'individual',
        name: '张三',
        organisation: '县交通运输局',
        post: '局长',
      },
      source: 'incident',
      facts: '多次预警未处置，导致道路塌方',
      situation: 'seriousAccident',
    };
    const c = await open(body);
    await w.walk(c.id, 'accountability', [
      [OFFICER, 'ACCEPT'],
      [LEADER, 'APPROVE_INVESTIGATION'],
      [OFFICER, 'RECORD_STATEMENT'],
      [OFFICER, 'SUBMIT_REPORT'],
      // the opinion proposes a measure (问责方式), which the decision starts from
      [OFFICER, 'PROPOSE_OPINION', (f) => f.getByRole('button', { name: /添加：问责方式/ }).click()],
      [COMMITTEE, 'DECIDE'],
      [OFFICER, 'DELIVER'],
      [OFFICER, 'RECORD_EXECUTION'],
      [OFFICER, 'RECORD_SELF_REVIEW'],
      [OFFICER, 'RECORD_FILING'],
      [OFFICER, 'FILE_APPEAL'],
      [COMMITTEE, 'RESOLVE_APPEAL', pick('ev-RESOLVE_APPEAL-outcome', 'upheld')],
    ]);
    const done = await getCase(officer, c.id);
    expect({ state: done.state, status: done.status }).toEqual({ state: 'concluded', status: 'closed' });

    // 移送管辖: the unit picked by its name among the others; its code is what is sent
    const moved = await open({
      ...body,
      title: '县交通运输局违规发包问责',
      subject: { ...body.subject, ref: `A-${n}` },
    });
    const page = await w.user(OFFICER);
    await page.goto(`${origin}/cases/${moved.id}`);
    const before = await revisionOf(page);
    await page.locator('button[data-event="TRANSFER_JURISDICTION"]').click();
    const form = page.locator('form[data-event-form="TRANSFER_JURISDICTION"]');
    const unit = form.locator('select#ev-TRANSFER_JURISDICTION-unitId');
    const offered = await unit.locator('option').allTextContents();
    // the units by name, the one handling the case left out
    expect(offered).toEqual(
      expect.arrayContaining(['省纪委监委 Provincial Commission', '市纪委监委 City Commission']),
    );
    expect(offered).not.toContain('县纪委监委 County Commission');
    await unit.selectOption({ label: '市纪委监委 City Commission' });
    await fillRequired(form);
    await w.check(page, 'transfer-form', true);
    expect(before).toBe(1);
    await form.locator('button[type="submit"]').click();
    // the case leaves the county officer's reach: the city's supervisor reads it, handled by the city
    for (let i = 0; i < 50 && (await getCase(admin, moved.id)).unitId !== 'city'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await getCase(admin, moved.id)).unitId).toBe('city');
    expect(w.found.splice(0)).toEqual([]);
  });
  it('rectification: plan, approval, the item done, verified', async () => {
    const c = await open({
      workflow: 'rectification',
      title: '东山乡食堂经费违规用于宴请',
      subject: { ref: `U-${n}`, kind: 'organisation', name: '东山乡政府' },
      source: 'inspectionTour',
      unitLeader: { ref: `L-${n}`, name: '李四', post: '党委书记' },
      supervisor: { ref: `S-${n}`, name: '周兰', post: '纪委书记' },
      items: [
        {
          description: '退还宴请费用',
          responsible: '王五',
          responsibleRef: `R-${n}`,
          dueAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        },
      ],
    });
    await w.walk(c.id, 'rectification', [
      [OFFICER, 'SUBMIT_PLAN'],
      [LEADER, 'APPROVE_PLAN'],
      [OFFICER, 'COMPLETE_ITEM'],
      [LEADER, 'VERIFY', (f) => f.locator('#ev-VERIFY-passed').check()],
    ]);
    expect((await getCase(officer, c.id)).status).toBe('closed');
    expect(w.found.splice(0)).toEqual([]);
  });

  it('responsibility list: every open form, the list opened with its department by name, to its archive', async () => {
    const page = await w.user(OFFICER);
    await page.getByRole('link', { name: '新建案件' }).click();
    // each procedure's open form, as a user picking one sees it
    for (const wf of ['accountability', 'rectification', 'inquiry', 'assessment', 'responsibilityList']) {
      await page.locator('#o-workflow').selectOption(wf);
      await page.locator(`form[data-open-form="${wf}"][data-ready]`).waitFor();
      await w.check(page, `open-${wf}`);
    }
    const form = page.locator('form[data-open-form="responsibilityList"][data-ready]');
    await page.locator('#o-title').fill('2026年度县交通运输局党风廉政建设责任清单');
    await page.locator('#o-ref').fill(`Q-${n}`);
    await page.locator('#o-name').fill('县交通运输局');
    await page.locator('#o-principal-ref').fill(PRINCIPAL);
    await page.locator('#o-principal-name').fill('孙伟');
    await page.locator('#o-supervisor-ref').fill(DISCIPLINE_HEAD);
    await page.locator('#o-supervisor-name').fill('周兰');
    await page.locator('#o-tasks-0-title').fill('开展廉政谈话');
    await page.locator('#o-tasks-0-owner').fill('办公室');
    await page.locator('#o-tasks-0-responsible-ref').fill(`R-${n}`);
    await page.locator('#o-tasks-0-responsible-name').fill('王五');
    // the department (分管部门): a picker of the departments under the handling unit, by name
    const department = page.locator('select#o-tasks-0-department');
    expect(await department.locator('option').allTextContents()).toEqual(['—', '青山县财政局']);
    await department.selectOption({ label: '青山县财政局' });
    await fillRequired(form);
    await w.check(page, 'open-filled', true);
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    expect((await getCase(officer, id)).context.tasks).toEqual([
      expect.objectContaining({ department: dept }),
    ]);
    await w.walk(id, 'list', [
      [PRINCIPAL, 'SIGN'],
      [DISCIPLINE_HEAD, 'SIGN'],
      [OFFICER, 'PUBLISH'],
      [OFFICER, 'COMPLETE_TASK'],
      [LEADER, 'MID_YEAR_REVIEW'],
      [OFFICER, 'YEAR_END_SUMMARY'],
      [PRINCIPAL, 'SIGN_SUMMARY'],
      [DISCIPLINE_HEAD, 'SIGN_SUMMARY'],
      [OFFICER, 'ARCHIVE'],
    ]);
    expect((await getCase(officer, id)).status).toBe('closed');
    expect(w.found.splice(0)).toEqual([]);
  });

  it('inquiry by a talk, referred to a preliminary verification, closed with a reminder talk', async () => {
    const c = await open({
      workflow: 'inquiry',
      title: '反映县交通运输局局长插手工程招标问题',
      subject: {
        ref: `A-${n}`,
        kind: 'individual',
        name: '李四',
        organisation: '县交通运输局',
        post: '局长',
      },
      clue: '有承包商反映，该局长将两个标段指定给其亲属',
      source: 'report',
    });
    await w.walk(c.id, 'inquiry', [
      [LEADER, 'APPROVE', pick('ev-APPROVE-method', 'talk')],
      [OFFICER, 'RECORD_TALK'],
      [LEADER, 'CONCLUDE', pick('ev-CONCLUDE-conclusion', 'toVerification')],
    ]);
    const inquiry = await getCase(officer, c.id);
    expect(inquiry.status).toBe('closed');
    const link = inquiry.links.find((l) => l.direction === 'opened');
    expect(link).toBeDefined();
    await w.walk(link!.caseId, 'verification', [
      [
        LEADER,
        'APPROVE_START',
        async (f) => {
          await f.locator('#ev-APPROVE_START-team-0-name').fill('刘洋');
          await f.locator('#ev-APPROVE_START-team-1-name').fill('陈晨');
        },
      ],
      [OFFICER, 'RECORD_EVIDENCE'],
      [
        OFFICER,
        'SUBMIT_REPORT',
        async (f) => {
          await f.locator('#ev-SUBMIT_REPORT-problemFound').check();
          await f.locator('#ev-SUBMIT_REPORT-proposal').selectOption('reminderTalk');
        },
      ],
      [LEADER, 'ORDER_REMINDER_TALK'],
    ]);
    expect((await getCase(officer, link!.caseId)).status).toBe('closed');
    expect(w.found.splice(0)).toEqual([]);
  });

  it('assessment: self-assessment, on-site, grade, feedback, results; a case page at 1024×768', async () => {
    const c = await open({
      workflow: 'assessment',
      title: '2026年度东山乡党风廉政建设责任制考核',
      subject: { ref: `U-${n}`, kind: 'organisation', name: '东山乡党委' },
      year: 2026,
      unitLeader: { ref: `L-${n}`, name: '李四', post: '党委书记' },
      supervisor: { ref: `S-${n}`, name: '周七', post: '纪委书记' },
    });
    await w.walk(c.id, 'assessment', [
      [PRINCIPAL, 'SUBMIT_SELF_ASSESSMENT'],
      [OFFICER, 'RECORD_ON_SITE'],
      [COMMITTEE, 'DECIDE_GRADE'],
      [OFFICER, 'DELIVER_FEEDBACK'],
      [LEADER, 'APPLY_RESULTS'],
    ]);
    expect((await getCase(officer, c.id)).status).toBe('closed');

    // a smaller screen: the case page fits its width, and reads in Chinese
    const small = await w.user(OFFICER, SMALL);
    await small.goto(`${origin}/cases/${c.id}`);
    await revisionOf(small);
    await w.check(small, 'small-case-page', true);
    const overflow = await small.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(w.found.splice(0)).toEqual([]);
  });
});
