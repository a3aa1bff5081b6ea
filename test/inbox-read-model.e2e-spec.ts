/*
 * 我的待办 from the engine's read model (case_waiting), end to end on the real service and store:
 *   - after each event the inbox follows the case: opened → the officer's; accepted → the leader's;
 *   - after a transfer of jurisdiction (移送管辖) the case is in the new unit's inbox, not the old one's;
 *   - a closed case is in no one's inbox and has no read-model rows;
 *   - paging (limit, nextCursor) walks the same cases as one page;
 *   - start-up: with the rows and the marker deleted (a deployment from before the read model), the
 *     service builds them again and the inboxes answer exactly as before.
 */
import { claims, signJwt, TEST_SUB_UNIT, TEST_UNIT } from './support/jwt';
import { expectStatus, openCase, step, unique, users, type CaseView, type Users } from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

interface InboxItem {
  id: string;
  unitId: string;
  yourEvents: string[];
}
interface InboxPage {
  items: InboxItem[];
  scanned: number;
  nextCursor: string | null;
}
interface WaitingRow {
  case_id: string;
  role: string;
  above: boolean | number;
  unit_id: string;
}

let store: TestStore;
let app: TestApp;
let u: Users;
let sub: { officer: Client; leader: Client };
const M = unique('inbox-');

const inbox = async (client: Client, query = '') =>
  expectStatus(await client.get<InboxPage>(`/inbox${query}`), 200).body;
const eventsOf = async (client: Client, id: string) =>
  (await inbox(client)).items.find((i) => i.id === id)?.yourEvents ?? null;
const rowsOf = async (id: string) =>
  (
    await store.query<WaitingRow>(
      'SELECT case_id, role, above, unit_id FROM case_waiting WHERE case_id = ? ORDER BY role',
      [id],
    )
  ).map((r) => ({ role: r.role, above: Boolean(r.above), unit: r.unit_id }));
const open = (name: string) => openCase(u, { subject: { ref: unique('p-'), name: `${name} ${M}` } });

/** The test unit's users, and an officer and a leader of the unit below it. */
async function clientsOf(baseUrl: string) {
  u = await users(baseUrl);
  const of = (name: string, role: string) =>
    new Client(baseUrl, signJwt(claims(name, [role], 3600, TEST_SUB_UNIT), TEST_SECRET));
  sub = { officer: of('sub-officer', 'officer'), leader: of('sub-leader', 'leader') };
}

beforeAll(async () => {
  store = await createTestStore();
  app = await startTestApp({}, { store });
  await clientsOf(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
  await store?.drop();
});

let accepted: CaseView;
let moved: CaseView;
let closed: CaseView;
let fresh: CaseView;

describe('the inbox follows each change of a case', () => {
  it('opened: the officer’s (ACCEPT), not the leader’s (only a take-over)', async () => {
    fresh = await open('fresh');
    expect(await eventsOf(u.officer, fresh.id)).toEqual(expect.arrayContaining(['ACCEPT']));
    expect(await eventsOf(u.leader, fresh.id)).toBeNull();
    expect(await rowsOf(fresh.id)).toEqual([{ role: 'officer', above: false, unit: TEST_UNIT }]);
  });

  it('accepted: now the leader’s (APPROVE_INVESTIGATION), no longer the officer’s', async () => {
    accepted = await open('accepted');
    expect(await eventsOf(u.officer, accepted.id)).not.toBeNull();
    await step(u, accepted.id, 'ACCEPT');
    expect(await eventsOf(u.officer, accepted.id)).toBeNull();
    expect(await eventsOf(u.leader, accepted.id)).toEqual(expect.arrayContaining(['APPROVE_INVESTIGATION']));
    expect(await eventsOf(u.leader, accepted.id)).not.toContain('TAKE_OVER');
  });

  it('transferred to the unit below: in that unit’s inbox, out of the old unit’s', async () => {
    moved = await open('moved');
    await step(u, moved.id, 'ACCEPT');
    expect(await eventsOf(u.leader, moved.id)).not.toBeNull();
    expect(await eventsOf(sub.leader, moved.id)).toBeNull();
    await step(u, moved.id, 'TRANSFER_JURISDICTION', { unitId: TEST_SUB_UNIT, reason: `moved ${M}` });
    expect(await eventsOf(u.leader, moved.id)).toBeNull(); // the unit above reads it, but does not act
    expect(await eventsOf(sub.leader, moved.id)).toEqual(expect.arrayContaining(['APPROVE_INVESTIGATION']));
    expect(await eventsOf(sub.officer, moved.id)).toBeNull();
    expect(await rowsOf(moved.id)).toEqual([{ role: 'leader', above: false, unit: TEST_SUB_UNIT }]);
  });

  it('closed (a decline approved): in no one’s inbox, no rows', async () => {
    closed = await open('closed');
    await step(u, closed.id, 'PROPOSE_DECLINE');
    expect(await eventsOf(u.leader, closed.id)).toEqual(expect.arrayContaining(['APPROVE_DECLINE']));
    const after = await step(u, closed.id, 'APPROVE_DECLINE');
    expect(after.status).toBe('closed');
    for (const client of [u.officer, u.leader, u.committee, sub.officer, sub.leader]) {
      expect(await eventsOf(client, closed.id)).toBeNull();
    }
    expect(await rowsOf(closed.id)).toEqual([]);
  });

  it('pages of one case (limit=1, nextCursor) walk the same cases, newest first, as one page', async () => {
    for (const client of [u.officer, u.leader]) {
      const whole = await inbox(client);
      const walked: InboxItem[] = [];
      let cursor: string | null = null;
      do {
        const page: InboxPage = await inbox(client, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.scanned).toBeLessThanOrEqual(1);
        walked.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(walked).toEqual(whole.items);
      expect(whole.items.length).toBeGreaterThan(0);
    }
    expect((await client400('?limit=0')).status).toBe(400);
    expect((await client400('?limit=501')).status).toBe(400);
  });
});

const client400 = (query: string) => u.officer.get(`/inbox${query}`);

describe('start-up: the read model of existing cases is built', () => {
  it('after the rows and the marker are deleted and the service restarts, the inboxes answer as before', async () => {
    const clients = () => [u.officer, u.leader, u.committee, sub.officer, sub.leader];
    const before = await Promise.all(clients().map((c) => inbox(c)));
    const rows = await store.query<WaitingRow>(
      'SELECT case_id, role, above, unit_id FROM case_waiting ORDER BY case_id, role',
    );
    expect(rows.length).toBeGreaterThan(0);

    await app.close();
    await store.exec('DELETE FROM case_waiting');
    await store.exec("DELETE FROM read_model WHERE name = 'case_waiting'");
    app = await startTestApp({}, { store });
    await clientsOf(app.baseUrl);

    // Built in the background: wait for the marker (the inbox scans the cases meanwhile).
    const marker = "SELECT name FROM read_model WHERE name = 'case_waiting'";
    for (let i = 0; i < 600 && !(await store.query(marker)).length; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await store.query<{ name: string }>(marker)).toEqual([{ name: 'case_waiting' }]);
    expect(
      await store.query<WaitingRow>(
        'SELECT case_id, role, above, unit_id FROM case_waiting ORDER BY case_id, role',
      ),
    ).toEqual(rows);
    expect(await Promise.all(clients().map((c) => inbox(c)))).toEqual(before);
  });
});
