/*
 * The inquiry procedure (谈话函询, version 2, 2019 Rules on supervision and discipline enforcement Art
 * 28–30) over HTTP on the real service: what GET /workflows/inquiry publishes, opening, the leader's
 * approval, the talk's report limit, the letter's 15-working-day reply limit running from the
 * subject's receipt, the reply endorsed by the Party committee's principal leader, a second letter
 * after a denial, the limits firing through the real BullMQ worker (shortened with DEADLINE_OVERRIDES)
 * with lateness judged by the reply's received date, a formal warning in the subject's lifelong record,
 * a problem found opening a preliminary verification case (初步核实) that refers to accountability —
 * each linked both ways — and a stored version-1 case migrated to version 2 and carried on.
 */
import { resolve } from 'node:path';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
import { canonicalJson } from '../src/engine/history/canonical-json';
import {
  dropQueueKeys,
  queuePrefix,
  redisClient,
  timeoutsOf,
  waitFor,
  DEADLINE_SUB,
} from './support/deadline-helpers';
import {
  expectStatus,
  getCase,
  history,
  unique,
  users,
  type CaseView,
  type ErrorBody,
  type Page,
  type Users,
} from './support/procedure';
import type { components } from '../web/src/api/schema';
import { startTestApp, type Client, type TestApp } from './support/test-app';

type SubjectRecord = components['schemas']['SubjectRecord'];
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };
interface WorkflowDescription {
  name: string;
  version: number;
  roles: { id: string; label: { zh: string; en: string } }[];
  open: { roles: string[]; schema: Schema };
  events: { type: string; roles: string[]; schema: Schema }[];
  deadlines: {
    delay: string;
    kind: string;
    duration: string;
    defaultDuration: string;
    flagsOverdue: boolean;
  }[];
}

/** The calendar the service counts working days with (CALENDAR_FILE defaults to this file). */
const calendar = new ChinaBusinessCalendar(
  workingDaysFrom(resolve(__dirname, '..', 'config', 'calendar.json')),
);

const now = () => new Date().toISOString();

const ENDORSEMENT = {
  name: 'Zhang San 张三',
  post: 'Secretary of the bureau’s Party group',
  opinion: 'The explanation is his own; the group knows of nothing to add',
};

/** A written reply with its endorsement; `deniesAllegation` false unless said. */
function reply(overrides: Record<string, unknown> = {}) {
  return {
    receivedAt: now(),
    summary: 'He admits the brother-in-law bid, denies steering it',
    deniesAllegation: false,
    endorsement: ENDORSEMENT,
    ...overrides,
  };
}

function inquiryBody(overrides: Record<string, unknown> = {}, subject: Record<string, unknown> = {}) {
  const ref = unique('cadre-');
  return {
    workflow: 'inquiry',
    title: `Report on tenders steered to a relative ${ref}`,
    subject: {
      ref,
      kind: 'individual',
      name: 'Li Si',
      organisation: 'County Transport Bureau',
      post: 'Bureau chief',
      ...subject,
    },
    clue: 'A contractor writes that the chief steered two tenders to his brother-in-law',
    source: 'report',
    ...overrides,
  };
}

async function open(as: Client, overrides: Record<string, unknown> = {}, subject = {}): Promise<CaseView> {
  return expectStatus(await as.post<CaseView>('/cases', inquiryBody(overrides, subject)), 201).body;
}

async function send(as: Client, id: string, type: string, payload?: unknown): Promise<CaseView> {
  return expectStatus(await as.send<CaseView>(id, type, payload), 200).body;
}

async function refused(as: Client, id: string, type: string, payload: unknown, message: RegExp) {
  const reply = await as.send<ErrorBody>(id, type, payload);
  expect({ status: reply.status, message: reply.body.message }).toEqual({
    status: 422,
    message: expect.stringMatching(message),
  });
}

/**
 * The id of the rule a refusal names: `details.rule` is the id, or (once the engine quotes the rule)
 * `{ id, source, text }`.
 */
function ruleOf(body: ErrorBody): string | undefined {
  const rule = (body.details as { rule?: string | { id: string } } | undefined)?.rule;
  return typeof rule === 'string' ? rule : rule?.id;
}

