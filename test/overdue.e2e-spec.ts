/*
 * "Overdue" means one thing everywhere: the time limit passed and the work is not done. A
 * rectification whose due date passes moves the case on to `escalated`; it must stay overdue there
 * (and while its late report is being verified) in the case view, the list filter, the deadlines
 * list, the dashboard and the metrics — and stop being overdue once the rectification is verified.
 * The limit really fires: real Redis, BullMQ and the worker of the test service.
 */
import { SAMPLE } from '../machines/accountability.fixtures';
import { waitFor } from './support/deadline-helpers';
import {
  decideAndDeliver,
  expectStatus,
  getCase,
  openCase,
  step,
  users,
  walkToDecision,
  type CaseView,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

interface Stats {
  casesByStage: { stage: string; count: number; overdue: number }[];
  overdueByKind: { kind: string; overdue: number; lapsed: number; pending: number }[];
}

describe('an escalated rectification is overdue until it is verified', () => {
  let app: TestApp;
  let u: Users;

  beforeAll(async () => {
    app = await startTestApp();
    u = await users(app.baseUrl);
  }, 60_000);

  afterAll(() => app?.close());

  /** Where the case shows up as overdue: [case view, ?overdue=true, /deadlines?overdue=true, stats, metrics]. */
  async function everywhere(id: string) {
    const view = await getCase(u.officer, id);
    const listed = expectStatus(
      await u.officer.get<{ items: CaseView[] }>('/cases?overdue=true&limit=100'),
      200,
    );
    const notListed = expectStatus(
      await u.officer.get<{ items: CaseView[] }>('/cases?overdue=false&limit=100'),
      200,
    );
    const deadlines = expectStatus(
      await u.supervisor.get<{ items: { caseId: string; kind: string; overdue: boolean }[] }>(
        '/deadlines?overdue=true&limit=100',
      ),
      200,
    );
    const stats = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=accountability'), 200).body;
    const metrics = expectStatus(await u.supervisor.get<string>('/metrics'), 200).body;
    return {
      view: view.overdue.map((d) => d.kind),
      list: listed.body.items.some((c) => c.id === id),
      notList: notListed.body.items.some((c) => c.id === id),
      deadlines: deadlines.body.items.filter((d) => d.caseId === id).map((d) => d.kind),
      statsKind: stats.overdueByKind.find((k) => k.kind === 'rectification')?.overdue ?? 0,
      statsStage: stats.casesByStage.find((s) => s.stage === 'execution')?.overdue ?? 0,
      metric: Number(/wenze_deadlines\{status="overdue"\} (\d+)/.exec(metrics)?.[1] ?? NaN),
      states: view.states,
    };
  }

  it('in the view, the list filter, the deadlines list, the dashboard and the metrics', async () => {
    const c = await openCase(u, { subject: { ref: `p-overdue-${Date.now()}` } });
    await walkToDecision(u, c.id);
    const dueAt = new Date(Date.now() + 2500).toISOString();
    await decideAndDeliver(u, c.id, {
      ...SAMPLE.DECIDE,
      rectification: { requirement: 'fence the slope', dueAt },
    });
    expect((await everywhere(c.id)).view).toEqual([]);

    await waitFor(
      'the rectification limit to escalate the case',
      async () => (await getCase(u.officer, c.id)).states.includes('execution.rectification.escalated'),
      30_000,
    );
    const escalated = await everywhere(c.id);
    expect(escalated).toMatchObject({
      view: ['rectification'],
      list: true,
      notList: false,
      deadlines: ['rectification'],
      statsKind: 1,
      statsStage: 1,
      metric: 1,
    });

    // The late report is in, but not verified yet: still overdue.
    await step(u, c.id, 'SUBMIT_RECTIFICATION');
    const submitted = await everywhere(c.id);
    expect(submitted.states).toContain('execution.rectification.verifying');
    expect(submitted).toMatchObject({ view: ['rectification'], list: true, statsKind: 1, metric: 1 });

    // Verified: the work is done, and the case is overdue nowhere.
    await step(u, c.id, 'VERIFY_RECTIFICATION', { passed: true });
    expect(await everywhere(c.id)).toMatchObject({
      view: [],
      list: false,
      notList: true,
      deadlines: [],
      statsKind: 0,
      statsStage: 0,
      metric: 0,
    });
  });

  it('a failed verification with a new due date re-arms the limit: the old lapse is settled', async () => {
    const c = await openCase(u, { subject: { ref: `p-rearm-${Date.now()}` } });
    await walkToDecision(u, c.id);
    const dueAt = new Date(Date.now() + 2500).toISOString();
    await decideAndDeliver(u, c.id, { ...SAMPLE.DECIDE, rectification: { requirement: 'fence', dueAt } });
    await waitFor(
      'the rectification limit to escalate the case',
      async () => (await getCase(u.officer, c.id)).states.includes('execution.rectification.escalated'),
      30_000,
    );
    await step(u, c.id, 'SUBMIT_RECTIFICATION');
    const newDueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const after = await step(u, c.id, 'VERIFY_RECTIFICATION', { passed: false, newDueAt });
    expect(after.states).toContain('execution.rectification.rectifying');
    expect(after.overdue).toEqual([]);
    const rect = after.deadlines.filter((d) => d.kind === 'rectification');
    expect(rect.map((d) => [d.status, d.overdue])).toEqual([
      ['fired', false],
      ['pending', false],
    ]);
    expect(rect[1].dueAt).toBe(newDueAt);
  });
});
