/*
 * The accountability procedure end to end, over real HTTP against the real service and a real
 * SQLite file: every outcome from proposal to `closed`, the guards, linked cases, subjects'
 * lifelong records, deadlines, dry runs, idempotent opening, listing, the catalogue and the audit.
 */
import { EVENT_TYPES, SAMPLE, WITH_RECTIFICATION } from '../machines/accountability.fixtures';
import type { Payloads } from '../machines/accountability.types';
import {
  addMonthsChina,
  decideAndDeliver,
  deliverPayload,
  executionPayload,
  expectStatus,
  getCase,
  history,
  inDays,
  openBody,
  openCase,
  namedPlan,
  rectificationOrder,
  recordDuties,
  step,
  steps,
  SUBS,
  unique,
  users,
  walkPages,
  walkToDecision,
  walkToInvestigation,
  type CaseView,
  type ErrorBody,
  type HistoryEntry,
  type Users,
} from './support/procedure';
import { startTestApp, type Client, type TestApp } from './support/test-app';

interface MeasureView {
  id: string;
  caseId: string;
  type: string;
  detail: string | null;
  decidedAt: string;
  impactUntil: string | null;
  organisation: string | null;
  post: string | null;
  lifted: boolean;
  liftedAt: string | null;
  liftedReason: string | null;
}

interface SubjectRecord {
  id: string;
  ref: string;
  kind: string;
  name: string;
  organisation: string | null;
  post: string | null;
  cases: { id: string; state: string; outcome: string | null }[];
  measures: MeasureView[];
  impactPeriods: {
    measureId: string;
    caseId: string;
    type: string;
    from: string;
    until: string;
    running: boolean;
  }[];
  restricted: boolean;
  restrictedUntil: string | null;
}

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

async function subject(idOrRef: string): Promise<SubjectRecord> {
  return expectStatus(await u.supervisor.get<SubjectRecord>(`/subjects/${encodeURIComponent(idOrRef)}`), 200)
    .body;
}

function eventAt(entries: HistoryEntry[], type: string): string {
  const found = entries.find((e) => e.type === type);
  if (!found) throw new Error(`no ${type} in the history (${entries.map((e) => e.type).join(', ')})`);
  return found.at;
}