async function verify(as: Client, id: string) {
  return expectStatus(await as.get<{ ok: boolean; replayMatches: boolean }>(`/cases/${id}/verify`), 200).body;
}

describe('inquiry (谈话函询) over HTTP', () => {
  let app: TestApp;
  /** The same service with the reply and report limits shortened to 2 seconds. */
  let fast: TestApp;
  let u: Users;
  let f: Users;
  const prefix = queuePrefix('inquiry');

  beforeAll(async () => {
    // One after the other: two services compiling at once on a busy machine may miss the start limit.
    app = await startTestApp();
    fast = await startTestApp({
      QUEUE_PREFIX: prefix,
      DEADLINE_OVERRIDES: JSON.stringify({ reply: 'PT2S', report: 'PT2S' }),
    });
    [u, f] = await Promise.all([users(app.baseUrl), users(fast.baseUrl)]);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([app?.close(), fast?.close()]);
    const redis = redisClient();
    await dropQueueKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });

  it('GET /workflows/inquiry publishes version 2: its roles, open payload, events, conclusions and the two limits', async () => {
    const wf = expectStatus(await u.officer.get<WorkflowDescription>('/workflows/inquiry'), 200).body;
    expect(wf.version).toBe(2);
    expect(wf.roles.map((r) => r.id).sort()).toEqual(['integration', 'leader', 'officer']);
    expect(wf.open.roles).toEqual(['integration', 'officer']);
    const props = wf.open.schema.properties!;
    expect(wf.open.schema.required).toEqual(expect.arrayContaining(['title', 'subject', 'clue', 'source']));
    expect(props.source).toMatchObject({
      enum: ['report', 'inspectionTour', 'audit', 'superiorInstruction', 'other'],
    });
    const byType = Object.fromEntries(wf.events.map((e) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(
      [
        'APPROVE',
        'ASK_AGAIN',
        'CONCLUDE',
        'DECLINE',
        'RECORD_LETTER_RECEIVED',
        'RECORD_REPLY',
        'RECORD_TALK',
        'SEND_LETTER',
      ].sort(),
    );
    expect(byType.APPROVE.roles).toEqual(['leader']);
    expect(byType.ASK_AGAIN.roles).toEqual(['leader']);
    expect(byType.CONCLUDE.roles).toEqual(['leader']);
    expect(byType.RECORD_LETTER_RECEIVED.roles).toEqual(['officer']);
    // the reply carries whether it denies an allegation and the endorsement, both required
    const replySchema = byType.RECORD_REPLY.schema;
    expect(replySchema.required).toEqual(
      expect.arrayContaining(['receivedAt', 'summary', 'deniesAllegation', 'endorsement']),
    );
    // the conclusions offered depend on the subject's kind; no direct escalation to accountability
    const branches = byType.CONCLUDE.schema.anyOf as Schema[];
    expect(Object.fromEntries(branches.map((b) => [b.title, b.properties!.conclusion.enum]))).toEqual({
      individual: ['cleared', 'reminder', 'criticism', 'selfExamination', 'formalWarning', 'toVerification'],
      organisation: ['cleared', 'reminder', 'criticism', 'selfExamination', 'toVerification'],
    });
    expect(wf.deadlines).toEqual([
      { delay: 'reply', kind: 'reply', duration: 'P15WD', defaultDuration: 'P15WD', flagsOverdue: true },
      { delay: 'report', kind: 'report', duration: 'P1M', defaultDuration: 'P1M', flagsOverdue: true },
    ]);
    const shortened = expectStatus(await f.officer.get<WorkflowDescription>('/workflows/inquiry'), 200).body;
    expect(shortened.deadlines[0]).toMatchObject({ duration: 'PT2S', defaultDuration: 'P15WD' });
  });

  it('opening: by the officer or the integration, with a clue and a source; the leader may not', async () => {
    const opened = await open(u.officer);
    expect(opened).toMatchObject({ workflow: 'inquiry', state: 'proposed', status: 'active', deadlines: [] });
    expect(opened.allowedEvents.sort()).toEqual(['APPROVE', 'DECLINE']);
    expect(opened.context).toMatchObject({ source: 'report', openedBy: 'olivia-officer', outcome: null });
    await open(u.integration, { source: 'superiorInstruction' });

    const bad = async (as: Client, body: unknown, status: number, message: RegExp) => {
      const reply = await as.post<ErrorBody>('/cases', body);
      expect({ status: reply.status, message: reply.body.message }).toMatchObject({
        status,
        message: expect.stringMatching(message),
      });
    };
    const { clue: _clue, ...noClue } = inquiryBody();
    await bad(u.officer, noClue, 400, /clue/);
    await bad(u.officer, inquiryBody({ source: 'gossip' }), 400, /source/);
    await bad(u.officer, inquiryBody({ clue: '' }), 400, /clue/);
    await bad(u.leader, inquiryBody(), 403, /officer/);
  });

  it('declined by the leader: closed, outcome declined', async () => {
    const c = await open(u.officer);
    expect((await u.officer.send<ErrorBody>(c.id, 'DECLINE', { reason: 'x' })).status).toBe(403);
    const closed = await send(u.leader, c.id, 'DECLINE', { reason: 'No facts that can be checked' });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'declined' });
  });

  it('a talk: recorded with a checked date, its report due a month later, then concluded cleared (no measure, no link)', async () => {
    const c = await open(u.officer);
    const approved = await send(u.leader, c.id, 'APPROVE', { method: 'talk' });
    expect(approved).toMatchObject({ state: 'approved.talk', allowedEvents: ['RECORD_TALK'] });
    const wrong = await u.officer.send<ErrorBody>(c.id, 'SEND_LETTER', { sentAt: now(), letterRef: 'HX-1' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details?.allowedEvents).toEqual(['RECORD_TALK']);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    await refused(
      u.officer,
      c.id,
      'RECORD_TALK',
      { heldAt: future, record: 'r' },
      /heldAt .* is in the future/,
    );
    const before = new Date(Date.parse(c.createdAt) - 60_000).toISOString();
    await refused(
      u.officer,
      c.id,
      'RECORD_TALK',
      { heldAt: before, record: 'r' },
      /before the case was opened/,
    );
    // not a date-time at all: the published schema refuses it, and so does validation
    const notDate = await u.officer.send<ErrorBody>(c.id, 'RECORD_TALK', {
      heldAt: '2026-09-24',
      record: 'r',
    });
    expect(notDate.status).toBe(400);

    const heldAt = now();
    const talked = await send(u.officer, c.id, 'RECORD_TALK', {
      heldAt,
      record: 'He explained the tender rules',
    });
    expect(talked.state).toBe('awaitingConclusion');
    expect(talked.context.talk).toMatchObject({ heldAt, actor: 'olivia-officer' });
    // the report on the talk is due a month after it (2019 Rules Art 30)
    expect(talked.deadlines).toMatchObject([
      { kind: 'report', status: 'pending', dueAt: calendar.add(new Date(heldAt), 'P1M').toISOString() },
    ]);
    const done = await send(u.leader, c.id, 'CONCLUDE', {
      conclusion: 'cleared',
      reason: 'Tender records confirm it',
    });
    expect(done).toMatchObject({ state: 'closed', status: 'closed', outcome: 'cleared', links: [] });
    const record = expectStatus(await u.officer.get<SubjectRecord>(`/subjects/${c.subject.ref}`), 200).body;
    expect(record.measures).toEqual([]);
    expect(await verify(u.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  });

  it('a formal warning is not offered for an organisation (400), the other conclusions are', async () => {
    const c = await open(u.officer, {}, { kind: 'organisation', name: 'County Transport Bureau' });
    await send(u.leader, c.id, 'APPROVE', { method: 'talk' });
    const talked = await send(u.officer, c.id, 'RECORD_TALK', { heldAt: now(), record: 'r' });
    expect(talked.eventVariants).toMatchObject({ CONCLUDE: 'organisation' });
    const warning = await u.leader.send<ErrorBody>(c.id, 'CONCLUDE', {
      conclusion: 'formalWarning',
      reason: 'r',
    });
    expect(warning.status).toBe(400);
    expect(warning.body.message).toMatch(/conclusion/);
    const done = await send(u.leader, c.id, 'CONCLUDE', { conclusion: 'criticism', reason: 'r' });
    expect(done.outcome).toBe('criticism');
  });

  it('a letter: the reply limit runs 15 working days from the receipt; the reply is endorsed; a denial brings a second letter; a problem found opens a preliminary verification, which refers to accountability — linked both ways', async () => {
    const c = await open(u.officer, { source: 'inspectionTour' });
    await send(u.leader, c.id, 'APPROVE', { method: 'letter' });
    const sentAt = now();
    const sent = await send(u.officer, c.id, 'SEND_LETTER', { sentAt, letterRef: 'HX-2026-17' });
    // sending arms nothing: the limit waits for the subject's receipt
    expect(sent).toMatchObject({ state: 'awaitingReceipt', deadlines: [] });
    expect(sent.allowedEvents).toEqual(['RECORD_LETTER_RECEIVED']);
    const early = new Date(Date.parse(sentAt) - 1000).toISOString();
    await refused(
      u.officer,
      c.id,
      'RECORD_LETTER_RECEIVED',
      { receivedAt: early },
      /before the letter was sent/,
    );

    const receivedAt = now();
    const received = await send(u.officer, c.id, 'RECORD_LETTER_RECEIVED', { receivedAt });
    expect(received.state).toBe('awaitingReply');
    const limit = received.deadlines.find((d) => d.kind === 'reply')!;
    // from the receipt, not from the letter nor the moment it was recorded
    expect(limit).toMatchObject({
      status: 'pending',
      overdue: false,
      dueAt: calendar.add(new Date(receivedAt), 'P15WD').toISOString(),
    });

    // no endorsement: the published schema requires it (400); a blank one is refused naming the rule (422)
    const { endorsement: _none, ...bare } = reply();
    expect((await u.officer.send<ErrorBody>(c.id, 'RECORD_REPLY', bare)).status).toBe(400);
    const blank = await u.officer.send<ErrorBody>(
      c.id,
      'RECORD_REPLY',
      reply({ endorsement: { ...ENDORSEMENT, opinion: '   ' } }),
    );
    expect(blank.status).toBe(422);
    expect(blank.body.message).toMatch(/signed opinion of the principal leader.*missing: opinion/);
    expect(ruleOf(blank.body)).toBe('replyEndorsedByPartyLeader');
    const beforeReceipt = await u.officer.send<ErrorBody>(
      c.id,
      'RECORD_REPLY',
      reply({ receivedAt: new Date(Date.parse(receivedAt) - 1000).toISOString() }),
    );
    expect(beforeReceipt.status).toBe(422);
    expect(ruleOf(beforeReceipt.body)).toBe('replyLimitFromReceipt');

    const denied = await send(u.officer, c.id, 'RECORD_REPLY', reply({ deniesAllegation: true }));
    expect(denied).toMatchObject({ state: 'awaitingConclusion', overdue: [] });
    expect(denied.context.reply).toMatchObject({
      late: false,
      deniesAllegation: true,
      endorsement: ENDORSEMENT,
    });
    expect(denied.deadlines.find((d) => d.id === limit.id)).toMatchObject({ status: 'cancelled' });
    expect(denied.deadlines.find((d) => d.kind === 'report')).toMatchObject({ status: 'pending' });
    expect(denied.allowedEvents.sort()).toEqual(['ASK_AGAIN', 'CONCLUDE']);

    // 再次函询: a new letter with its own receipt and limit
    const again = await send(u.leader, c.id, 'ASK_AGAIN', { reason: 'He denies what the tender file shows' });
    expect(again).toMatchObject({ state: 'approved.letter' });
    expect(again.context.rounds).toHaveLength(1);
    await send(u.officer, c.id, 'SEND_LETTER', { sentAt: now(), letterRef: 'HX-2026-17-2' });
    const second = await send(u.officer, c.id, 'RECORD_LETTER_RECEIVED', { receivedAt: now() });
    const secondLimit = second.deadlines.find((d) => d.kind === 'reply' && d.status === 'pending')!;
    expect(secondLimit.id).not.toBe(limit.id);
    const admitted = await send(u.officer, c.id, 'RECORD_REPLY', reply());
    // a reply that denies nothing: no further letter, and the refusal names its rule
    const noThird = await u.leader.send<ErrorBody>(c.id, 'ASK_AGAIN', { reason: 'again' });
    expect(noThird.status).toBe(422);
    expect(ruleOf(noThird.body)).toBe('secondLetterOnDenial');
    expect(admitted.state).toBe('awaitingConclusion');

    // version 2 knows no direct escalation to accountability
    const escalate = await u.leader.send<ErrorBody>(c.id, 'CONCLUDE', {
      conclusion: 'escalated',
      reason: 'r',
    });
    expect(escalate.status).toBe(400);
    const reason = 'The reply contradicts the tender file: to be verified';
    const closed = await send(u.leader, c.id, 'CONCLUDE', { conclusion: 'toVerification', reason });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'toVerification' });
    expect(closed.links).toMatchObject([
      { direction: 'opened', relation: 'inquiryToVerification', state: 'proposed', status: 'active' },
    ]);
    const verificationId = closed.links[0].caseId;
    const v = await getCase(u.officer, verificationId);
    expect(v).toMatchObject({
      workflow: 'preliminaryVerification',
      workflowVersion: 1,
      state: 'proposed',
      title: `谈话函询后初步核实：${c.title}`,
      subject: { ref: c.subject.ref, kind: 'individual' },
      links: [{ caseId: c.id, direction: 'openedBy', relation: 'inquiryToVerification', state: 'closed' }],
    });
    expect(v.context).toMatchObject({ source: 'inquiry', linkedFrom: { caseId: c.id } });
    expect(v.context.clue).toContain(String(c.context.clue));
    expect(v.context.clue).toContain('再次函询：He denies what the tender file shows');
    expect(v.context.clue).toContain(reason);

    await verification(verificationId, c);
    expect(await verify(u.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  });

  /** The preliminary verification the inquiry opened, carried through to a referral to accountability. */
  async function verification(id: string, inquiry: CaseView) {
    const onePerson = await u.leader.send<ErrorBody>(id, 'APPROVE_START', {
      plan: 'Check the tender file',
      team: [{ name: 'Wang Fang' }],
    });
    expect(onePerson.status).toBe(400);
    const started = await send(u.leader, id, 'APPROVE_START', {
      plan: 'Check the tender file and interview the bidders',
      team: [{ name: 'Wang Fang' }, { name: 'Zhao Min' }],
    });
    expect(started.state).toBe('verifying');
    expect(started.deadlines).toMatchObject([{ kind: 'verification', status: 'pending' }]);
    // no report before evidence: not offered, and refused
    expect(started.allowedEvents).toEqual(['RECORD_EVIDENCE']);
    expect(
      (
        await u.officer.send<ErrorBody>(id, 'SUBMIT_REPORT', {
          findings: 'f',
          problemFound: true,
          proposal: 'toAccountability',
        })
      ).status,
    ).toBe(422);
    await send(u.officer, id, 'RECORD_EVIDENCE', {
      description: 'The tender file: both bids from one address',
      obtainedAt: now(),
    });
    const reported = await send(u.officer, id, 'SUBMIT_REPORT', {
      findings: 'The chief approved both tenders to his brother-in-law’s firm',
      problemFound: true,
      proposal: 'toAccountability',
    });
    expect(reported).toMatchObject({ state: 'pendingDecision', overdue: [] });
    expect(reported.allowedEvents.sort()).toEqual(
      ['ORDER_REMINDER_TALK', 'REFER_FOR_CASE_REVIEW', 'REFER_TO_ACCOUNTABILITY'].sort(),
    );
    expect(
      (
        await u.officer.send<ErrorBody>(id, 'REFER_TO_ACCOUNTABILITY', {
          responsibility: 'direct',
          reason: 'r',
        })
      ).status,
    ).toBe(403);
    const referred = await send(u.leader, id, 'REFER_TO_ACCOUNTABILITY', {
      responsibility: 'direct',
      reason: 'He did not carry out the duties of his post',
    });
    expect(referred).toMatchObject({ state: 'closed', status: 'closed', outcome: 'toAccountability' });
    expect(referred.links).toHaveLength(2);
    expect(referred.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId: inquiry.id, direction: 'openedBy' }),
        expect.objectContaining({
          direction: 'opened',
          relation: 'verificationToAccountability',
          state: 'proposed',
        }),
      ]),
    );
    const accountabilityId = referred.links.find((l) => l.direction === 'opened')!.caseId;
    const acc = await getCase(u.officer, accountabilityId);
    expect(acc).toMatchObject({
      workflow: 'accountability',
      state: 'proposed',
      subject: { ref: inquiry.subject.ref },
    });
    expect(acc.context).toMatchObject({
      source: 'caseInvestigation',
      situation: 'dutiesNotCarriedOut',
      linkedFrom: { caseId: id, relation: 'verificationToAccountability' },
    });
    expect(JSON.stringify(acc.context)).toContain('direct');
    expect(acc.context.facts).toContain('both bids from one address');
    expect(acc.links).toMatchObject([{ caseId: id, direction: 'openedBy', state: 'closed' }]);
    // a real accountability case: its own procedure takes it on
    expect((await send(u.officer, accountabilityId, 'ACCEPT')).state).toBe('pendingApproval');
    for (const caseId of [id, accountabilityId]) {
      expect(await verify(u.supervisor, caseId)).toMatchObject({ ok: true, replayMatches: true });
    }
  }

  it('past the reply limit (fired by the worker) the case is overdue; a reply received before the limit but recorded after it is on time; the report limit lapses too; a formal warning goes on the record', async () => {
    const c = await open(f.officer);
    await send(f.leader, c.id, 'APPROVE', { method: 'letter' });
    await send(f.officer, c.id, 'SEND_LETTER', { sentAt: now(), letterRef: 'HX-2026-18' });
    const receivedAt = now();
    const received = await send(f.officer, c.id, 'RECORD_LETTER_RECEIVED', { receivedAt });
    const limit = received.deadlines.find((d) => d.kind === 'reply')!;
    expect(Date.parse(limit.dueAt) - Date.parse(receivedAt)).toBe(2000);

    const fired = await waitFor(
      'the reply limit to fire',
      async () => {
        const view = await getCase(f.officer, c.id);
        return view.deadlines.some((d) => d.id === limit.id && d.status === 'fired') && view;
      },
      30_000,
      200,
    );
    expect(fired.state).toBe('awaitingReply');
    expect(fired.overdue).toMatchObject([{ id: limit.id, kind: 'reply', overdue: true }]);
    expect(fired.context.replyOverdueSince).toBe(limit.dueAt);
    const timeouts = await timeoutsOf(f.supervisor, c.id, 'reply');
    expect(timeouts).toMatchObject([
      { actor: { sub: DEADLINE_SUB }, at: limit.dueAt, from: 'awaitingReply' },
    ]);
    const overdueList = expectStatus(
      await f.supervisor.get<Page<{ id: string }>>('/cases?overdue=true&workflow=inquiry&limit=100'),
      200,
    ).body;
    expect(overdueList.items.map((x) => x.id)).toContain(c.id);

    // received a second after the receipt of the letter, recorded after the limit fired: on time
    const onTimeAt = new Date(Date.parse(receivedAt) + 1000).toISOString();
    const replied = await send(f.officer, c.id, 'RECORD_REPLY', reply({ receivedAt: onTimeAt }));
    expect(replied.state).toBe('awaitingConclusion');
    expect(replied.context.reply).toMatchObject({ receivedAt: onTimeAt, late: false });
    // the lapse stays on the record
    expect(replied.context.replyOverdueSince).toBe(limit.dueAt);
    expect(replied.deadlines.find((d) => d.id === limit.id)).toMatchObject({ status: 'fired' });

    // the report limit runs from the reply's receipt: shortened to 2 s, it lapses
    const report = replied.deadlines.find((d) => d.kind === 'report')!;
    expect(report.dueAt).toBe(new Date(Date.parse(onTimeAt) + 2000).toISOString());
    const lapsed = await waitFor(
      'the report limit to fire',
      async () => {
        const view = await getCase(f.officer, c.id);
        return view.deadlines.some((d) => d.id === report.id && d.status === 'fired') && view;
      },
      30_000,
      200,
    );
    expect(lapsed.context.reportOverdueSince).toBe(report.dueAt);
    expect(lapsed.overdue).toMatchObject([{ id: report.id, kind: 'report' }]);

    const warned = await send(f.leader, c.id, 'CONCLUDE', {
      conclusion: 'formalWarning',
      reason: 'The reply admits the relation he had not declared',
    });
    expect(warned).toMatchObject({ state: 'closed', status: 'closed', outcome: 'formalWarning', links: [] });
    expect(warned.context.conclusion).toMatchObject({ late: true });
    const concluded = (await history(f.supervisor, c.id)).at(-1)!;
    const until = calendar.add(new Date(concluded.at), 'P6M').toISOString();
    const record = expectStatus(await f.officer.get<SubjectRecord>(`/subjects/${c.subject.ref}`), 200).body;
    expect(record.measures).toMatchObject([
      { caseId: c.id, type: 'formalWarning', decidedAt: concluded.at, impactUntil: until, lifted: false },
    ]);
    expect(record).toMatchObject({ restricted: true, restrictedUntil: until });
    expect(await verify(f.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  });

  it('a stored version-1 case (waiting for a reply) is migrated by the admin to version 2 and carried on: the reply limit now waits for the receipt', async () => {
    // A case as version 1 stored it: opened, then written back as the version-1 service had it.
    const c = await open(u.officer);
    const [row] = await app.store.query<{ snapshot: string }>('SELECT snapshot FROM "case" WHERE id = ?', [
      c.id,
    ]);
    const stored = JSON.parse(row.snapshot) as { context: Record<string, unknown> };
    delete stored.context.rounds;
    delete stored.context.reportOverdueSince;
    await app.store.exec('UPDATE "case" SET workflow_version = 1, snapshot = ? WHERE id = ?', [
      canonicalJson(stored),
      c.id,
    ]);
    await send(u.leader, c.id, 'APPROVE', { method: 'letter' });
    const v1 = await send(u.officer, c.id, 'SEND_LETTER', { sentAt: now(), letterRef: 'HX-2025-90' });
    expect(v1).toMatchObject({ workflowVersion: 1, state: 'awaitingReply', allowedEvents: ['RECORD_REPLY'] });
    const oldLimit = v1.deadlines.find((d) => d.kind === 'reply')!;
    expect(oldLimit.status).toBe('pending');
    expect(await verify(u.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });

    const path = `/cases/${c.id}/migrate`;
    expect(
      (await u.officer.post(path, { toVersion: 2, stateMapping: { awaitingReply: 'awaitingReceipt' } }))
        .status,
    ).toBe(403);
    const migrated = expectStatus(
      await u.admin.post<CaseView>(path, {
        toVersion: 2,
        stateMapping: { awaitingReply: 'awaitingReceipt' },
      }),
      200,
    ).body;
    expect(migrated).toMatchObject({
      workflowVersion: 2,
      state: 'awaitingReceipt',
      allowedEvents: ['RECORD_LETTER_RECEIVED'],
    });
    // version 1's limit ran from sending: version 2 has none before the receipt, so it is cancelled
    expect(migrated.deadlines.find((d) => d.id === oldLimit.id)).toMatchObject({ status: 'cancelled' });
    const receivedAt = now();
    const received = await send(u.officer, c.id, 'RECORD_LETTER_RECEIVED', { receivedAt });
    expect(received.deadlines.find((d) => d.status === 'pending')).toMatchObject({
      kind: 'reply',
      dueAt: calendar.add(new Date(receivedAt), 'P15WD').toISOString(),
    });
    await send(u.officer, c.id, 'RECORD_REPLY', reply());
    const done = await send(u.leader, c.id, 'CONCLUDE', {
      conclusion: 'selfExamination',
      reason: 'Ordered to examine himself in writing',
    });
    expect(done).toMatchObject({ workflowVersion: 2, state: 'closed', outcome: 'selfExamination' });
    const rows = await history(u.supervisor, c.id);
    expect(rows.map((r) => r.type)).toEqual([
      'OPEN',
      'APPROVE',
      'SEND_LETTER',
      'MIGRATE',
      'RECORD_LETTER_RECEIVED',
      'RECORD_REPLY',
      'CONCLUDE',
    ]);
    expect(await verify(u.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  });
});
