/*
 * Machine versions: a case keeps the workflow version it started on; deploying version 2 leaves it
 * there until an admin migrates it (recorded in history, replayable); a case whose version is gone,
 * or whose stored state no longer fits its machine, is refused with a clear error. A version's machine
 * is fingerprinted when first deployed: changing it in place refuses the start.
 */
import { createTestStore, type TestStore } from './support/test-store';
import { expectStatus, history, type CaseView, type ErrorBody } from './support/procedure';
import { Client, startTestApp, type TestApp } from './support/test-app';

// Each test restarts the service once or twice (each start alone may take up to 45 s on a busy machine).
jest.setTimeout(180_000);

const V1 = 'test/fixtures/review-v1.workflow.ts';
const V2 = 'test/fixtures/review-v2.workflow.ts';
const V1_CHANGED = 'test/fixtures/review-v1-changed.workflow.ts';

let store: TestStore;
let app: TestApp | undefined;

interface People {
  officer: Client;
  leader: Client;
  admin: Client;
  supervisor: Client;
}

async function deploy(modules: string[]): Promise<People> {
  await app?.close();
  app = await startTestApp({ WORKFLOW_MODULES: modules.join(',') }, { store });
  const as = (sub: string, role: string) => Client.as(app!.baseUrl, sub, [role]);
  return {
    officer: await as('olivia', 'officer'),
    leader: await as('leo', 'leader'),
    admin: await as('ada', 'admin'),
    supervisor: await as('sam', 'supervisor'),
  };
}

async function openReview(p: People, title: string): Promise<CaseView> {
  const body = {
    workflow: 'review',
    title,
    subject: { ref: `r-${title}`, kind: 'organisation', name: 'Bureau' },
  };
  return expectStatus(await p.officer.post<CaseView>('/cases', body), 201).body;
}

beforeAll(async () => {
  store = await createTestStore();
});

afterAll(async () => {
  await app?.close();
  await store?.drop();
});