describe('outcomes: from proposal to closed', () => {
  it('declined (fix 5; 2019 Art 9, the seeds\' "blind eye"): the officer proposes with reasons, only the leader closes the clue, and a closed case accepts no more events', async () => {
    const opened = await openCase(u);
    expect(opened).toMatchObject({ state: 'proposed', status: 'active', outcome: null, revision: 1 });
    // Until the decision the case may also move to another unit.
    expect(opened.allowedEvents).toEqual([
      'ACCEPT',
      'PROPOSE_DECLINE',
      'MERGE',
      'TRANSFER_JURISDICTION',
      'TAKE_OVER',
    ]);
    // Version 2 has no DECLINE: the officer alone cannot close a clue.
    const alone = await u.officer.send<ErrorBody>(opened.id, 'DECLINE', { reason: 'not within our remit' });
    expect(alone.status).toBe(400);
    expect(alone.body.message).toMatch(/DECLINE/);

    const proposed = await step(u, opened.id, 'PROPOSE_DECLINE', { reason: 'not within our remit' });
    expect(proposed).toMatchObject({
      state: 'declineProposed',
      status: 'active',
      outcome: null,
      revision: 2,
    });
    const officerCloses = await u.officer.send<ErrorBody>(opened.id, 'APPROVE_DECLINE');
    expect(officerCloses.status).toBe(403);
    expect(officerCloses.body.message).toMatch(/leader/);

    const closed = await step(u, opened.id, 'APPROVE_DECLINE', {});
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'declined', revision: 3 });
    expect(closed.allowedEvents).toEqual([]);
    expect(closed.context).toMatchObject({
      declineProposal: { reason: 'not within our remit', actor: SUBS.officer },
      reasons: [{ type: 'PROPOSE_DECLINE', text: 'not within our remit' }],
    });
    const rows = await history(u.supervisor, opened.id);
    expect(rows.map((r) => [r.type, r.actor.sub])).toEqual([
      ['OPEN', SUBS.integration],
      ['PROPOSE_DECLINE', SUBS.officer],
      ['APPROVE_DECLINE', SUBS.leader],
    ]);

    const again = await u.officer.send<ErrorBody>(opened.id, 'ACCEPT');
    expect(again.status).toBe(422);
    expect(again.body.message).toMatch(/ACCEPT is not allowed in state closed/);
    expect(again.body.message).toMatch(/accepts no events/);
    expect((await getCase(u.officer, opened.id)).revision).toBe(3);
  });

  it('a proposal to decline sent on by the leader (fix 5): back for acceptance, or on to the approval of an investigation', async () => {
    const back = await openCase(u);
    await step(u, back.id, 'PROPOSE_DECLINE', { reason: 'weak clue' });
    const again = await step(u, back.id, 'SEND_ON', {
      to: 'acceptance',
      reason: 'the audit report backs it',
    });
    expect(again).toMatchObject({ state: 'proposed', outcome: null });
    const on = await openCase(u);
    await step(u, on.id, 'PROPOSE_DECLINE', { reason: 'weak clue' });
    const approval = await step(u, on.id, 'SEND_ON', { to: 'approval', reason: 'to be investigated' });
    expect(approval).toMatchObject({ state: 'pendingApproval', outcome: null });
    expect(approval.allowedEvents).toContain('APPROVE_INVESTIGATION');
  });

  it('merged: a cadre already under disciplinary review gets no separate investigation', async () => {
    const opened = await openCase(u);
    const merged = await step(u, opened.id, 'MERGE', { disciplinaryCaseRef: 'DIS-2025-7' });
    // The case waits for the decision taken after the disciplinary review, and records it.
    expect(merged).toMatchObject({ state: 'merged', status: 'active', outcome: null });
    expect(merged.context).toMatchObject({ mergedInto: 'DIS-2025-7' });
    expect(merged.allowedEvents).toEqual(['RECORD_DISCIPLINARY_OUTCOME']);
    const future = await u.officer.send<ErrorBody>(opened.id, 'RECORD_DISCIPLINARY_OUTCOME', {
      ...SAMPLE.RECORD_DISCIPLINARY_OUTCOME,
      decidedAt: inDays(3),
    });
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/disciplinary decision date .* is in the future/);

    const decidedAt = inDays(-2);
    const closed = await step(u, opened.id, 'RECORD_DISCIPLINARY_OUTCOME', {
      outcome: 'sanctioned',
      decidedAt,
      measures: [{ type: 'partyDiscipline', detail: 'warning' }],
    });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'merged' });
    expect(closed.context).toMatchObject({ disciplinaryOutcome: { outcome: 'sanctioned', decidedAt } });
    const record = await subject(opened.subject.ref);
    expect(record.measures).toEqual([
      expect.objectContaining({ caseId: opened.id, type: 'partyDiscipline', detail: 'warning', decidedAt }),
    ]);
    expect(record.restricted).toBe(true);
  });

  it('rejected: the principal leader refuses to start an investigation', async () => {
    const opened = await openCase(u);
    const pending = await step(u, opened.id, 'ACCEPT');
    expect(pending.state).toBe('pendingApproval');
    expect(pending.allowedEvents).toEqual([
      'APPROVE_INVESTIGATION',
      'DECIDE_DIRECTLY',
      'REJECT_INVESTIGATION',
      'TRANSFER_JURISDICTION',
      'TAKE_OVER',
    ]);
    const closed = await step(u, opened.id, 'REJECT_INVESTIGATION', { reason: 'insufficient grounds' });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'rejected' });
  });

  it('noAccountability: the committee decides nobody is held accountable', async () => {
    const opened = await openCase(u);
    const atDecision = await walkToDecision(u, opened.id);
    expect(atDecision.state).toBe('decision');
    const closed = await step(u, opened.id, 'DECIDE_NO_ACCOUNTABILITY', { grounds: 'force majeure' });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'noAccountability' });
    // No measure, so no record of restriction on the subject.
    const record = await subject(opened.subject.ref);
    expect(record.measures).toEqual([]);
    expect(record.restrictedUntil).toBeNull();
  });

  it('transferred: the committee hands the case to the judicial organs', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const closed = await step(u, opened.id, 'TRANSFER', { to: 'judicial', reference: 'PROC-2025-3' });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'transferred' });
    expect(closed.context).toMatchObject({ transfer: { to: 'judicial', reference: 'PROC-2025-3' } });
  });

  it('a decision sets measures and transfers the matter to the discipline track too; the case goes on to delivery', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const transfer = { to: 'discipline' as const, reference: 'DIS-2025-9' };
    const notified = await step(u, opened.id, 'DECIDE', { ...SAMPLE.DECIDE, transfer });
    expect(notified).toMatchObject({ state: 'notification', status: 'active', outcome: null });
    expect(notified.context).toMatchObject({ transfer, decision: { measures: SAMPLE.DECIDE.measures } });
    const record = await subject(opened.subject.ref);
    expect(record.measures).toEqual([expect.objectContaining({ caseId: opened.id, type: 'formalWarning' })]);
  });

  it('the fast path: the leader decides directly, the subject is still heard, and the case reaches a decision', async () => {
    const opened = await openCase(u);
    await step(u, opened.id, 'ACCEPT');
    const direct = await step(u, opened.id, 'DECIDE_DIRECTLY', { reason: 'facts established by the audit' });
    expect(direct.state).toBe('preliminaryOpinion');
    expect(direct.deadlines).toEqual([]);
    // Heard before any opinion, on the fast path too (2009 Art 14).
    expect(direct.allowedEvents).toEqual(expect.arrayContaining(['RECORD_STATEMENT', 'WAIVE_STATEMENT']));
    expect(direct.allowedEvents).not.toContain('PROPOSE_OPINION');
    const heard = await step(u, opened.id, 'RECORD_STATEMENT');
    expect(heard.allowedEvents).toContain('PROPOSE_OPINION');
    const decision = await step(u, opened.id, 'PROPOSE_OPINION');
    expect(decision.state).toBe('decision');
    expect(decision.context).toMatchObject({ approval: { path: 'direct', actor: SUBS.leader } });
  });

  it('accountable: decision, delivery, execution, rectification by its own case (failed once, then passed), appeal upheld', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const rectifyBy = inDays(120);
    const decide: Payloads['DECIDE'] = {
      ...WITH_RECTIFICATION,
      rectification: rectificationOrder(rectifyBy),
    };
    const notified = await step(u, opened.id, 'DECIDE', decide);
    expect(notified.state).toBe('notification');
    expect(notified.allowedEvents).toEqual(['DELIVER', 'CORRECT_DECISION']);
    expect(notified.deadlines.filter((d) => d.status === 'pending').map((d) => d.kind)).toEqual(['delivery']);
    // The order to rectify is followed up by a rectification case of its own, linked both ways (整改).
    const link = notified.links.find((l) => l.relation === 'rectificationOrder')!;
    expect(link).toMatchObject({ direction: 'opened', status: 'active', state: 'issued' });
    const r = await getCase(u.officer, link.caseId);
    expect(r).toMatchObject({ workflow: 'rectification', unitId: opened.unitId });
    expect(r.subject).toMatchObject({ kind: 'organisation', name: decide.rectification!.unit!.name });
    expect(r.links).toEqual([expect.objectContaining({ caseId: opened.id, direction: 'openedBy' })]);
    expect(r.context).toMatchObject({
      source: 'accountabilityDecision',
      unitLeader: decide.rectification!.unitLeader,
      items: [{ id: 1, description: decide.rectification!.requirement, dueAt: rectifyBy }],
    });

    const delivery = deliverPayload();
    const executing = await step(u, opened.id, 'DELIVER', delivery);
    expect(executing.status).toBe('active');
    expect(executing.states).toEqual([
      'execution.measures.pending',
      'execution.rectification.followingUp',
      'execution.appeal.open',
    ]);
    const entries = await history(u.officer, opened.id);
    const pending = Object.fromEntries(
      executing.deadlines.filter((d) => d.status === 'pending').map((d) => [d.kind, d]),
    );
    // The rectification's own limit is the rectification case's, not this case's.
    expect(Object.keys(pending).sort()).toEqual(['appealWindow', 'execution']);
    // Execution: one month from the decision; appeal: one month from delivery.
    expect(pending.execution.dueAt).toBe(addMonthsChina(eventAt(entries, 'DECIDE'), 1));
    expect(pending.appealWindow.dueAt).toBe(addMonthsChina(delivery.deliveredAt, 1));

    const executed = await step(u, opened.id, 'RECORD_EXECUTION', executionPayload());
    expect(executed.states).toContain('execution.measures.executed');
    expect(executed.deadlines.find((d) => d.kind === 'execution')).toMatchObject({ status: 'cancelled' });
    // Carried out, but not done until the self-review and the filing are recorded (fix 4; 2019 Art 19, 2016 Art 9).
    expect(executed.allowedEvents).toEqual(
      expect.arrayContaining(['RECORD_SELF_REVIEW', 'RECORD_PUBLICATION', 'RECORD_FILING']),
    );
    const filed = await recordDuties(u, opened.id);
    expect(filed.states).toContain('execution.measures.complete');
    expect(filed.context).toMatchObject({
      duties: {
        selfReview: { meeting: 'democraticLife' },
        filing: { personalFileRef: 'PF-88' },
        publication: null,
      },
    });

    const send = async (client: Client, type: string, payload: object = {}) =>
      expectStatus(await client.send<CaseView>(r.id, type, payload), 200).body;
    await send(u.officer, 'SUBMIT_PLAN', namedPlan(r, 'monitoring on every cut'));
    const approved = await send(u.leader, 'APPROVE_PLAN');
    expect(approved.deadlines.find((d) => d.status === 'pending')).toMatchObject({
      kind: 'rectificationItem',
      dueAt: rectifyBy,
    });
    await send(u.officer, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'first attempt' });
    const newDueAt = inDays(150);
    const failed = await send(u.leader, 'VERIFY', { passed: false, items: [{ itemId: 1, newDueAt }] });
    expect(failed.state).toBe('rectifying');
    expect((await getCase(u.officer, opened.id)).states).toContain('execution.rectification.followingUp');
    await send(u.officer, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'slope monitoring installed' });
    expect(await send(u.leader, 'VERIFY', { passed: true })).toMatchObject({
      status: 'closed',
      outcome: 'rectified',
    });
    const verified = await getCase(u.officer, opened.id);
    expect(verified.states).toContain('execution.rectification.verified');
    expect(verified.status).toBe('active');
    expect(verified.context).toMatchObject({ rectification: { closed: { outcome: 'rectified' } } });

    const appealed = await step(u, opened.id, 'FILE_APPEAL', { grounds: 'the warning never reached me' });
    expect(appealed.states).toContain('execution.appeal.underReview');
    expect(appealed.deadlines.find((d) => d.kind === 'appealWindow')).toMatchObject({ status: 'cancelled' });
    expect(appealed.deadlines.find((d) => d.kind === 'appealReview')).toMatchObject({ status: 'pending' });

    // Concluded as accountable: still open to a correction (2019 Art 21), so the engine keeps it active.
    const closed = await step(u, opened.id, 'RESOLVE_APPEAL', { outcome: 'upheld' });
    expect(closed).toMatchObject({ state: 'concluded', status: 'closed', outcome: 'accountable' });
    expect(closed.deadlines.filter((d) => d.status === 'pending')).toEqual([]);

    // The history names every step and who took it: the token's sub, never the client's word.
    const trail = (await history(u.supervisor, opened.id)).map((e) => [e.type, e.actor.sub]);
    expect(trail).toEqual([
      ['OPEN', SUBS.integration],
      ['ACCEPT', SUBS.officer],
      ['APPROVE_INVESTIGATION', SUBS.leader],
      ['RECORD_STATEMENT', SUBS.officer],
      ['SUBMIT_REPORT', SUBS.officer],
      ['PROPOSE_OPINION', SUBS.officer],
      ['DECIDE', SUBS.committee],
      ['DELIVER', SUBS.officer],
      ['RECORD_EXECUTION', SUBS.officer],
      ['RECORD_SELF_REVIEW', SUBS.officer],
      ['RECORD_FILING', SUBS.officer],
      // Sent by the rectification case, in the transaction of its passed verification.
      ['LINKED_CASE_CLOSED', 'system:linked-case'],
      ['FILE_APPEAL', SUBS.officer],
      ['RESOLVE_APPEAL', SUBS.committee],
    ]);
    const final = await history(u.supervisor, opened.id);
    expect(final.at(-1)).toMatchObject({
      from: expect.stringContaining('execution.appeal.underReview'),
      to: 'concluded',
    });
    expect(final[0]).toMatchObject({ seq: 1, from: null, to: 'proposed' });

    // The measure stays on the subject's record: accountable, not lifted.
    const record = await subject(opened.subject.id);
    expect(record.measures).toEqual([
      expect.objectContaining({ caseId: opened.id, type: 'formalWarning', lifted: false }),
    ]);
  });

  it('amended on appeal: the original measure is lifted and the amended one recorded from the decision date', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    await decideAndDeliver(u, opened.id, SAMPLE.DECIDE);
    await step(u, opened.id, 'FILE_APPEAL');
    const resolved = await step(u, opened.id, 'RESOLVE_APPEAL', {
      outcome: 'amended',
      measures: [{ type: 'notice' }],
    });
    expect(resolved.states).toContain('execution.appeal.resolved');
    expect(resolved.status).toBe('active');
    const decidedAt = eventAt(await history(u.officer, opened.id), 'DECIDE');
    const record = await subject(opened.subject.ref);
    expect(record.measures).toHaveLength(2);
    expect(record.measures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'formalWarning',
          lifted: true,
          liftedReason: 'appeal: decision amended',
        }),
        expect.objectContaining({ type: 'notice', lifted: false, decidedAt }),
      ]),
    );
    expect(record.impactPeriods.map((p) => p.type)).toEqual(['notice']);
  });

  it('revoked on appeal: the case closes as revoked and the measures are lifted from the subject', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    await decideAndDeliver(u, opened.id, SAMPLE.DECIDE);
    const before = await subject(opened.subject.ref);
    expect(before.restricted).toBe(true);
    expect(before.impactPeriods).toHaveLength(1);

    await step(u, opened.id, 'FILE_APPEAL');
    const closed = await step(u, opened.id, 'RESOLVE_APPEAL', { outcome: 'revoked' });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'revoked' });
    expect(closed.deadlines.filter((d) => d.status === 'pending')).toEqual([]);

    const after = await subject(opened.subject.ref);
    expect(after.measures).toEqual([
      expect.objectContaining({
        caseId: opened.id,
        type: 'formalWarning',
        lifted: true,
        liftedReason: 'appeal: decision revoked',
      }),
    ]);
    expect(after.impactPeriods).toEqual([]);
    expect(after.restricted).toBe(false);
    expect(after.restrictedUntil).toBeNull();
  });

  it('corrected: the committee of the deciding unit (or a unit above) corrects a wrong decision, which lifts its measures', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const executing = await decideAndDeliver(u, opened.id, SAMPLE.DECIDE);

    for (const client of [u.officer, u.admin]) {
      const refused = await client.send<ErrorBody>(opened.id, 'CORRECT_DECISION', {
        reason: 'wrong procedure',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/CORRECT_DECISION/);
      expect(refused.body.message).toMatch(/committee/);
    }
    expect((await getCase(u.officer, opened.id)).revision).toBe(executing.revision);

    const closed = await step(u, opened.id, 'CORRECT_DECISION', { reason: 'wrong procedure' });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'corrected' });
    expect(closed.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    expect((await history(u.officer, opened.id)).at(-1)).toMatchObject({
      type: 'CORRECT_DECISION',
      actor: { sub: SUBS.committee, roles: ['committee'] },
    });
    const record = await subject(opened.subject.ref);
    expect(record.measures).toEqual([
      expect.objectContaining({ lifted: true, liftedReason: 'corrected: wrong procedure' }),
    ]);
    expect(record.restrictedUntil).toBeNull();
  });

  it('corrected after the case concluded as accountable (lifelong accountability, 2019 Art 21): the measures are lifted', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    await decideAndDeliver(u, opened.id, SAMPLE.DECIDE);
    await step(u, opened.id, 'RECORD_EXECUTION', executionPayload());
    await recordDuties(u, opened.id);
    await step(u, opened.id, 'FILE_APPEAL');
    const concluded = await step(u, opened.id, 'RESOLVE_APPEAL', { outcome: 'upheld' });
    // Concluded: the outcome is known and nothing is pending, but a correction remains possible.
    expect(concluded).toMatchObject({ state: 'concluded', status: 'closed', outcome: 'accountable' });
    expect(concluded.allowedEvents).toEqual(['CORRECT_DECISION']);
    expect(concluded.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    expect((await subject(opened.subject.ref)).restricted).toBe(true);

    const corrected = await step(u, opened.id, 'CORRECT_DECISION', { reason: 'facts unclear' });
    expect(corrected).toMatchObject({ state: 'closed', status: 'closed', outcome: 'corrected' });
    const record = await subject(opened.subject.ref);
    expect(record.measures).toEqual([
      expect.objectContaining({ lifted: true, liftedReason: 'corrected: facts unclear' }),
    ]);
    expect(record.restricted).toBe(false);
  });
});

