/*
 * The inquiry procedure (谈话函询) over HTTP on the real service: what GET /workflows/inquiry
 * publishes, opening, the leader's approval, the letter's 15-working-day reply limit as the case view
 * shows it, the limit firing through the real BullMQ worker (shortened with DEADLINE_OVERRIDES) and
 * a late reply still accepted, a formal warning in the subject's lifelong record, an escalation that
 * opens an accountability case linked both ways, and the dates the officer records checked.
 */
import { resolve } from 'node:path';
import { ChinaBusinessCalendar, workingDaysFrom } from '../src/engine/deadlines/business-calendar';
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

async function verify(as: Client, id: string) {
  return expectStatus(await as.get<{ ok: boolean; replayMatches: boolean }>(`/cases/${id}/verify`), 200).body;
}

async function rowOf(as: Client, id: string, type: string) {
  const row = (await history(as, id)).find((r) => r.type === type);
  if (!row) throw new Error(`no ${type} in the history of ${id}`);
  return row;
}

describe('inquiry (谈话函询) over HTTP', () => {
  let app: TestApp;
  /** The same service with the reply limit shortened to 2 seconds. */
  let fast: TestApp;
  let u: Users;
  let f: Users;
  const prefix = queuePrefix('inquiry');

  beforeAll(async () => {
    [app, fast] = await Promise.all([
      startTestApp(),
      startTestApp({ QUEUE_PREFIX: prefix, DEADLINE_OVERRIDES: JSON.stringify({ reply: 'PT2S' }) }),
    ]);
    [u, f] = await Promise.all([users(app.baseUrl), users(fast.baseUrl)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([app?.close(), fast?.close()]);
    const redis = redisClient();
    await dropQueueKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });

  it('GET /workflows/inquiry publishes its roles, open payload, events and the reply limit', async () => {
    const wf = expectStatus(await u.officer.get<WorkflowDescription>('/workflows/inquiry'), 200).body;
    expect(wf.roles.map((r) => r.id).sort()).toEqual(['integration', 'leader', 'officer']);
    expect(wf.open.roles).toEqual(['integration', 'officer']);
    const props = wf.open.schema.properties!;
    expect(wf.open.schema.required).toEqual(expect.arrayContaining(['title', 'subject', 'clue', 'source']));
    expect(props.source).toMatchObject({
      enum: ['report', 'inspectionTour', 'audit', 'superiorInstruction', 'other'],
    });
    expect(props.source['x-enumLabels']).toMatchObject({
      report: { zh: '信访举报', en: 'Report or complaint' },
    });
    const byType = Object.fromEntries(wf.events.map((e) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(
      ['APPROVE', 'CONCLUDE', 'DECLINE', 'RECORD_REPLY', 'RECORD_TALK', 'SEND_LETTER'].sort(),
    );
    expect(byType.APPROVE.roles).toEqual(['leader']);
    expect(byType.CONCLUDE.roles).toEqual(['leader']);
    expect(byType.SEND_LETTER.roles).toEqual(['officer']);
    // the conclusions offered depend on the subject's kind: a formal warning is a measure on a person
    const branches = byType.CONCLUDE.schema.anyOf as Schema[];
    expect(Object.fromEntries(branches.map((b) => [b.title, b.properties!.conclusion.enum]))).toEqual({
      individual: ['cleared', 'reminder', 'criticism', 'formalWarning', 'escalated'],
      organisation: ['cleared', 'reminder', 'criticism', 'escalated'],
    });
    expect(byType.SEND_LETTER.schema.properties!.sentAt).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(wf.deadlines).toEqual([
      { delay: 'reply', kind: 'reply', duration: 'P15WD', defaultDuration: 'P15WD', flagsOverdue: true },
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

  it('a talk: recorded with a checked date, then concluded cleared (no measure, no link)', async () => {
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
    expect(talked).toMatchObject({ state: 'awaitingConclusion', deadlines: [] });
    expect(talked.context.talk).toMatchObject({ heldAt, actor: 'olivia-officer' });
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

  it('a letter: the reply is due 15 working days (China’s calendar) after the letter; escalated opens an accountability case, linked both ways', async () => {
    const c = await open(u.officer, { source: 'inspectionTour' });
    await send(u.leader, c.id, 'APPROVE', { method: 'letter' });
    await refused(
      u.officer,
      c.id,
      'SEND_LETTER',
      { sentAt: '2020-01-01T00:00:00Z', letterRef: 'HX-2' },
      /sentAt .* is before the case was opened/,
    );
    const sentAt = now();
    const sent = await send(u.officer, c.id, 'SEND_LETTER', { sentAt, letterRef: 'HX-2026-17' });
    expect(sent.state).toBe('awaitingReply');
    const row = await rowOf(u.supervisor, c.id, 'SEND_LETTER');
    const limit = sent.deadlines.find((d) => d.kind === 'reply')!;
    expect(limit).toMatchObject({ status: 'pending', overdue: false });
    expect(limit.dueAt).toBe(calendar.add(new Date(row.at), 'P15WD').toISOString());
    expect(Date.parse(limit.dueAt) - Date.parse(row.at)).toBeGreaterThanOrEqual(15 * 86_400_000);

    await refused(
      u.officer,
      c.id,
      'RECORD_REPLY',
      { receivedAt: new Date(Date.parse(sentAt) - 1000).toISOString(), summary: 's' },
      /receivedAt .* is before the letter was sent/,
    );
    const replied = await send(u.officer, c.id, 'RECORD_REPLY', {
      receivedAt: now(),
      summary: 'He admits the brother-in-law bid, denies steering it',
    });
    expect(replied).toMatchObject({ state: 'awaitingConclusion', overdue: [] });
    expect(replied.deadlines).toMatchObject([{ id: limit.id, status: 'cancelled', overdue: false }]);
    expect(replied.context.reply).toMatchObject({ late: false });

    const reason = 'The reply contradicts the tender file';
    const escalated = await send(u.leader, c.id, 'CONCLUDE', { conclusion: 'escalated', reason });
    expect(escalated).toMatchObject({ state: 'closed', status: 'closed', outcome: 'escalated' });
    expect(escalated.links).toHaveLength(1);
    expect(escalated.links[0]).toMatchObject({
      direction: 'opened',
      relation: 'inquiryEscalated',
      state: 'proposed',
      status: 'active',
    });
    const accountabilityId = escalated.links[0].caseId;

    const opened = await getCase(u.officer, accountabilityId);
    expect(opened).toMatchObject({
      workflow: 'accountability',
      state: 'proposed',
      title: `Accountability after an inquiry: ${c.title}`,
      subject: { ref: c.subject.ref, kind: 'individual' },
    });
    expect(opened.context).toMatchObject({
      source: 'inspectionTour',
      linkedFrom: { caseId: c.id, relation: 'inquiryEscalated' },
    });
    expect(opened.context.facts).toContain(String(c.context.clue));
    expect(opened.context.facts).toContain(reason);
    expect(opened.links).toMatchObject([
      { caseId: c.id, direction: 'openedBy', relation: 'inquiryEscalated', state: 'closed' },
    ]);

    const conclusion = (await history(u.supervisor, c.id)).at(-1)!;
    expect(conclusion).toMatchObject({ type: 'CONCLUDE', from: 'awaitingConclusion', to: 'closed' });
    const theirs = await history(u.supervisor, accountabilityId);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject({
      type: 'OPEN',
      at: conclusion.at,
      actor: { sub: 'leo-leader' },
      to: 'proposed',
    });
    // a real accountability case: its own procedure takes it on
    expect((await send(u.officer, accountabilityId, 'ACCEPT')).state).toBe('pendingApproval');

    for (const id of [c.id, accountabilityId]) {
      expect(await verify(u.supervisor, id)).toMatchObject({ ok: true, replayMatches: true });
    }
  });

  it('past the reply limit (fired by the worker) the case is overdue; a late reply is accepted; a formal warning goes on the record', async () => {
    const c = await open(f.officer);
    await send(f.leader, c.id, 'APPROVE', { method: 'letter' });
    const sent = await send(f.officer, c.id, 'SEND_LETTER', { sentAt: now(), letterRef: 'HX-2026-18' });
    const limit = sent.deadlines.find((d) => d.kind === 'reply')!;
    const row = await rowOf(f.supervisor, c.id, 'SEND_LETTER');
    expect(Date.parse(limit.dueAt) - Date.parse(row.at)).toBe(2000);

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
    expect(fired.deadlines).toMatchObject([{ id: limit.id, kind: 'reply', status: 'fired', overdue: true }]);
    expect(fired.overdue).toMatchObject([{ id: limit.id, kind: 'reply', overdue: true }]);
    expect(fired.context.replyOverdueSince).toBe(limit.dueAt);
    const timeouts = await timeoutsOf(f.supervisor, c.id, 'reply');
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toMatchObject({
      actor: { sub: DEADLINE_SUB },
      at: limit.dueAt,
      from: 'awaitingReply',
    });
    const overdueList = expectStatus(
      await f.supervisor.get<Page<{ id: string }>>('/cases?overdue=true&workflow=inquiry&limit=100'),
      200,
    ).body;
    expect(overdueList.items.map((x) => x.id)).toContain(c.id);

    const late = await send(f.officer, c.id, 'RECORD_REPLY', {
      receivedAt: now(),
      summary: 'Late, and evasive',
    });
    expect(late.state).toBe('awaitingConclusion');
    expect(late.context.reply).toMatchObject({ late: true });
    // the lapse stays on the record: the limit fired, and the context keeps when
    expect(late.context.replyOverdueSince).toBe(limit.dueAt);
    expect(late.deadlines).toMatchObject([{ id: limit.id, status: 'fired' }]);
    expect(late.overdue).toEqual([]);

    const warned = await send(f.leader, c.id, 'CONCLUDE', {
      conclusion: 'formalWarning',
      reason: 'Did not reply in time and the reply is evasive',
    });
    expect(warned).toMatchObject({ state: 'closed', status: 'closed', outcome: 'formalWarning', links: [] });
    expect(warned.context.replyOverdueSince).toBe(limit.dueAt);
    const concluded = (await history(f.supervisor, c.id)).at(-1)!;
    const until = calendar.add(new Date(concluded.at), 'P6M').toISOString();

    const record = expectStatus(await f.officer.get<SubjectRecord>(`/subjects/${c.subject.ref}`), 200).body;
    expect(record.measures).toHaveLength(1);
    expect(record.measures[0]).toMatchObject({
      caseId: c.id,
      type: 'formalWarning',
      detail: null,
      decidedAt: concluded.at,
      impactUntil: until,
      organisation: 'County Transport Bureau',
      post: 'Bureau chief',
      lifted: false,
    });
    expect(record.impactPeriods).toMatchObject([
      { caseId: c.id, type: 'formalWarning', from: concluded.at, until, running: true },
    ]);
    expect(record).toMatchObject({ restricted: true, restrictedUntil: until });
    expect(await verify(f.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  });
});
