/*
 * The responsibility list (责任清单) over HTTP on the real service: opened with three tasks, one of
 * them due a few seconds ahead; signed by both sides (one signature is not enough, no side signs
 * twice); published; the near task falls due and the real BullMQ worker fires its limit: only that
 * task is flagged overdue and the case's limit shows overdue, while the limit is re-armed for the
 * next task; the tasks are completed; mid-year review; year-end summary signed by both; archived.
 * Version 2 (issue 18 fix 7): only the persons the list names sign (by their accounts), each with a
 * review opinion; the lapse issues a 督办 notice by itself, and a 倒查 opens accountability cases
 * against the task's person and the principal.
 */
import {
  DEADLINE_SUB,
  dropQueueKeys,
  queuePrefix,
  redisClient,
  timeoutsOf,
  waitFor,
} from './support/deadline-helpers';
import { expectStatus, getCase, unique, type CaseView, type ErrorBody } from './support/procedure';
import { Client, startTestApp, type TestApp } from './support/test-app';

const WORKFLOW = 'responsibilityList';
const NEAR_MS = 4000;

interface Task {
  id: string;
  title: string;
  owner: string;
  dueAt: string;
  completedAt: string | null;
  evidenceRef: string | null;
  overdueAt: string | null;
}

const tasksOf = (c: CaseView) => c.context.tasks as Task[];

/** A task as version 2 drafts it: its person by account, work standard, safeguards and supervising body. */
function task(title: string, owner: string, dueAt: string, ref: string) {
  return {
    title,
    owner,
    dueAt,
    responsible: { ref, name: owner },
    standard: `${title}: held and minuted`,
    safeguards: 'Staff and budget assigned',
    supervisedBy: 'Discipline inspection group',
  };
}

interface People {
  officer: Client;
  principal: Client;
  disciplineHead: Client;
  leader: Client;
  owner: Client;
}