describe('guards and roles', () => {
  it('refuses the report until the subject has been heard or has waived the statement (422 lists allowed events)', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    expect(investigating.allowedEvents).not.toContain('SUBMIT_REPORT');

    const refused = await u.officer.send<ErrorBody>(opened.id, 'SUBMIT_REPORT', SAMPLE.SUBMIT_REPORT);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EVENT_NOT_ALLOWED');
    expect(refused.body.message).toMatch(/SUBMIT_REPORT is not allowed in state investigation/);
    expect(refused.body.details?.state).toBe('investigation');
    expect(refused.body.details?.allowedEvents).toEqual(
      expect.arrayContaining(['RECORD_STATEMENT', 'WAIVE_STATEMENT', 'EXTEND_INVESTIGATION']),
    );
    expect(refused.body.details?.allowedEvents).not.toContain('SUBMIT_REPORT');
    expect((await getCase(u.officer, opened.id)).revision).toBe(investigating.revision);

    await step(u, opened.id, 'WAIVE_STATEMENT', { reason: 'subject declined in writing' });
    const reported = await step(u, opened.id, 'SUBMIT_REPORT');
    expect(reported.state).toBe('preliminaryOpinion');
    expect(reported.context).toMatchObject({
      statements: [{ kind: 'waiver', text: 'subject declined in writing' }],
    });
  });

  it('on the fast path too, refuses the opinion until the subject has been heard or has waived (422 lists allowed events)', async () => {
    const opened = await openCase(u);
    await step(u, opened.id, 'ACCEPT');
    const direct = await step(u, opened.id, 'DECIDE_DIRECTLY');
    expect(direct.allowedEvents).not.toContain('PROPOSE_OPINION');

    const refused = await u.officer.send<ErrorBody>(opened.id, 'PROPOSE_OPINION', SAMPLE.PROPOSE_OPINION);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EVENT_NOT_ALLOWED');
    expect(refused.body.message).toMatch(/PROPOSE_OPINION is not allowed in state preliminaryOpinion/);
    expect(refused.body.details?.allowedEvents).toEqual(
      expect.arrayContaining(['RECORD_STATEMENT', 'WAIVE_STATEMENT']),
    );
    expect((await getCase(u.officer, opened.id)).revision).toBe(direct.revision);

    await step(u, opened.id, 'WAIVE_STATEMENT');
    expect((await step(u, opened.id, 'PROPOSE_OPINION')).state).toBe('decision');
  });

  it('refuses a delivery dated before the decision or in the future, and a rectification due in the past (422 naming the reason)', async () => {
    const opened = await openCase(u);
    const decision = await walkToDecision(u, opened.id);
    const pastDue = await u.committee.send<ErrorBody>(opened.id, 'DECIDE', {
      ...SAMPLE.DECIDE,
      rectification: rectificationOrder(inDays(-1)),
    });
    expect(pastDue.status).toBe(422);
    // "not with this payload" has its own code, apart from "not in this state" (EVENT_NOT_ALLOWED)
    expect(pastDue.body.code).toBe('EVENT_GUARD_FAILED');
    expect(pastDue.body.message).toMatch(/DECIDE is allowed in state decision, but not with this payload/);
    expect(pastDue.body.message).toMatch(/rectification due date .* is not after the decision/);
    expect((await getCase(u.officer, opened.id)).revision).toBe(decision.revision);

    const notified = await step(u, opened.id, 'DECIDE');
    const deliver = (deliveredAt: string) =>
      u.officer.send<ErrorBody>(opened.id, 'DELIVER', { ...deliverPayload(), deliveredAt });
    const future = await deliver(inDays(2));
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/delivery date .* is in the future/);
    const early = await deliver(inDays(-1));
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/delivery date .* is before the decision/);
    expect((await getCase(u.officer, opened.id)).revision).toBe(notified.revision);
    expect((await step(u, opened.id, 'DELIVER', deliverPayload())).states).toContain(
      'execution.measures.pending',
    );
  });

  it('refuses an event from a role that may not send it (403 naming the roles needed), writing nothing', async () => {
    const opened = await openCase(u);
    const asLeader = await u.leader.send<ErrorBody>(opened.id, 'ACCEPT');
    expect(asLeader.status).toBe(403);
    expect(asLeader.body.message).toMatch(/may not send ACCEPT/);
    expect(asLeader.body.message).toMatch(/officer/);
    const asOfficer = await u.officer.send<ErrorBody>(opened.id, 'PROPOSE_DECLINE', { reason: 'x' });
    expect(asOfficer.status).toBe(200);
    const committeeTooEarly = await u.committee.send<ErrorBody>(opened.id, 'DECIDE', SAMPLE.DECIDE);
    expect(committeeTooEarly.status).toBe(422);
  });

  it('supervisors read cases, histories and records but may not send any event or open a case', async () => {
    const opened = await openCase(u);
    await step(u, opened.id, 'ACCEPT');
    expect((await u.supervisor.get(`/cases/${opened.id}`)).status).toBe(200);
    expect((await u.supervisor.get(`/cases/${opened.id}/history`)).status).toBe(200);
    expect((await u.supervisor.get(`/cases/${opened.id}/verify`)).status).toBe(200);
    expect((await u.supervisor.get(`/cases?limit=5`)).status).toBe(200);

    for (const [type, payload] of [
      ['APPROVE_INVESTIGATION', undefined],
      ['REJECT_INVESTIGATION', { reason: 'I am only watching' }],
      ['CORRECT_DECISION', { reason: 'I am only watching' }],
    ] as const) {
      const refused = await u.supervisor.send<ErrorBody>(opened.id, type, payload);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/supervisor/);
    }
    const open = await u.supervisor.post<ErrorBody>('/cases', openBody());
    expect(open.status).toBe(403);
    const after = await getCase(u.officer, opened.id);
    expect(after).toMatchObject({ state: 'pendingApproval', revision: 2 });
    expect(await history(u.officer, opened.id)).toHaveLength(2);
  });

  it('stamps the actor from the token: an `actor` in the body is refused or ignored, never believed', async () => {
    const opened = await openCase(u);
    const forged = await u.officer.post<ErrorBody>(`/cases/${opened.id}/events`, {
      type: 'ACCEPT',
      actor: 'mallory',
    });
    if (forged.status !== 200) {
      expect(forged.status).toBe(400);
      expect(forged.body.message).toMatch(/actor/);
      expect((await getCase(u.officer, opened.id)).revision).toBe(1);
      await step(u, opened.id, 'ACCEPT');
    }
    await step(u, opened.id, 'APPROVE_INVESTIGATION');
    const forgedInPayload = await u.officer.send<ErrorBody>(opened.id, 'RECORD_STATEMENT', {
      statement: 'I was not there',
      actor: 'mallory',
      at: '2000-01-01T00:00:00.000Z',
    });
    if (forgedInPayload.status !== 200) {
      expect(forgedInPayload.status).toBe(400);
      expect(forgedInPayload.body.message).toMatch(/actor/);
      await step(u, opened.id, 'RECORD_STATEMENT', { statement: 'I was not there' });
    }

    const entries = await history(u.officer, opened.id);
    expect(entries.map((e) => [e.type, e.actor])).toEqual([
      ['OPEN', { sub: SUBS.integration, roles: ['integration'] }],
      ['ACCEPT', { sub: SUBS.officer, roles: ['officer'] }],
      ['APPROVE_INVESTIGATION', { sub: SUBS.leader, roles: ['leader'] }],
      ['RECORD_STATEMENT', { sub: SUBS.officer, roles: ['officer'] }],
    ]);
    for (const entry of entries) {
      expect(entry.payload).not.toHaveProperty('actor');
      expect(entry.at > '2001').toBe(true);
    }
    const after = await getCase(u.officer, opened.id);
    expect(after.context).toMatchObject({
      accepted: { actor: SUBS.officer },
      statements: [{ kind: 'statement', text: 'I was not there', actor: SUBS.officer, at: entries[3].at }],
    });
  });

  it('a stale If-Match is refused with 409 and a fresh one (the ETag) is accepted', async () => {
    const opened = await openCase(u);
    const read = await u.officer.get<CaseView>(`/cases/${opened.id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    const stale = await u.officer.send<ErrorBody>(opened.id, 'ACCEPT', undefined, { 'if-match': '"0"' });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/revision 1, not 0/);
    const fresh = await u.officer.send<CaseView>(opened.id, 'ACCEPT', undefined, {
      'if-match': read.headers.get('etag')!,
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"2"');
  });
});

describe('linked cases (one case, two investigations)', () => {
  it('TRANSFER and MERGE with alsoInvestigate open linked cases too, which keep the responsibility given', async () => {
    const transferring = await openCase(u);
    await walkToDecision(u, transferring.id);
    const merging = await openCase(u);
    const leader = (ref: string) => ({ ref, kind: 'individual' as const, name: 'Li Si' });
    const transferred = await step(u, transferring.id, 'TRANSFER', {
      ...SAMPLE.TRANSFER,
      alsoInvestigate: [{ subject: leader(unique('leader-')), responsibility: 'importantLeadership' }],
    });
    const merged = await step(u, merging.id, 'MERGE', {
      ...SAMPLE.MERGE,
      alsoInvestigate: [{ subject: leader(unique('leader-')), responsibility: 'overallLeadership' }],
    });
    for (const [from, responsibility] of [
      [transferred, 'importantLeadership'],
      [merged, 'overallLeadership'],
    ] as const) {
      expect(from.links).toEqual([
        expect.objectContaining({ relation: 'alsoInvestigate', direction: 'opened' }),
      ]);
      const linked = await getCase(u.officer, from.links[0].caseId);
      expect(linked).toMatchObject({ state: 'proposed', status: 'active' });
      expect(linked.context).toMatchObject({
        responsibility,
        linkedFrom: { caseId: from.id, relation: 'alsoInvestigate' },
      });
    }
  });

  it('DECIDE with alsoInvestigate opens a linked case in `proposed` against the responsible leader', async () => {
    const opened = await openCase(u, { businessKey: unique('AUD-') });
    await walkToDecision(u, opened.id);
    const leaderRef = unique('leader-');
    const leaderSubject = {
      ref: leaderRef,
      kind: 'individual' as const,
      name: 'Li Si',
      organisation: 'County Government',
      post: 'Deputy county head',
    };
    const decided = await step(u, opened.id, 'DECIDE', {
      ...SAMPLE.DECIDE,
      alsoInvestigate: [{ subject: leaderSubject, responsibility: 'mainLeadership' }],
    });
    expect(decided.links).toHaveLength(1);
    const link = decided.links[0];
    expect(link).toMatchObject({
      relation: 'alsoInvestigate',
      direction: 'opened',
      state: 'proposed',
      status: 'active',
    });

    const linked = await getCase(u.officer, link.caseId);
    expect(linked).toMatchObject({
      state: 'proposed',
      status: 'active',
      // Derived from the asking case's id (hashed), never from its business key.
      businessKey: expect.stringMatching(/^alsoInvestigate\/[0-9a-f]{64}$/),
      subject: {
        ref: leaderRef,
        name: 'Li Si',
        organisation: 'County Government',
        post: 'Deputy county head',
      },
    });
    expect(linked.subject.id).not.toBe(opened.subject.id);
    expect(linked.context).toMatchObject({
      linkedFrom: { caseId: opened.id, relation: 'alsoInvestigate' },
      source: 'caseInvestigation',
      responsibility: 'mainLeadership',
    });
    expect(linked.links).toEqual([
      expect.objectContaining({ caseId: opened.id, direction: 'openedBy', relation: 'alsoInvestigate' }),
    ]);
    expect(await history(u.officer, linked.id)).toEqual([
      expect.objectContaining({
        seq: 1,
        type: 'OPEN',
        to: 'proposed',
        actor: { sub: SUBS.committee, roles: ['committee'] },
      }),
    ]);
    const leaderRecord = await subject(leaderRef);
    expect(leaderRecord.cases.map((c) => c.id)).toEqual([linked.id]);
    // The linked case is a case like any other: it can be taken through the procedure.
    expect((await step(u, linked.id, 'ACCEPT')).state).toBe('pendingApproval');
  });
});

describe('subjects: the lifelong record', () => {
  it('shows impact periods and restrictedUntil, by id and by ref, and keeps one record across posts', async () => {
    const ref = unique('cadre-');
    const first = await openCase(u, {
      subject: { ref, organisation: 'County Transport Bureau', post: 'Deputy director' },
    });
    await walkToDecision(u, first.id);
    await step(u, first.id, 'DECIDE', {
      decisionNo: 'D-1',
      measures: [{ type: 'formalWarning', responsibility: 'direct' }],
      serious: false,
    });
    const decidedAt = eventAt(await history(u.officer, first.id), 'DECIDE');
    const sixMonths = addMonthsChina(decidedAt, 6);

    const byId = await subject(first.subject.id);
    const byRef = await subject(ref);
    expect(byRef).toEqual(byId);
    expect(byId).toMatchObject({
      id: first.subject.id,
      ref,
      organisation: 'County Transport Bureau',
      post: 'Deputy director',
    });
    expect(byId.impactPeriods).toEqual([
      expect.objectContaining({
        caseId: first.id,
        type: 'formalWarning',
        from: decidedAt,
        until: sixMonths,
        running: true,
      }),
    ]);
    expect(byId.restricted).toBe(true);
    expect(byId.restrictedUntil).toBe(sixMonths);

    // Promoted and transferred: a new case against the same person under another organisation and post.
    const second = await openCase(u, {
      subject: { ref, organisation: 'Municipal Water Bureau', post: 'Director' },
    });
    // The second case has its own record of the subject, as given at its opening; the first keeps its own.
    expect(second.subject.id).not.toBe(first.subject.id);
    expect((await getCase(u.officer, first.id)).subject).toMatchObject({
      organisation: 'County Transport Bureau',
      post: 'Deputy director',
    });
    await walkToDecision(u, second.id);
    await step(u, second.id, 'DECIDE', {
      decisionNo: 'D-2',
      measures: [{ type: 'organisationalHandling', detail: 'removal' }],
      serious: false,
    });
    const removedAt = eventAt(await history(u.officer, second.id), 'DECIDE');
    // 免职: no equivalent post for a year and no higher post for two (fix 3; 2009 Art 12).
    const twoYears = addMonthsChina(removedAt, 24);

    const record = await subject(ref);
    expect(record).toMatchObject({
      id: first.subject.id,
      organisation: 'Municipal Water Bureau',
      post: 'Director',
    });
    expect(record.cases.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(record.measures).toEqual([
      expect.objectContaining({
        caseId: first.id,
        type: 'formalWarning',
        organisation: 'County Transport Bureau',
        post: 'Deputy director',
      }),
      expect.objectContaining({
        caseId: second.id,
        type: 'organisationalHandling',
        detail: 'removal',
        organisation: 'Municipal Water Bureau',
        post: 'Director',
      }),
    ]);
    expect(record.impactPeriods.map((p) => [p.type, p.until])).toEqual([
      ['formalWarning', sixMonths],
      ['organisationalHandling', twoYears],
    ]);
    expect(record.restrictedUntil).toBe(twoYears);

    const unknown = await u.officer.get<ErrorBody>(`/subjects/${unique('nobody-')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/No subject nobody-/);
  });
});

