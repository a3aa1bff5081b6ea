/*
 * Forms that ask nothing the system knows (issue 22, defects 6–8), end to end against the real service:
 *   - 签字: the responsibility list offers each named person only the side they may still sign, already
 *     chosen (eventChoices, eventPrefill); a side signed is not offered again (SIGN leaves yourEvents);
 *   - 完成任务: the task is picked from the open tasks by title; with every task done it is not offered;
 *   - 年终总结 before the 年中检查: listed in blockedEvents with what must happen first;
 *   - the committee's decision starts from the opinion's proposed measures (eventPrefill).
 */
import {
  expectStatus,
  openCase,
  step,
  steps,
  unique,
  users,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, type TestApp } from './support/test-app';

type View = CaseView & {
  eventChoices: Record<
    string,
    Record<string, { value: string | number; label?: { zh: string; en: string } }[]>
  >;
  eventPrefill: Record<string, Record<string, unknown>>;
  blockedEvents: { type: string; rule?: { id: string }; requires?: { zh: string; en: string } }[];
};

let app: TestApp;
let u: Users;
let officer: Client;
let principal: Client;
let head: Client;
let leader: Client;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
  const as = (sub: string, roles: string[]) => Client.as(app.baseUrl, sub, roles);
  officer = await as('wang.fang', ['officer']);
  principal = await as('sun.wei', ['principal']);
  head = await as('zhou.lan', ['disciplineHead']);
  leader = await as('li.qiang', ['leader']);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const task = (title: string) => ({
  title,
  owner: '财务科',
  dueAt: later(30),
  responsible: { ref: 'qian.finance', name: '钱会计' },
  standard: '按期完成',
  safeguards: '人员经费到位',
  supervisedBy: '派驻纪检组',
});
const view = async (as: Client, id: string) => expectStatus(await as.get<View>(`/cases/${id}`), 200).body;

describe('the responsibility list asks nothing the system knows', () => {
  let id: string;

  beforeAll(async () => {
    const ref = unique('org-');
    const opened = await officer.post<View>('/cases', {
      workflow: 'responsibilityList',
      title: `2026年度责任清单 ${ref}`,
      subject: { ref, kind: 'organisation', name: `县交通局 ${ref}` },
      year: 2026,
      principal: { ref: 'sun.wei', name: '孙伟' },
      supervisor: { ref: 'zhou.lan', name: '周兰' },
      tasks: [task('采购审计'), task('廉政教育')],
    });
    id = expectStatus(opened, 201).body.id;
  });

  it('offers each named person only their own side, already chosen; a signed side is not offered again', async () => {
    const mine = await view(principal, id);
    expect(mine.yourEvents).toContain('SIGN');
    expect(mine.eventChoices.SIGN).toEqual({ as: [{ value: 'principal' }] });
    expect(mine.eventPrefill.SIGN).toEqual({ as: 'principal' });
    const theirs = await view(head, id);
    expect(theirs.eventChoices.SIGN).toEqual({ as: [{ value: 'supervisor' }] });

    expectStatus(await principal.send(id, 'SIGN', { as: 'principal', opinion: '同意' }), 200);
    const after = await view(principal, id);
    expect(after.yourEvents).not.toContain('SIGN');
    expect((await view(head, id)).yourEvents).toContain('SIGN');
  });

  it('says the year-end summary waits for the mid-year review, and picks tasks by title until none is left', async () => {
    expectStatus(await head.send(id, 'SIGN', { as: 'supervisor', opinion: '同意' }), 200);
    expectStatus(await officer.send(id, 'PUBLISH'), 200);
    const published = await view(officer, id);
    const summary = published.blockedEvents.find((b) => b.type === 'YEAR_END_SUMMARY');
    expect(summary?.requires?.zh).toMatch(/年中检查/);
    expect(published.eventChoices.COMPLETE_TASK.taskId.map((c) => c.label?.zh)).toEqual([
      '采购审计',
      '廉政教育',
    ]);

    for (const c of published.eventChoices.COMPLETE_TASK.taskId) {
      expectStatus(
        await officer.send(id, 'COMPLETE_TASK', { taskId: c.value, evidenceRef: '会议纪要' }),
        200,
      );
    }
    const done = await view(officer, id);
    expect(done.yourEvents).not.toContain('COMPLETE_TASK');

    expectStatus(await leader.send(id, 'MID_YEAR_REVIEW', { summary: '进展顺利' }), 200);
    const reviewed = await view(officer, id);
    expect(reviewed.yourEvents).toContain('YEAR_END_SUMMARY');
    expect(reviewed.blockedEvents.map((b) => b.type)).not.toContain('YEAR_END_SUMMARY');
  });
});

describe('the committee’s decision', () => {
  it('starts from the measures the opinion proposed', async () => {
    const c = await openCase(u);
    await steps(u, c.id, 'ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT', 'SUBMIT_REPORT');
    const measures = [{ type: 'formalWarning' as const, responsibility: 'direct' as const }];
    await step(u, c.id, 'PROPOSE_OPINION', {
      measures,
      mitigation: 'none',
      basis: '《中国共产党问责条例》第七条',
    });
    const deciding = expectStatus(await u.committee.get<View>(`/cases/${c.id}`), 200).body;
    expect(deciding.yourEvents).toContain('DECIDE');
    expect(deciding.eventPrefill.DECIDE).toEqual({ measures });
  });
});