describe('workflow versions', () => {
  let migrated: CaseView;
  let leftBehind: CaseView;

  it('cases opened on version 1 stay on it when version 2 is deployed', async () => {
    let p = await deploy([V1]);
    migrated = await openReview(p, 'to-migrate');
    leftBehind = await openReview(p, 'left-behind');
    for (const c of [migrated, leftBehind]) expectStatus(await p.officer.send(c.id, 'SUBMIT'), 200);

    p = await deploy([V1, V2]);
    const still = expectStatus(await p.officer.get<CaseView>(`/cases/${migrated.id}`), 200).body;
    expect(still).toMatchObject({ workflowVersion: 1, state: 'submitted' });
    expectStatus(await p.officer.send(migrated.id, 'NOTE', { note: 'still on version 1' }), 200);
    const fresh = await openReview(p, 'new');
    expect(fresh.workflowVersion).toBe(2);
    const catalogue = expectStatus(await p.officer.get<{ version: number }>('/workflows/review'), 200).body;
    expect(catalogue.version).toBe(2);
  });

  it('an admin migrates a case with a state mapping; bad mappings are refused and change nothing', async () => {
    const p = await deploy([V1, V2]);
    const path = `/cases/${migrated.id}/migrate`;
    const before = expectStatus(await p.officer.get<CaseView>(`/cases/${migrated.id}`), 200).body;

    const officer = await p.officer.post<ErrorBody>(path, {
      toVersion: 2,
      stateMapping: { submitted: 'inReview' },
    });
    expect(officer.status).toBe(403);
    const nowhere = await p.admin.post<ErrorBody>(path, {
      toVersion: 2,
      stateMapping: { submitted: 'nowhere' },
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.message).toMatch(/nowhere.*does not exist in review version 2/);
    const unmapped = await p.admin.post<ErrorBody>(path, { toVersion: 2, stateMapping: {} });
    expect(unmapped.status).toBe(400);
    expect(unmapped.body.message).toMatch(/submitted does not exist in review version 2/);
    const v3 = await p.admin.post<ErrorBody>(path, { toVersion: 3, stateMapping: {} });
    expect(v3.status).toBe(400);
    expect(v3.body.message).toMatch(/version 3 is not deployed/);
    const badBody = await p.admin.post<ErrorBody>(path, { toVersion: 'two', stateMapping: { submitted: 7 } });
    expect(badBody.status).toBe(400);
    expect(expectStatus(await p.officer.get<CaseView>(`/cases/${migrated.id}`), 200).body.revision).toBe(
      before.revision,
    );

    const done = await p.admin.post<CaseView>(path, {
      toVersion: 2,
      stateMapping: { submitted: 'inReview' },
    });
    expectStatus(done, 200);
    expect(done.body).toMatchObject({ workflowVersion: 2, state: 'inReview', revision: before.revision + 1 });
    // The review time limit moved with the case, with its due time unchanged.
    const oldLimit = before.deadlines.find((d) => d.status === 'pending');
    const newLimit = done.body.deadlines.find((d) => d.status === 'pending');
    expect(newLimit).toMatchObject({ kind: 'review', dueAt: oldLimit?.dueAt });
    expect(newLimit?.id).not.toBe(oldLimit?.id);

    const rows = await history(p.supervisor, migrated.id);
    expect(rows.at(-1)).toMatchObject({
      type: 'MIGRATE',
      actor: { sub: 'ada' },
      from: 'submitted',
      to: 'inReview',
      payload: { fromVersion: 1, toVersion: 2, stateMapping: { submitted: 'inReview' } },
    });
    expectStatus(await p.leader.send(migrated.id, 'CHECK'), 200);
    const approved = expectStatus(await p.leader.send<CaseView>(migrated.id, 'APPROVE'), 200).body;
    expect(approved).toMatchObject({ state: 'approved', status: 'closed' });
    const verify = expectStatus(await p.supervisor.get(`/cases/${migrated.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
  });

  it('a case whose version is no longer deployed can be read but not advanced', async () => {
    const p = await deploy([V2]);
    const read = expectStatus(
      await p.officer.get<CaseView & { problem?: string }>(`/cases/${leftBehind.id}`),
      200,
    );
    expect(read.body.problem).toMatch(/version 1 is not deployed/);
    expect(read.body.allowedEvents).toEqual([]);
    const refused = await p.officer.send<ErrorBody>(leftBehind.id, 'NOTE', { note: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/version 1 is not deployed/);
  });

  it('refuses to start when version 1 changed in place, naming the workflow, version and what differs', async () => {
    await app?.close();
    app = undefined;
    const started = startTestApp({ WORKFLOW_MODULES: [V1_CHANGED, V2].join(',') }, { store });
    await expect(started).rejects.toThrow(/exited with code 1 before listening/);
    await expect(started).rejects.toThrow(
      /Workflow review version 1 changed in place: .*states removed: submitted; transitions changed in: draft/,
    );
    // The versions deployed before start again as they were.
    const p = await deploy([V1, V2]);
    expect((await p.officer.get('/workflows/review')).status).toBe(200);
  });

  it('a store from before fingerprints: cases in states their version lost are reported, never reinterpreted', async () => {
    await app?.close();
    app = undefined;
    // As if version 1 had been changed before this service recorded fingerprints.
    await store.exec(`DELETE FROM workflow_fingerprint WHERE workflow = 'review' AND version = 1`);
    const p = await deploy([V1_CHANGED, V2]);
    const health = expectStatus(await new Client(app!.baseUrl).get<HealthReport>('/health'), 200).body;
    expect(health.details.workflowVersions).toEqual({
      status: 'up',
      casesInUnknownStates: [{ workflow: 'review@1', cases: 1, states: ['submitted'] }],
    });
    expect(app!.output()).toMatch(
      /1 case\(s\) of review@1 are stored in states the version does not know \(submitted\)/,
    );
    const refused = await p.officer.send<ErrorBody>(leftBehind.id, 'SUBMIT');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/"submitted" does not fit machine review/);
    const after = expectStatus(await p.officer.get<CaseView>(`/cases/${leftBehind.id}`), 200).body;
    expect(after).toMatchObject({ state: 'submitted', workflowVersion: 1 });
  });
});

interface HealthReport {
  details: Record<string, unknown>;
}