describe('deadlines', () => {
  it('arms the investigation time limit on entering, re-arms it on extension, cancels it on leaving', async () => {
    const opened = await openCase(u);
    expect(opened.deadlines).toEqual([]);
    const investigating = await walkToInvestigation(u, opened.id);
    const approvedAt = eventAt(await history(u.officer, opened.id), 'APPROVE_INVESTIGATION');
    expect(investigating.deadlines).toEqual([
      expect.objectContaining({
        kind: 'investigation',
        status: 'pending',
        dueAt: addMonthsChina(approvedAt, 3),
        settledAt: null,
        overdue: false,
      }),
    ]);

    const extended = await step(u, opened.id, 'EXTEND_INVESTIGATION', {
      days: 30,
      reason: 'expert report pending',
    });
    expect(extended.state).toBe('investigation');
    expect(extended.deadlines.map((d) => [d.kind, d.status])).toEqual([
      ['investigation', 'cancelled'],
      ['investigation', 'pending'],
    ]);
    const rearmed = Date.parse(addMonthsChina(approvedAt, 3)) + 30 * 86_400_000;
    expect(extended.deadlines[1].dueAt).toBe(new Date(rearmed).toISOString());

    await step(u, opened.id, 'RECORD_STATEMENT');
    const left = await step(u, opened.id, 'SUBMIT_REPORT');
    expect(left.state).toBe('preliminaryOpinion');
    expect(left.deadlines.every((d) => d.status === 'cancelled' && d.settledAt !== null)).toBe(true);
    expect(left.overdue).toEqual([]);

    // Returned for investigation: a new round with a new time limit.
    await step(u, opened.id, 'PROPOSE_OPINION');
    const returned = await step(u, opened.id, 'RETURN_FOR_INVESTIGATION', {
      reason: 'responsibility unclear',
    });
    expect(returned.state).toBe('investigation');
    expect(returned.deadlines.filter((d) => d.status === 'pending')).toEqual([
      expect.objectContaining({ kind: 'investigation' }),
    ]);
  });
});

