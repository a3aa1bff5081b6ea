/*
 * GET /stats end to end, on the real service and its real store (SQLite, or PostgreSQL when
 * WENZE_TEST_PG_URL is set): the generic figures, and the reports the accountability workflow
 * declares (rectification by organisation, appeals), checked value by value on a known set of cases.
 * A decision's order to rectify opens a rectification case; one such case's item limit of a few
 * seconds really fires (real Redis and BullMQ), so it is escalated.
 */
import { ORGANISATION_DECIDE, SAMPLE } from '../machines/accountability.fixtures';
import { waitFor } from './support/deadline-helpers';
import {
  completeRectification,
  decideAndDeliver,
  expectStatus,
  getCase,
  inDays,
  openCase,
  namedPlan,
  rectificationCaseOf,
  step,
  users,
  walkToDecision,
  type CaseView,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

interface Stats {
  workflow: string;
  generatedAt: string;
  stages: string[];
  casesByStage: { stage: string; count: number; overdue: number }[];
  outcomes: { outcome: string; count: number }[];
  overdueByKind: { kind: string; overdue: number; lapsed: number; pending: number }[];
  recordsMeasures: boolean;
  measuresByType: { type: string; count: number; lifted: number }[];
  timeInStage: { stage: string; cases: number; totalMs: number; averageMs: number }[];
  reports: Record<string, { title: { zh: string; en: string }; data: unknown }>;
}

const BUREAU_A = { ref: `org-bureau-a-${Date.now()}`, name: 'Bureau A' };
const LEADER = { ref: `p-leader-${Date.now()}`, name: 'Li Si', post: 'Director' };
/** An order to rectify, by the unit named (or by the subject itself when it is an organisation). */
const rectify = (dueAt = inDays(120), unit: typeof BUREAU_A | null = BUREAU_A) => ({
  requirement: 'install slope monitoring',
  dueAt,
  ...(unit && { unit }),
  unitLeader: LEADER,
});

describe('GET /stats', () => {
  let app: TestApp;
  let u: Users;
  const cases: Record<string, CaseView> = {};

  beforeAll(async () => {
    app = await startTestApp();
    u = await users(app.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('is empty on an empty store, with the declared reports present', async () => {
    const stats = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=accountability'), 200).body;
    expect(stats.casesByStage.every((s) => s.count === 0 && s.overdue === 0)).toBe(true);
    expect(stats.outcomes).toEqual([]);
    expect(stats.overdueByKind).toEqual([]);
    expect(Object.keys(stats.reports)).toEqual(['rectificationByOrganisation', 'appeals']);
    expect(stats.reports.rectificationByOrganisation.data).toEqual([]);
    expect(stats.reports.appeals.data).toEqual({
      filed: 0,
      pending: 0,
      outcomes: [
        { outcome: 'upheld', count: 0 },
        { outcome: 'amended', count: 0 },
        { outcome: 'revoked', count: 0 },
      ],
    });
  });

  it('counts a known set of cases', async () => {
    const org = (organisation: string) => ({
      subject: { ref: `p-${organisation}-${Date.now()}`, organisation },
    });

    // A (Bureau A): its rectification case verified, appeal upheld; measures not yet carried out
    const a = await openCase(u, org('Bureau A'));
    await walkToDecision(u, a.id);
    await decideAndDeliver(u, a.id, { ...SAMPLE.DECIDE, rectification: rectify() });
    expect((await completeRectification(u, a.id)).states).toContain('execution.rectification.verified');
    await step(u, a.id, 'FILE_APPEAL');
    cases.a = await step(u, a.id, 'RESOLVE_APPEAL', { outcome: 'upheld' });

    // B (Bureau A): its rectification case's item limit passes → escalated; appeal filed, pending
    const b = await openCase(u, org('Bureau A'));
    await walkToDecision(u, b.id);
    await decideAndDeliver(u, b.id, {
      ...SAMPLE.DECIDE,
      rectification: rectify(new Date(Date.now() + 4000).toISOString()),
    });
    const bRectification = await rectificationCaseOf(u.officer, b.id);
    expectStatus(
      await u.officer.send(bRectification.id, 'SUBMIT_PLAN', namedPlan(bRectification, 'fence')),
      200,
    );
    expectStatus(await u.leader.send(bRectification.id, 'APPROVE_PLAN', {}), 200);
    await step(u, b.id, 'FILE_APPEAL');

    // C (an organisation as subject: it rectifies itself): its rectification failed once, appeal revoked
    const c = await openCase(u, {
      subject: { ref: `o-${Date.now()}`, kind: 'organisation', name: 'Water Authority' },
    });
    for (const type of ['ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT', 'SUBMIT_REPORT'] as const) {
      await step(u, c.id, type);
    }
    await step(u, c.id, 'PROPOSE_OPINION', { ...SAMPLE.PROPOSE_OPINION, measures: [{ type: 'notice' }] });
    await decideAndDeliver(u, c.id, {
      decisionNo: 'D-2025-13',
      measures: [{ type: 'notice' }],
      rectification: rectify(inDays(120), null),
      // An organisation's accountability names its principal leader (2019 Art 8).
      alsoInvestigate: ORGANISATION_DECIDE.alsoInvestigate,
    });
    const cRectification = await rectificationCaseOf(u.officer, c.id);
    expect(cRectification.subject).toMatchObject({ kind: 'organisation', name: 'Water Authority' });
    for (const [client, type, payload] of [
      [u.officer, 'SUBMIT_PLAN', namedPlan(cRectification, 'new pumps')],
      [u.leader, 'APPROVE_PLAN', {}],
      [u.officer, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'EV-1' }],
      [u.leader, 'VERIFY', { passed: false, items: [{ itemId: 1, newDueAt: inDays(150) }] }],
    ] as const) {
      expectStatus(await client.send(cRectification.id, type, payload), 200);
    }
    await step(u, c.id, 'FILE_APPEAL');
    cases.c = await step(u, c.id, 'RESOLVE_APPEAL', { outcome: 'revoked' });
    expect(cases.c).toMatchObject({ status: 'closed', outcome: 'revoked' });

    // D (Bureau B): no rectification, appeal amended
    const d = await openCase(u, org('Bureau B'));
    await walkToDecision(u, d.id);
    await decideAndDeliver(u, d.id);
    await step(u, d.id, 'FILE_APPEAL');
    cases.d = await step(u, d.id, 'RESOLVE_APPEAL', { outcome: 'amended', measures: [{ type: 'notice' }] });

    // E: just opened
    cases.e = await openCase(u, org('Bureau C'));

    await waitFor(
      "case B's rectification case to be escalated by its item limit",
      async () => (await getCase(u.officer, bRectification.id)).state.startsWith('escalated'),
      30_000,
    );
    // Bureau A is renamed afterwards (a later case names it anew): the figures keep the name of the time.
    const renamed = await u.integration.post<CaseView>('/cases', {
      workflow: 'rectification',
      title: 'Another finding',
      subject: { ...BUREAU_A, kind: 'organisation', name: 'Bureau A (merged into Bureau B)' },
      source: 'audit',
      unitLeader: LEADER,
      items: [{ description: 'file the records', responsible: 'Li Si', dueAt: inDays(60) }],
    });
    expectStatus(renamed, 201);
    cases.b = await getCase(u.officer, b.id);
    cases.a = await getCase(u.officer, a.id);
    cases.d = await getCase(u.officer, d.id);

    const stats = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=accountability'), 200).body;
    const all = Object.values(cases);

    // the generic figures, against the case views the engine serves
    expect(stats.workflow).toBe('accountability');
    const stageOf = (x: CaseView) => x.state.split(',')[0].split('.')[0];
    expect(stats.casesByStage.filter((s) => s.count > 0)).toEqual([
      // E, and the case C's decision opened against the Water Authority's principal leader (2019 Art 8)
      { stage: 'proposed', count: 2, overdue: 0 },
      {
        stage: 'execution',
        count: 3,
        overdue: all.filter((x) => stageOf(x) === 'execution' && x.overdue.length).length,
      },
      { stage: 'closed', count: 1, overdue: 0 },
    ]);
    expect(stats.outcomes).toEqual([{ outcome: 'revoked', count: 1 }]);
    const deadlines = all.flatMap((x) =>
      x.deadlines.map((dl) => ({ ...dl, overdueNow: x.overdue.some((o) => o.id === dl.id) })),
    );
    for (const row of stats.overdueByKind) {
      const ofKind = deadlines.filter((dl) => dl.kind === row.kind);
      expect(row.pending).toBe(ofKind.filter((dl) => dl.status === 'pending').length);
      expect(row.overdue).toBe(ofKind.filter((dl) => dl.overdueNow).length);
    }
    // The rectification limits are the rectification cases' own.
    expect(stats.overdueByKind.find((k) => k.kind === 'rectification')).toBeUndefined();
    const rectifications = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=rectification'), 200);
    expect(rectifications.body.overdueByKind.find((k) => k.kind === 'rectificationItem')).toMatchObject({
      lapsed: 1,
      overdue: 1,
    });
    // formalWarning: A, B, D (D's lifted by the amendment); notice: C (lifted by the revocation), D
    expect(stats.measuresByType).toEqual(
      expect.arrayContaining([
        { type: 'formalWarning', count: 3, lifted: 1 },
        { type: 'notice', count: 2, lifted: 1 },
      ]),
    );
    expect(stats.measuresByType).toHaveLength(2);
    expect(stats.timeInStage.map((s) => s.stage)).toEqual(expect.arrayContaining(['proposed', 'execution']));

    // the workflow's own reports
    expect(stats.reports.rectificationByOrganisation).toEqual({
      title: { zh: '各单位整改完成率', en: 'Rectification completion by organisation' },
      data: [
        { organisation: 'Bureau A', required: 2, completed: 1, escalated: 1, overdue: 1, rate: 0.5 },
        { organisation: 'Water Authority', required: 1, completed: 0, escalated: 0, overdue: 0, rate: 0 },
      ],
    });
    expect(stats.reports.appeals).toEqual({
      title: { zh: '申诉结果', en: 'Appeal outcomes' },
      data: {
        filed: 4,
        pending: 1,
        outcomes: [
          { outcome: 'upheld', count: 1 },
          { outcome: 'amended', count: 1 },
          { outcome: 'revoked', count: 1 },
        ],
      },
    });
    expect(stats).not.toHaveProperty('rectificationByOrganisation');
    expect(stats).not.toHaveProperty('appeals');

    // without ?workflow= the catalogue's first workflow is reported: the same figures
    const byDefault = expectStatus(await u.supervisor.get<Stats>('/stats'), 200).body;
    expect({ ...byDefault, generatedAt: '', timeInStage: [] }).toEqual({
      ...stats,
      generatedAt: '',
      timeInStage: [],
    });
  }, 90_000);

  it('says which workflows record measures: their effects declare recordMeasures', async () => {
    const of = async (workflow: string) =>
      expectStatus(await u.supervisor.get<Stats>(`/stats?workflow=${workflow}`), 200).body;
    expect((await of('accountability')).recordsMeasures).toBe(true);
    expect((await of('inquiry')).recordsMeasures).toBe(true);
    for (const workflow of ['rectification', 'responsibilityList']) {
      const stats = await of(workflow);
      expect(stats.recordsMeasures).toBe(false);
      expect(stats.measuresByType).toEqual([]);
    }
  });

  it('refuses a workflow that is not in the catalogue', async () => {
    const reply = await u.supervisor.get<{ code?: string }>('/stats?workflow=nonesuch');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('WORKFLOW_NOT_FOUND');
  });
});
