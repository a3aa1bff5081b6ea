/*
 * The accountability procedure, version 2, over HTTP: 一案双查 required (2019 Art 8; seeds 2 and 4),
 * situations a checked list (2019 Art 7), the duties after a decision (2019 Art 19; 2016 Art 9), the
 * 2009 regime's appeal window (2009 Art 22), and a case stored on version 1 migrated to version 2.
 */
import { initialTransition } from 'xstate';
import { SAMPLE } from '../machines/accountability.fixtures';
import type { Payloads } from '../machines/accountability.types';
import { accountabilityMachine as machineV1 } from '../machines/v1/accountability.machine';
import { serialiseSnapshot } from '../src/engine/machine-snapshot';
import {
  addMonthsChina,
  deliverPayload,
  executionPayload,
  expectStatus,
  getCase,
  history,
  openBody,
  openCase,
  recordDuties,
  step,
  steps,
  unique,
  users,
  walkToDecision,
  type CaseView,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The id of the rule a refusal names: `details.rule` is the id, or (once the engine quotes the rule)
 * `{ id, source, text }`.
 */
function ruleOf(body: ErrorBody): string | undefined {
  const rule = (body.details as { rule?: string | { id: string } } | undefined)?.rule;
  return typeof rule === 'string' ? rule : rule?.id;
}

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

const leader = (responsibility: 'mainLeadership' | 'importantLeadership' | 'direct', name = 'Li Si') => ({
  subject: { ref: unique('lead-'), kind: 'individual' as const, name, post: 'Deputy director' },
  responsibility,
});

async function openOrganisation(): Promise<CaseView> {
  return openCase(u, { subject: { ref: unique('org-'), kind: 'organisation', name: 'County Water Bureau' } });
}

/** Walks an organisation's case to the decision, with an opinion for an organisation. */
async function organisationAtDecision(): Promise<CaseView> {
  const c = await openOrganisation();
  await steps(u, c.id, 'ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT', 'SUBMIT_REPORT');
  await step(u, c.id, 'PROPOSE_OPINION', {
    measures: [{ type: 'inspection' }],
    mitigation: 'none',
    basis: 'Art 8',
  });
  return c;
}

describe('一案双查 (fix 1)', () => {
  it('2019 Art 8: a decision about an organisation names its leadership (422 naming the rule), then opens a case for each, linked both ways', async () => {
    const c = await organisationAtDecision();
    const bare = { decisionNo: 'D-ORG-1', measures: [{ type: 'inspection' as const }], alsoInvestigate: [] };
    const none = await u.committee.send<ErrorBody>(c.id, 'DECIDE', bare);
    expect(none.status).toBe(400); // the schema itself asks for at least one member
    const onlyImportant = await u.committee.send<ErrorBody>(c.id, 'DECIDE', {
      ...bare,
      alsoInvestigate: [leader('importantLeadership')],
    });
    expect(onlyImportant.status).toBe(422);
    expect(ruleOf(onlyImportant.body)).toBe('organisationNamesLeadership');
    expect(onlyImportant.body.message).toMatch(/main leadership/);
    expect((await getCase(u.officer, c.id)).state).toBe('decision');

    const principal = leader('mainLeadership', 'Wang Wu');
    const member = leader('importantLeadership', 'Zhao Liu');
    const decided = await step(u, c.id, 'DECIDE', { ...bare, alsoInvestigate: [principal, member] });
    expect(decided.state).toBe('notification');
    const opened = decided.links.filter((l) => l.relation === 'alsoInvestigate' && l.direction === 'opened');
    expect(opened).toHaveLength(2);
    const linked = await Promise.all(opened.map((l) => getCase(u.officer, l.caseId)));
    expect(linked.map((l) => [l.subject.name, l.context.responsibility, l.context.situation]).sort()).toEqual(
      [
        ['Wang Wu', 'mainLeadership', 'seriousAccident'],
        ['Zhao Liu', 'importantLeadership', 'seriousAccident'],
      ],
    );
    for (const l of linked)
      expect(l.links).toEqual([expect.objectContaining({ caseId: c.id, direction: 'openedBy' })]);
  });

  it('seeds 2 and 4: a person directly responsible for a serious matter — the leaders are pursued too, or the case where they are is named', async () => {
    const c = await openCase(u);
    await steps(u, c.id, 'ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT');
    await step(u, c.id, 'SUBMIT_REPORT', { ...SAMPLE.SUBMIT_REPORT, responsibility: 'direct' });
    await step(u, c.id, 'PROPOSE_OPINION');
    const alone = await u.committee.send<ErrorBody>(c.id, 'DECIDE', { ...SAMPLE.DECIDE, serious: true });
    expect(alone.status).toBe(422);
    expect(ruleOf(alone.body)).toBe('seriousMattersPursueLeaders');
    const elsewhere = await step(u, c.id, 'DECIDE', {
      ...SAMPLE.DECIDE,
      serious: true,
      leadersPursuedElsewhere: {
        caseRef: 'ACC-2025-31',
        reason: 'the director is pursued in the bureau case',
      },
    });
    expect(elsewhere.state).toBe('notification');
    expect(elsewhere.context).toMatchObject({
      decision: { serious: true, leadersPursuedElsewhere: { caseRef: 'ACC-2025-31' } },
    });
  });
});

describe('situations: a checked list (fix 9, 2019 Art 7)', () => {
  it('refuses a situation outside the list at opening and in the report (400), and accepts the ids other workflows use', async () => {
    const free = await u.integration.post<ErrorBody>(
      '/cases',
      openBody({ situation: 'something went wrong' }),
    );
    expect(free.status).toBe(400);
    expect(free.body.message).toMatch(/situation/);
    const duties = await u.integration.post<CaseView>(
      '/cases',
      openBody({ situation: 'dutiesNotCarriedOut' }),
    );
    expect(duties.status).toBe(201);
    await steps(u, duties.body.id, 'ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT');
    const report = await u.officer.send<ErrorBody>(duties.body.id, 'SUBMIT_REPORT', {
      ...SAMPLE.SUBMIT_REPORT,
      situation: 'bad luck',
    });
    expect(report.status).toBe(400);
    expect(report.body.message).toMatch(/situation/);
    const schema = expectStatus(
      await u.officer.get<{ events: { type: string; schema: object }[] }>('/workflows/accountability'),
      200,
    );
    const submit = schema.body.events.find((e) => e.type === 'SUBMIT_REPORT')!.schema as {
      properties: { situation: { enum: string[]; 'x-enumLabels': Record<string, { zh: string }> } };
    };
    expect(submit.properties.situation.enum).toEqual(
      expect.arrayContaining(['dutiesNotCarriedOut', 'abuseOfPower']),
    );
    expect(submit.properties.situation['x-enumLabels'].abuseOfPower.zh).toBe('滥用职权');
  });
});

describe('duties after a decision (fix 4) and the 2009 regime (fix 3)', () => {
  it('2019 Art 19, 2016 Art 9: removal concludes only after the self-review, the publication and the filing', async () => {
    const c = await openCase(u);
    await walkToDecision(u, c.id);
    await step(u, c.id, 'DECIDE', {
      decisionNo: unique('D-'),
      measures: [{ type: 'organisationalHandling', detail: 'removal' }],
      serious: false,
    });
    await step(u, c.id, 'DELIVER', deliverPayload());
    await step(u, c.id, 'RECORD_EXECUTION', executionPayload());
    await step(u, c.id, 'FILE_APPEAL');
    const upheld = await step(u, c.id, 'RESOLVE_APPEAL', { outcome: 'upheld' });
    expect(upheld).toMatchObject({ status: 'active', outcome: null });
    expect(upheld.states).toContain('execution.measures.executed');
    const reviewedAndFiled = await recordDuties(u, c.id);
    expect(reviewedAndFiled).toMatchObject({ outcome: null });
    const published = await step(u, c.id, 'RECORD_PUBLICATION', {
      where: 'county Party bulletin',
      publishedAt: new Date().toISOString(),
    });
    expect(published).toMatchObject({ state: 'concluded', outcome: 'accountable' });
    expect(published.context).toMatchObject({ duties: { publication: { where: 'county Party bulletin' } } });
  });

  it('2009 Art 22: a decision under the 2009 Provisions leaves 15 days to appeal; one under the 2019 Regulations a month', async () => {
    const windowOf = async (measures: Payloads['DECIDE']['measures']) => {
      const c = await openCase(u);
      await walkToDecision(u, c.id);
      await step(u, c.id, 'DECIDE', { decisionNo: unique('D-'), measures, serious: false });
      const delivery = deliverPayload();
      const view = await step(u, c.id, 'DELIVER', delivery);
      return {
        due: view.deadlines.find((d) => d.kind === 'appealWindow')!.dueAt,
        from: delivery.deliveredAt,
      };
    };
    const regime2009 = await windowOf([{ type: 'governmentAccountability', detail: 'publicApology' }]);
    expect(regime2009.due).toBe(new Date(Date.parse(regime2009.from) + 15 * 86_400_000).toISOString());
    const regime2019 = await windowOf([{ type: 'formalWarning' }]);
    expect(regime2019.due).toBe(addMonthsChina(regime2019.from, 1));
  });
});

describe('versions: a case stored on version 1', () => {
  /** A case as version 1 stored it: opened, its snapshot version 1's (the OPEN row's input replays to it). */
  async function storedOnV1(): Promise<CaseView> {
    const c = await openCase(u);
    const [open] = await history(u.supervisor, c.id);
    const [snapshot] = initialTransition(machineV1, open.payload as never);
    await app.store.exec('UPDATE "case" SET workflow_version = 1, snapshot = ? WHERE id = ?', [
      serialiseSnapshot(snapshot),
      c.id,
    ]);
    const stored = await getCase(u.officer, c.id);
    expect(stored).toMatchObject({ workflowVersion: 1, state: 'proposed' });
    return stored;
  }

  it('still advances on version 1 (the officer declines alone there, as deployed)', async () => {
    const c = await storedOnV1();
    expect(c.allowedEvents).toContain('DECLINE');
    const declined = expectStatus(
      await u.officer.send<CaseView>(c.id, 'DECLINE', { reason: 'not ours' }),
      200,
    ).body;
    expect(declined).toMatchObject({ workflowVersion: 1, state: 'closed', outcome: 'declined' });
    const verify = expectStatus(await u.supervisor.get(`/cases/${c.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
  });

  it('is migrated to version 2 by the admin and carried on under its rules to accountable; it verifies and replays', async () => {
    const c = await storedOnV1();
    await step(u, c.id, 'ACCEPT');
    const migrated = expectStatus(
      await u.admin.post<CaseView>(`/cases/${c.id}/migrate`, { toVersion: 2, stateMapping: {} }),
      200,
    ).body;
    expect(migrated).toMatchObject({ workflowVersion: 2, state: 'pendingApproval' });
    await steps(u, c.id, 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT', 'SUBMIT_REPORT', 'PROPOSE_OPINION');
    await step(u, c.id, 'DECIDE');
    await step(u, c.id, 'DELIVER', deliverPayload());
    await step(u, c.id, 'RECORD_EXECUTION', executionPayload());
    await step(u, c.id, 'FILE_APPEAL');
    const waiting = await step(u, c.id, 'RESOLVE_APPEAL', { outcome: 'upheld' });
    expect(waiting.outcome).toBeNull();
    const done = await recordDuties(u, c.id);
    expect(done).toMatchObject({ workflowVersion: 2, state: 'concluded', outcome: 'accountable' });
    const rows = await history(u.supervisor, c.id);
    expect(rows.map((r) => r.type)).toContain('MIGRATE');
    const verify = expectStatus(await u.supervisor.get(`/cases/${c.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
  });
});