describe('dry run', () => {
  it('?dryRun=true predicts the next state and deadlines and writes nothing', async () => {
    const opened = await openCase(u);
    await step(u, opened.id, 'ACCEPT');
    const before = await getCase(u.officer, opened.id);
    const historyBefore = await history(u.officer, opened.id);

    const predicted = await u.leader.post<Record<string, unknown>>(`/cases/${opened.id}/events?dryRun=true`, {
      type: 'APPROVE_INVESTIGATION',
    });
    expect(predicted.status).toBe(200);
    expect(predicted.body).toMatchObject({
      dryRun: true,
      from: 'pendingApproval',
      to: 'investigation',
      status: 'active',
      scheduled: [expect.objectContaining({ kind: 'investigation', status: 'pending' })],
    });

    const notAllowed = await u.committee.post<ErrorBody>(`/cases/${opened.id}/events?dryRun=true`, {
      type: 'DECIDE',
      payload: SAMPLE.DECIDE,
    });
    expect(notAllowed.status).toBe(422);

    const after = await getCase(u.officer, opened.id);
    expect(after).toMatchObject({
      state: 'pendingApproval',
      revision: before.revision,
      updatedAt: before.updatedAt,
    });
    expect(after.deadlines).toEqual([]);
    expect(await history(u.officer, opened.id)).toHaveLength(historyBefore.length);

    // And the real thing lands where the dry run said.
    expect((await step(u, opened.id, 'APPROVE_INVESTIGATION')).state).toBe('investigation');
  });
});