describe('responsibility list end to end', () => {
  let app: TestApp;
  let p: People;
  const prefix = queuePrefix('list');
  let list: CaseView;
  /** The due date of the near task, a few seconds after the list is opened. */
  let nearDue = '';
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const latest = new Date(Date.now() + 60 * 86_400_000).toISOString();

  beforeAll(async () => {
    app = await startTestApp({ QUEUE_PREFIX: prefix });
    const as = (sub: string, roles: string[]) => Client.as(app.baseUrl, sub, roles);
    p = {
      officer: await as('wang.fang', ['officer']),
      principal: await as('sun.wei', ['principal']),
      disciplineHead: await as('zhou.lan', ['disciplineHead']),
      leader: await as('li.qiang', ['leader']),
      owner: await as('owner.liu', ['taskOwner']),
    };
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    const redis = redisClient();
    await dropQueueKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });

  const send = async (as: Client, type: string, payload?: unknown) =>
    (list = expectStatus(await as.send<CaseView>(list.id, type, payload), 200).body);
  const refused = async (as: Client, type: string, payload: unknown, status: number, message?: RegExp) => {
    const reply = await as.send<ErrorBody>(list.id, type, payload);
    expect({ status: reply.status, message: reply.body.message }).toMatchObject({
      status,
      ...(message && { message: expect.stringMatching(message) }),
    });
  };

  it('an officer opens the list for the unit with its tasks; the workflow validates them', async () => {
    const ref = unique('org-');
    nearDue = new Date(Date.now() + NEAR_MS).toISOString();
    const body = {
      workflow: WORKFLOW,
      title: `Responsibility list 2026 ${ref}`,
      subject: { ref, kind: 'organisation', name: `County Transport Bureau ${ref}` },
      year: 2026,
      // Named by the `sub` of their accounts: only they may sign their sides.
      principal: { ref: 'sun.wei', name: 'Sun Wei', post: 'Party secretary' },
      supervisor: { ref: 'zhou.lan', name: 'Zhou Lan' },
      tasks: [
        task('Procurement audit', 'Finance section', later, 'qian.finance'),
        task('Study sessions', 'Party office', nearDue, 'owner.liu'),
        task('Integrity talks', 'Party secretary', latest, 'sun.wei'),
      ],
    };
    const bad = async (b: unknown, field: RegExp) => {
      const reply = await p.officer.post<ErrorBody>('/cases', b);
      expect({ status: reply.status, message: reply.body.message }).toMatchObject({
        status: 400,
        message: expect.stringMatching(field),
      });
    };
    await bad({ ...body, year: 1999 }, /year/);
    await bad({ ...body, tasks: [] }, /tasks/);
    await bad({ ...body, tasks: [{ ...body.tasks[0], dueAt: '2026-02-30T10:00:00Z' }] }, /dueAt/);
    await bad({ ...body, principal: { name: 'x' } }, /ref/);
    // Fix 7: every task carries its work standard, safeguards and supervising body.
    const { standard: _, ...noStandard } = body.tasks[0];
    await bad({ ...body, tasks: [noStandard] }, /standard/);
    // A responsibility list is a unit's, never a person's: the published schema says so too.
    await bad(
      { ...body, subject: { ...body.subject, kind: 'individual' } },
      /subject.kind must be organisation: a responsibilityList case is not about an individual/,
    );
    const described = expectStatus(
      await p.officer.get<{ open: { schema: unknown } }>(`/workflows/${WORKFLOW}`),
      200,
    ).body;
    expect(described.open.schema).toMatchObject({
      properties: { subject: { properties: { kind: { enum: ['organisation'] } } } },
    });
    expect((await p.principal.post<ErrorBody>('/cases', body)).status).toBe(403);

    list = expectStatus(await p.officer.post<CaseView>('/cases', body), 201).body;
    expect(list).toMatchObject({ workflow: WORKFLOW, state: 'drafted', status: 'active', deadlines: [] });
    expect(tasksOf(list).map((t) => [t.id, t.dueAt, t.overdueAt])).toEqual([
      ['t1', later, null],
      ['t2', nearDue, null],
      ['t3', latest, null],
    ]);
    expect(list.allowedEvents.sort()).toEqual(['REVISE_TASKS', 'SIGN']);
  });

  it('one signature is not enough, and a side that signed cannot sign again', async () => {
    // A signature needs the review opinion (审阅意见).
    await refused(p.principal, 'SIGN', { as: 'principal' }, 400, /opinion/);
    await send(p.principal, 'SIGN', { as: 'principal', opinion: 'Read and agreed: the tasks fit the year' });
    expect(list.state).toBe('signing');
    await refused(p.officer, 'PUBLISH', undefined, 422, /PUBLISH is not allowed in state signing/);
    await refused(
      p.principal,
      'SIGN',
      { as: 'principal', opinion: 'again' },
      422,
      /principal side has already signed/,
    );
    await refused(
      p.disciplineHead,
      'SIGN',
      { as: 'principal', opinion: 'x' },
      422,
      /principal side has already signed \(Sun Wei, by sun.wei/,
    );
    await refused(p.officer, 'SIGN', { as: 'supervisor', opinion: 'x' }, 403);
    // Issue 18 fix 7: the role is not enough; only the person the list names for the side signs it.
    const both = await Client.as(app.baseUrl, 'sun.wei', ['principal', 'disciplineHead']);
    const another = await Client.as(app.baseUrl, 'qian.head', ['disciplineHead']);
    for (const who of [both, another]) {
      const reply = await who.send<ErrorBody>(list.id, 'SIGN', { as: 'supervisor', opinion: 'agreed' });
      expect(reply.status).toBe(422);
      expect(reply.body.message).toMatch(/only Zhou Lan \(zhou.lan\), named on the list as the supervisory/);
      expect(reply.body.details).toMatchObject({ rule: { id: 'signedByNamedPerson' } });
    }
    await refused(p.disciplineHead, 'SIGN', { as: 'both', opinion: 'x' }, 400, /as/);
    await send(p.disciplineHead, 'SIGN', { as: 'supervisor', opinion: 'Supervision planned for each task' });
    expect(list.state).toBe('signed');
    expect(list.context.signatures).toMatchObject({
      principal: {
        actor: 'sun.wei',
        signedBy: 'Sun Wei',
        opinion: 'Read and agreed: the tasks fit the year',
      },
      supervisor: { actor: 'zhou.lan', signedBy: 'Zhou Lan', opinion: 'Supervision planned for each task' },
    });
  });

  it('publishing arms one limit, due at the nearest task', async () => {
    await send(p.officer, 'PUBLISH');
    expect(list.state).toBe('inProgress.onTrack.tracking');
    expect(list.deadlines).toMatchObject([{ kind: 'listTask', status: 'pending', overdue: false }]);
    expect(Date.parse(list.deadlines[0].dueAt)).toBe(Date.parse(nearDue));
  });

  it('the near task falls due: the worker fires, only that task is flagged, the limit shows overdue', async () => {
    const limit = list.deadlines[0];
    const fired = await waitFor(
      'the listTask limit to fire',
      async () => {
        const c = await getCase(p.officer, list.id);
        return c.deadlines.some((d) => d.id === limit.id && d.status === 'fired') && c;
      },
      30_000,
      200,
    );
    expect(fired.state).toBe('inProgress.behind.tracking');
    expect(tasksOf(fired).map((t) => [t.id, t.overdueAt])).toEqual([
      ['t1', null],
      ['t2', limit.dueAt],
      ['t3', null],
    ]);
    expect(fired.overdue).toMatchObject([{ id: limit.id, kind: 'listTask', overdue: true }]);
    // re-armed for the next task, not overdue
    const next = fired.deadlines.filter((d) => d.status === 'pending');
    expect(next).toMatchObject([{ kind: 'listTask', overdue: false }]);
    expect(Date.parse(next[0].dueAt)).toBe(Date.parse(later));
    const timeouts = await timeoutsOf(p.officer, list.id, 'taskDue');
    expect(timeouts).toMatchObject([{ actor: { sub: DEADLINE_SUB }, at: limit.dueAt }]);
    const overdueList = expectStatus(
      await p.officer.get<{ items: { id: string }[] }>(`/cases?overdue=true&workflow=${WORKFLOW}&limit=100`),
      200,
    ).body.items;
    expect(overdueList.map((c) => c.id)).toEqual([list.id]);
    // The lapse issued the 督办 notice by itself, in the timeout's own step.
    expect(fired.context.notices).toEqual([
      { noticeRef: 'auto-1', auto: true, at: limit.dueAt, actor: DEADLINE_SUB },
    ]);
    list = fired;
  });

  it('2019 条例 Art 6, issue 18 fix 7: the 倒查 opens cases against the task person and the principal, linked', async () => {
    await send(p.leader, 'ESCALATE', { reason: 'The study sessions were not held' });
    expect(list.links).toHaveLength(2);
    const reached: string[][] = [];
    for (const link of list.links) {
      expect(link).toMatchObject({ direction: 'opened', relation: 'listTaskOverdue' });
      const acc = await getCase(p.officer, link.caseId);
      expect(acc).toMatchObject({ workflow: 'accountability', state: 'proposed' });
      expect(acc.links).toMatchObject([
        { caseId: list.id, direction: 'openedBy', relation: 'listTaskOverdue' },
      ]);
      expect(String(acc.context.facts)).toMatch(
        /任务t2“Study sessions”（责任人：[^）]+）应于\d{4}-\d{2}-\d{2}前完成/,
      );
      reached.push([acc.subject.ref, String(acc.context.responsibility)]);
    }
    expect(reached.sort()).toEqual([
      ['owner.liu', 'direct'],
      ['sun.wei', 'mainLeadership'],
    ]);
    // nothing more to refer until another task lapses
    await refused(p.leader, 'ESCALATE', { reason: 'again' }, 422, /no overdue task awaits a 倒查/);
  });

  it('tasks are completed one by one; the overdue flag stays on the late task, the limit is settled', async () => {
    await refused(p.leader, 'COMPLETE_TASK', { taskId: 't2', evidenceRef: 'DOC-1' }, 403);
    await refused(p.owner, 'COMPLETE_TASK', { taskId: 't9', evidenceRef: 'DOC-1' }, 422, /no task t9/);
    await send(p.owner, 'COMPLETE_TASK', { taskId: 't2', evidenceRef: 'DOC-STUDY-1' });
    expect(list.state).toBe('inProgress.onTrack.tracking');
    expect(list.overdue).toEqual([]);
    expect(tasksOf(list)[1]).toMatchObject({ evidenceRef: 'DOC-STUDY-1', overdueAt: expect.any(String) });
    await refused(p.owner, 'COMPLETE_TASK', { taskId: 't2', evidenceRef: 'DOC-1' }, 422, /already completed/);

    await send(p.officer, 'COMPLETE_TASK', { taskId: 't1', evidenceRef: 'AUDIT-7' });
    expect(Date.parse(list.deadlines.find((d) => d.status === 'pending')!.dueAt)).toBe(Date.parse(latest));
    await send(p.owner, 'COMPLETE_TASK', { taskId: 't3', evidenceRef: 'TALKS-3' });
    expect(list.state).toBe('inProgress.onTrack.allDone');
    expect(list.deadlines.filter((d) => d.status === 'pending')).toEqual([]);
    expect(tasksOf(list).map((t) => [t.id, t.completedAt !== null, t.overdueAt !== null])).toEqual([
      ['t1', true, false],
      ['t2', true, true],
      ['t3', true, false],
    ]);
  });

  it('mid-year review once, year-end summary signed by both, archived; the history verifies', async () => {
    await refused(p.officer, 'YEAR_END_SUMMARY', { summary: 'x' }, 422, /not allowed/);
    await send(p.leader, 'MID_YEAR_REVIEW', { summary: 'On schedule but one late task' });
    expect(list.context.midYearReview).toMatchObject({ actor: 'li.qiang' });
    await refused(p.leader, 'MID_YEAR_REVIEW', { summary: 'again' }, 422);

    await send(p.officer, 'YEAR_END_SUMMARY', { summary: 'All three tasks done, one late' });
    expect(list.state).toBe('summarising.unsigned');
    await refused(p.principal, 'SIGN_SUMMARY', { as: 'supervisor', opinion: 'x' }, 422, /only Zhou Lan/);
    await send(p.disciplineHead, 'SIGN_SUMMARY', { as: 'supervisor', opinion: 'Supervised; one task late' });
    await refused(p.officer, 'ARCHIVE', undefined, 422, /ARCHIVE is not allowed/);
    await refused(
      p.disciplineHead,
      'SIGN_SUMMARY',
      { as: 'supervisor', opinion: 'again' },
      422,
      /supervisor side has already signed/,
    );
    await send(p.principal, 'SIGN_SUMMARY', { as: 'principal', opinion: 'Agreed' });
    expect(list.state).toBe('summarising.signed');
    await send(p.officer, 'ARCHIVE');
    expect(list).toMatchObject({ state: 'archived', status: 'closed', outcome: 'archived', overdue: [] });

    const verified = expectStatus(
      await p.officer.get<{ ok: boolean; replayMatches: boolean }>(`/cases/${list.id}/verify`),
      200,
    ).body;
    expect(verified).toMatchObject({ ok: true, replayMatches: true });
  });
});
