/*
 * "Overdue" means one thing everywhere: the time limit passed and the work is not done. A decision's
 * order to rectify is followed up by a rectification case of its own; when its item's due date
 * passes, that case moves on to `escalated` and must stay overdue there in the case view, the list
 * filter, the deadlines list, the dashboard and the metrics — and stop being overdue once the item
 * is done. The limit really fires: real Redis, BullMQ and the worker of the test service.
 */
import { waitFor } from './support/deadline-helpers';
import {
  decideAndDeliver,
  decisionWithRectification,
  expectStatus,
  getCase,
  history,
  openCase,
  namedPlan,
  rectificationCaseOf,
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

describe('an escalated rectification is overdue until its items are done', () => {
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
    const stats = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=rectification'), 200).body;
    const metrics = expectStatus(await u.admin.get<string>('/metrics'), 200).body;
    return {
      view: view.overdue.map((d) => d.kind),
      list: listed.body.items.some((c) => c.id === id),
      notList: notListed.body.items.some((c) => c.id === id),
      deadlines: deadlines.body.items.filter((d) => d.caseId === id).map((d) => d.kind),
      statsKind: stats.overdueByKind.find((k) => k.kind === 'rectificationItem')?.overdue ?? 0,
      statsStage: stats.casesByStage.find((s) => s.stage === 'escalated')?.overdue ?? 0,
      metric: Number(/wenze_deadlines\{status="overdue"\} (\d+)/.exec(metrics)?.[1] ?? NaN),
      states: view.states,
    };
  }

  it('in the view, the list filter, the deadlines list, the dashboard and the metrics', async () => {
    const c = await openCase(u, { subject: { ref: `p-overdue-${Date.now()}` } });
    await walkToDecision(u, c.id);
    await decideAndDeliver(u, c.id, decisionWithRectification(new Date(Date.now() + 4000).toISOString()));
    const r = await rectificationCaseOf(u.officer, c.id);
    expect(r).toMatchObject({ workflow: 'rectification', state: 'issued' });
    expectStatus(await u.officer.send(r.id, 'SUBMIT_PLAN', namedPlan(r, 'Fence the slope')), 200);
    expectStatus(await u.leader.send(r.id, 'APPROVE_PLAN', {}), 200);
    expect((await everywhere(r.id)).view).toEqual([]);

    await waitFor(
      'the item limit to escalate the rectification case',
      async () => (await getCase(u.officer, r.id)).state.startsWith('escalated'),
      30_000,
    );
    expect(await everywhere(r.id)).toMatchObject({
      view: ['rectificationItem'],
      list: true,
      notList: false,
      deadlines: ['rectificationItem'],
      statsKind: 1,
      statsStage: 1,
      metric: 1,
    });
    // The accountability case waits for its rectification case; it is not overdue itself.
    expect((await getCase(u.officer, c.id)).states).toContain('execution.rectification.followingUp');

    // The item is done (late): nothing is overdue any more, and verification follows.
    expectStatus(await u.officer.send(r.id, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'EV-1' }), 200);
    expect(await everywhere(r.id)).toMatchObject({
      view: [],
      list: false,
      notList: true,
      deadlines: [],
      statsKind: 0,
      statsStage: 0,
      metric: 0,
      states: ['verifying'],
    });

    // Verified: the rectification case closes and tells the decision, in one transaction.
    expectStatus(await u.leader.send(r.id, 'VERIFY', { passed: true }), 200);
    const decided = await getCase(u.officer, c.id);
    expect(decided.states).toContain('execution.rectification.verified');
    const last = (await history(u.officer, c.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'LINKED_CASE_CLOSED', actor: { sub: 'system:linked-case' } });
    for (const id of [c.id, r.id]) {
      expect(
        expectStatus(await u.supervisor.get<{ ok: boolean }>(`/cases/${id}/verify`), 200).body,
      ).toMatchObject({
        ok: true,
      });
    }
  });
});