describe('idempotent opening', () => {
  it('the same businessKey returns the existing case with 200', async () => {
    const businessKey = unique('INSPECT-');
    const body = openBody({ businessKey });
    const first = await u.integration.post<CaseView>('/cases', body);
    expect(first.status).toBe(201);
    const second = await u.integration.post<CaseView>('/cases', {
      ...body,
      title: 'A retry with another title',
    });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.title).toBe(body.title);
    const byOfficer = await u.officer.post<CaseView>('/cases', body);
    expect(byOfficer.status).toBe(200);
    expect(byOfficer.body.id).toBe(first.body.id);
    const listed = await u.officer.get<{ items: CaseView[] }>(`/cases?q=${businessKey}`);
    expect(listed.body.items.map((c) => c.id)).toEqual([first.body.id]);
  });

  it('the same Idempotency-Key returns the case the first request created, with 200', async () => {
    const key = unique('retry-');
    const body = openBody({ title: `Petition ${key}` });
    const first = await u.integration.post<CaseView>('/cases', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const second = await u.integration.post<CaseView>('/cases', body, { 'idempotency-key': key });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const listed = await u.officer.get<{ items: CaseView[] }>(`/cases?q=${key}`);
    expect(listed.body.items.map((c) => c.id)).toEqual([first.body.id]);
    expect(await history(u.officer, first.body.id)).toHaveLength(1);
  });

  it('the same Idempotency-Key with another body is refused (422), and opens nothing', async () => {
    const key = unique('reuse-');
    const first = await u.integration.post<CaseView>('/cases', openBody({ title: `First ${key}` }), {
      'idempotency-key': key,
    });
    expect(first.status).toBe(201);
    const other = await u.integration.post<{ code: string; message: string }>(
      '/cases',
      openBody({ title: `Another ${key}` }),
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: expect.stringMatching(/another request/),
    });
    const listed = await u.officer.get<{ items: CaseView[] }>(`/cases?q=${key}`);
    expect(listed.body.items.map((c) => c.id)).toEqual([first.body.id]);
  });
});

