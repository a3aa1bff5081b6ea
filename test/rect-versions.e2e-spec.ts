/*
 * Version 1 of the rectification and responsibility-list procedures stays deployed beside version 2
 * (and version 2 of the list beside version 3, issue 20):
 * a case stored on version 1 advances there, and the admin's POST /cases/:id/migrate (state paths
 * unchanged: version 2 keeps every state of version 1) moves it to version 2, where version 2's
 * rules apply from then on. New cases open on version 2; a case is put on version 1 here by the same
 * migration, as a stored case of version 1 would be.
 */
import { expectStatus, getCase, history, unique, type CaseView, type ErrorBody } from './support/procedure';
import { Client, startTestApp, type TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('rectification and responsibility list: version 1 cases migrate to version 2', () => {
  let app: TestApp;
  let officer: Client;
  let leader: Client;
  let admin: Client;
  let supervisor: Client;

  beforeAll(async () => {
    app = await startTestApp();
    officer = await Client.as(app.baseUrl, 'rv-officer', ['officer']);
    leader = await Client.as(app.baseUrl, 'rv-leader', ['leader']);
    admin = await Client.as(app.baseUrl, 'rv-admin', ['admin']);
    supervisor = await Client.as(app.baseUrl, 'rv-supervisor', ['supervisor']);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  const send = async (as: Client, id: string, type: string, payload?: unknown) =>
    expectStatus(await as.send<CaseView>(id, type, payload), 200).body;
  const migrate = async (id: string, toVersion: number) =>
    expectStatus(await admin.post<CaseView>(`/cases/${id}/migrate`, { toVersion, stateMapping: {} }), 200)
      .body;

  it('a rectification on version 1 takes a plan naming nobody; on version 2 the plan must name the persons', async () => {
    const ref = unique('unit-');
    const opened = expectStatus(
      await officer.post<CaseView>('/cases', {
        workflow: 'rectification',
        title: `Canteen funds ${ref}`,
        subject: { ref, kind: 'organisation', name: `Township ${ref}` },
        source: 'audit',
        unitLeader: { ref: unique('leader-'), name: 'Li Si' },
        items: [{ description: 'Repay', responsible: 'Wang Wu', dueAt: inMs(30 * DAY_MS) }],
      }),
      201,
    ).body;
    expect(opened.workflowVersion).toBe(2);
    const v1 = await migrate(opened.id, 1);
    expect(v1).toMatchObject({ workflowVersion: 1, state: 'issued' });

    // Version 1 as deployed: a plan naming nobody is taken.
    await send(officer, opened.id, 'SUBMIT_PLAN', { plan: 'Repay within the month' });
    expect((await send(leader, opened.id, 'RETURN_PLAN', { reason: 'who repays?' })).state).toBe('issued');

    const v2 = await migrate(opened.id, 2);
    expect(v2).toMatchObject({ workflowVersion: 2, state: 'issued' });
    const bare = await officer.send<ErrorBody>(opened.id, 'SUBMIT_PLAN', { plan: 'Repay within the month' });
    expect(bare.status).toBe(422);
    expect(bare.body.details).toMatchObject({ rule: { id: 'planNamesResponsible' } });
    await send(officer, opened.id, 'SUBMIT_PLAN', {
      plan: 'Wang Wu repays within the month',
      supervisor: { ref: unique('head-'), name: 'Zhou Lan' },
      owners: [{ itemId: 1, ref: unique('wang-'), name: 'Wang Wu' }],
    });
    await send(leader, opened.id, 'APPROVE_PLAN');
    await send(officer, opened.id, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'RECEIPT-1' });
    const closed = await send(leader, opened.id, 'VERIFY', { passed: true });
    expect(closed).toMatchObject({ workflowVersion: 2, status: 'closed', outcome: 'rectified' });

    const rows = await history(supervisor, opened.id);
    expect(rows.filter((r) => r.type === 'MIGRATE').map((r) => r.payload)).toMatchObject([
      { fromVersion: 2, toVersion: 1 },
      { fromVersion: 1, toVersion: 2 },
    ]);
    const verify = expectStatus(await supervisor.get(`/cases/${opened.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
  }, 60_000);

  it('a list half signed on version 1 is signed on version 2 only by the person it names, with an opinion', async () => {
    const ref = unique('org-');
    const principal = await Client.as(app.baseUrl, unique('pr-'), ['principal']);
    const head = await Client.as(app.baseUrl, 'rv-head', ['disciplineHead']);
    const opened = expectStatus(
      await officer.post<CaseView>('/cases', {
        workflow: 'responsibilityList',
        title: `List ${ref}`,
        subject: { ref, kind: 'organisation', name: `Bureau ${ref}` },
        year: 2026,
        principal: { ref: 'rv-principal', name: 'Sun Wei' },
        supervisor: { ref: 'rv-head', name: 'Zhou Lan' },
        tasks: [
          {
            title: 'Study sessions',
            owner: 'Party office',
            dueAt: inMs(30 * DAY_MS),
            responsible: { ref: 'rv-office', name: 'Liu' },
            standard: 'Monthly, minuted',
            safeguards: 'A room and a budget',
            supervisedBy: 'Discipline group',
          },
        ],
      }),
      201,
    ).body;
    await migrate(opened.id, 1);
    // Version 1 as deployed: any holder of the role signs, naming whom they sign for.
    const half = await send(principal, opened.id, 'SIGN', { as: 'principal', signedBy: 'Sun Wei' });
    expect(half).toMatchObject({ workflowVersion: 1, state: 'signing' });

    expect(await migrate(opened.id, 2)).toMatchObject({ workflowVersion: 2, state: 'signing' });
    const old = await head.send<ErrorBody>(opened.id, 'SIGN', { as: 'supervisor', signedBy: 'Zhou Lan' });
    expect(old.status).toBe(400);
    const signed = await send(head, opened.id, 'SIGN', {
      as: 'supervisor',
      opinion: 'Supervision set per task',
    });
    expect(signed.state).toBe('signed');
    expect((await send(officer, opened.id, 'PUBLISH')).state).toBe('inProgress.onTrack.tracking');
    const now = await getCase(officer, opened.id);
    expect(now.deadlines.filter((d) => d.status === 'pending')).toMatchObject([{ kind: 'listTask' }]);
    const verify = expectStatus(await supervisor.get(`/cases/${opened.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
  }, 60_000);

  it('a list on version 2 knows no check of a key task; moved to version 3, its key task done is checked against its standard', async () => {
    const ref = unique('org-');
    const principal = await Client.as(app.baseUrl, 'rv3-principal', ['principal']);
    const head = await Client.as(app.baseUrl, 'rv3-head', ['disciplineHead']);
    const opened = expectStatus(
      await officer.post<CaseView>('/cases', {
        workflow: 'responsibilityList',
        title: `List ${ref}`,
        subject: { ref, kind: 'organisation', name: `Bureau ${ref}` },
        year: 2026,
        principal: { ref: 'rv3-principal', name: 'Sun Wei' },
        supervisor: { ref: 'rv3-head', name: 'Zhou Lan' },
        tasks: [
          {
            title: 'Tender review',
            owner: 'Finance',
            dueAt: inMs(30 * DAY_MS),
            responsible: { ref: 'rv-finance', name: 'Qian' },
            standard: 'Every tender of the year reviewed, findings minuted',
            safeguards: 'Two auditors',
            supervisedBy: 'Discipline group',
            key: true,
          },
        ],
      }),
      201,
    ).body;
    expect(opened.workflowVersion).toBe(3);
    expect(await migrate(opened.id, 2)).toMatchObject({ workflowVersion: 2, state: 'drafted' });
    await send(principal, opened.id, 'SIGN', { as: 'principal', opinion: 'Agreed' });
    await send(head, opened.id, 'SIGN', { as: 'supervisor', opinion: 'Agreed' });
    await send(officer, opened.id, 'PUBLISH');
    await send(officer, opened.id, 'COMPLETE_TASK', { taskId: 't1', evidenceRef: 'E-1' });
    // Version 2 as deployed: there is no check of a key task.
    const check = { taskId: 't1', met: true, note: 'All reviewed, minuted' };
    expect((await leader.send<ErrorBody>(opened.id, 'CHECK_TASK', check)).status).toBe(400);

    expect(await migrate(opened.id, 3)).toMatchObject({ workflowVersion: 3 });
    const checked = await send(leader, opened.id, 'CHECK_TASK', check);
    expect((checked.context.tasks as { check?: { met: boolean } }[])[0].check).toMatchObject({ met: true });
    const twice = await leader.send<ErrorBody>(opened.id, 'CHECK_TASK', check);
    expect(twice.status).toBe(422);
    expect(twice.body.details).toMatchObject({ rule: { id: 'keyTaskCheckedAgainstStandard' } });
    const verify = expectStatus(await supervisor.get(`/cases/${opened.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
  }, 60_000);
});