describe('listing cases', () => {
  const tag = unique('batch-');
  let batch: CaseView[];
  let shared: string;

  beforeAll(async () => {
    shared = unique('shared-');
    // Opened concurrently, so several cases may share a creation time: paging must still be exact.
    batch = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        openCase(u, { title: `Batch ${tag} #${i}`, subject: { ref: i < 3 ? shared : unique('p-') } }),
      ),
    );
    batch.sort((a, b) => Number(/#(\d+)$/.exec(a.title)![1]) - Number(/#(\d+)$/.exec(b.title)![1]));
    await steps(u, batch[0].id, 'PROPOSE_DECLINE', 'APPROVE_DECLINE');
    await walkToInvestigation(u, batch[1].id);
    await walkToInvestigation(u, batch[4].id);
    await walkToDecision(u, batch[5].id);
    await decideAndDeliver(u, batch[5].id);
  });

  async function ids(query: string): Promise<string[]> {
    const { items } = await walkPages<CaseView>(u.officer, `/cases?q=${tag}${query}`, 100);
    return items.map((c) => c.id).sort();
  }
  const of = (...indexes: number[]) => indexes.map((i) => batch[i].id).sort();

  it('filters by q, state (path or prefix), status, workflow and subjectId', async () => {
    expect(await ids('')).toEqual(of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    expect(await ids('&state=investigation')).toEqual(of(1, 4));
    expect(await ids('&state=proposed')).toEqual(of(2, 3, 6, 7, 8));
    expect(await ids('&state=execution')).toEqual(of(5));
    expect(await ids('&state=execution.appeal')).toEqual(of(5));
    expect(await ids('&state=execution.appeal.open')).toEqual(of(5));
    expect(await ids('&state=exec')).toEqual([]);
    expect(await ids('&status=closed')).toEqual(of(0));
    expect(await ids('&status=active')).toEqual(of(1, 2, 3, 4, 5, 6, 7, 8));
    expect(await ids('&status=active&state=investigation')).toEqual(of(1, 4));
    expect(await ids('&workflow=accountability')).toEqual(of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    expect(await ids('&workflow=somethingElse')).toEqual([]);
    expect(await ids(`&subjectId=${batch[0].subject.id}`)).toEqual(of(0, 1, 2));
    // Wildcards in q are taken literally.
    expect(await ids('%25')).toEqual([]);
    expect(await ids(' %230')).toEqual(of(0));
    const bySubject = await walkPages<CaseView>(u.officer, `/cases?subjectId=${batch[0].subject.id}`, 100);
    expect(bySubject.items.map((c) => c.id).sort()).toEqual(of(0, 1, 2));
  });

  it('pages with a cursor, newest first, with no duplicates and none missing', async () => {
    const paged = await walkPages<CaseView>(u.officer, `/cases?q=${tag}`, 2);
    expect(paged.pages).toBe(5);
    expect(paged.items.map((c) => c.id).sort()).toEqual(of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    expect(new Set(paged.items.map((c) => c.id)).size).toBe(9);
    const created = paged.items.map((c) => c.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    // Every case in the database, walked in pages of 3, against one page of 100.
    const all = await walkPages<CaseView>(u.officer, '/cases', 3);
    const once = await walkPages<CaseView>(u.officer, '/cases', 100);
    expect(all.items.map((c) => c.id)).toEqual(once.items.map((c) => c.id));
    expect(new Set(all.items.map((c) => c.id)).size).toBe(all.items.length);
  });
});

describe('the catalogue', () => {
  it('lists the workflows', async () => {
    const list = await u.officer.get<{ name: string; version: number; title: string }[]>('/workflows');
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'accountability', version: 2 })]),
    );
  });

  it('describes the accountability workflow: events with roles and JSON schema, and the machine graph', async () => {
    interface Described {
      name: string;
      version: number;
      openRoles: string[];
      events: {
        type: string;
        roles: string[];
        schema: { properties?: Record<string, unknown>; required?: string[] };
      }[];
      machine: {
        initial: string;
        states: { path: string; type: string }[];
        transitions: { source: string; event: string; targets: string[] }[];
      };
      deadlines: { delay: string; kind: string; duration: string }[];
      linkedEvents: { type: string; description: string }[];
    }
    const reply = await u.officer.get<Described>('/workflows/accountability');
    expect(reply.status).toBe(200);
    const wf = reply.body;
    expect(wf).toMatchObject({ name: 'accountability', version: 2, openRoles: ['integration', 'officer'] });
    const events = Object.fromEntries(wf.events.map((e) => [e.type, e]));
    expect(Object.keys(events).sort()).toEqual([...EVENT_TYPES].sort());
    // What only a linked case sends is published apart, so that no client offers it to a user.
    expect(wf.linkedEvents.map((e) => e.type)).toEqual(['LINKED_CASE_CLOSED']);
    expect(events.DECIDE.roles).toEqual(['committee']);
    expect(events.CORRECT_DECISION.roles).toEqual(['committee']);
    expect(events.APPROVE_INVESTIGATION.roles).toEqual(['leader']);
    expect(events.ACCEPT.roles).toEqual(['officer']);
    expect(Object.keys(events.DECIDE.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['decisionNo', 'measures', 'rectification', 'alsoInvestigate']),
    );
    expect(events.DECIDE.schema.required).toEqual(expect.arrayContaining(['decisionNo', 'measures']));
    expect(events.EXTEND_INVESTIGATION.schema.properties).toMatchObject({
      days: expect.objectContaining({ type: 'integer' }),
    });

    expect(wf.machine.initial).toBe('proposed');
    const paths = wf.machine.states.map((s) => s.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'proposed',
        'investigation',
        'execution',
        'execution.appeal.underReview',
        'closed',
      ]),
    );
    expect(wf.machine.states.find((s) => s.path === 'execution')?.type).toBe('parallel');
    expect(wf.machine.transitions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'proposed', event: 'ACCEPT', targets: ['pendingApproval'] }),
        expect.objectContaining({ source: 'decision', event: 'DECIDE', targets: ['notification'] }),
      ]),
    );
    expect(wf.deadlines).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'investigation', duration: 'P3M' })]),
    );
  });
});

describe('the cross-case audit', () => {
  let caseId: string;
  let entries: HistoryEntry[];

  beforeAll(async () => {
    const opened = await openCase(u);
    caseId = opened.id;
    await walkToDecision(u, caseId);
    await step(u, caseId, 'DECIDE_NO_ACCOUNTABILITY');
    entries = await history(u.supervisor, caseId);
  });

  type AuditPage = { items: HistoryEntry[]; nextCursor: string | null };

  it('is for supervisors (and admins): an officer gets 403', async () => {
    const refused = await u.officer.get<ErrorBody>('/audit');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/supervisor/);
    expect((await u.leader.get('/audit')).status).toBe(403);
    expect((await u.supervisor.get('/audit')).status).toBe(200);
    expect((await u.admin.get('/audit')).status).toBe(200);
  });

  it('filters by case, actor and type', async () => {
    const byCase = await walkPages<HistoryEntry>(u.supervisor, `/audit?caseId=${caseId}`, 100);
    expect(byCase.items.map((e) => e.seq).sort((a, b) => a - b)).toEqual(entries.map((e) => e.seq));
    expect(byCase.items.every((e) => e.caseId === caseId)).toBe(true);

    const byLeader = await walkPages<HistoryEntry>(u.supervisor, `/audit?actor=${SUBS.leader}`, 100);
    expect(byLeader.items.length).toBeGreaterThan(0);
    expect(byLeader.items.every((e) => e.actor.sub === SUBS.leader)).toBe(true);
    expect(byLeader.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId, type: 'APPROVE_INVESTIGATION' })]),
    );

    const byType = await walkPages<HistoryEntry>(u.supervisor, '/audit?type=DECIDE_NO_ACCOUNTABILITY', 100);
    expect(byType.items.every((e) => e.type === 'DECIDE_NO_ACCOUNTABILITY')).toBe(true);
    expect(byType.items.map((e) => e.caseId)).toContain(caseId);

    const combined = await u.supervisor.get<AuditPage>(
      `/audit?caseId=${caseId}&actor=${SUBS.officer}&type=RECORD_STATEMENT`,
    );
    expect(combined.body.items).toEqual([
      expect.objectContaining({ caseId, type: 'RECORD_STATEMENT', seq: 4 }),
    ]);

    const nobody = await u.supervisor.get<AuditPage>('/audit?actor=nobody-at-all');
    expect(nobody.body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    const from = entries[2].at;
    const to = entries[5].at;
    const expected = entries.filter((e) => e.at >= from && e.at < to).map((e) => e.seq);
    const ranged = await walkPages<HistoryEntry>(
      u.supervisor,
      `/audit?caseId=${caseId}&from=${from}&to=${to}`,
      100,
    );
    expect(ranged.items.map((e) => e.seq).sort((a, b) => a - b)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    const future = await u.supervisor.get<AuditPage>(`/audit?from=${inDays(1)}`);
    expect(future.body.items).toEqual([]);
  });

  it('pages newest first with no duplicates and none missing', async () => {
    const paged = await walkPages<HistoryEntry>(u.supervisor, `/audit?caseId=${caseId}`, 2);
    expect(paged.pages).toBe(Math.ceil(entries.length / 2));
    expect(paged.items.map((e) => e.seq)).toEqual(entries.map((e) => e.seq).reverse());

    const all = await walkPages<HistoryEntry>(u.supervisor, '/audit', 7);
    const keys = all.items.map((e) => `${e.caseId}#${e.seq}`);
    expect(new Set(keys).size).toBe(keys.length);
    const times = all.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const everything = await walkPages<HistoryEntry>(u.supervisor, '/audit', 100);
    expect(keys.sort()).toEqual(everything.items.map((e) => `${e.caseId}#${e.seq}`).sort());
  });
});

describe('opening', () => {
  it('an officer may open a case too, and the case starts at revision 1 with an OPEN history row', async () => {
    const opened = await openCase(u, {}, u.officer);
    expect(opened).toMatchObject({
      workflow: 'accountability',
      workflowVersion: 2,
      revision: 1,
      state: 'proposed',
    });
    expect(opened.businessKey).toBe(opened.id);
    const entries = await history(u.officer, opened.id);
    expect(entries).toEqual([
      expect.objectContaining({ seq: 1, type: 'OPEN', actor: { sub: SUBS.officer, roles: ['officer'] } }),
    ]);
    const leaderOpen = await u.leader.post<ErrorBody>('/cases', openBody());
    expect(leaderOpen.status).toBe(403);
    // steps() with no events just reads the case.
    expect((await steps(u, opened.id)).id).toBe(opened.id);
  });
});
