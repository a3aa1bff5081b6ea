/*
 * Writes outside the engine's own (units, the development sign-in that creates the demo units) made at
 * the same time as each other and as case writes, end to end against the real service (SQLite, and
 * PostgreSQL with WENZE_TEST_PG_URL): every one of them succeeds. On SQLite they all share one
 * connection, so each must wait its turn for a transaction: two development sign-ins as the first
 * requests of a fresh service once failed with 500 ("cannot start a transaction within a
 * transaction", "UNIQUE constraint failed: unit.code"), as seen in CI.
 */
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  history,
  openBody,
  openCase,
  roleClients,
  unique,
  users,
  walkToInvestigation,
  type CaseView,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { createTestStore } from './support/test-store';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

/**
 * Sends the requests while the service is stopped (SIGSTOP), then lets it go on: it reads them all in
 * one turn of its event loop, as a busy machine makes it do, so their handlers run side by side.
 */
async function allReadTogether<T>(send: () => Promise<T>[], on: TestApp = app): Promise<T[]> {
  on.process.kill('SIGSTOP');
  let replies: Promise<T[]>;
  try {
    replies = Promise.all(send());
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    on.process.kill('SIGCONT');
  }
  return replies;
}

const DEMO_USERS = ['wang.fang', 'li.qiang', 'zhao.min', 'chen.jing', 'sun.wei', 'zhou.lan'];
const DEMO_UNITS = ['province', 'city', 'county'];

describe('writes beside the engine, at once', () => {
  it('development sign-ins as the first requests of a fresh service: every one succeeds, and the demo units are there', async () => {
    const anonymous = new Client(app.baseUrl);
    const signIns = await allReadTogether(() =>
      DEMO_USERS.map((sub) => anonymous.post<{ token: string }>('/auth/dev-login', { sub })),
    );
    expect(signIns.map((r) => [r.status, r.body])).toEqual(
      DEMO_USERS.map(() => [200, { token: expect.any(String) }]),
    );
    const officer = new Client(app.baseUrl, signIns[0].body.token);
    const units = expectStatus(await officer.get<{ items: { code: string }[] }>('/units'), 200).body.items;
    expect(units.map((u) => u.code)).toEqual(expect.arrayContaining(DEMO_UNITS));
    expectStatus(await officer.post('/cases', openBody()), 201);
  });

  it('units created while cases are opened: every one succeeds', async () => {
    const admin = new Client(app.baseUrl, signJwt(claims('cw-admin', ['admin'], 3600, null), TEST_SECRET));
    const home = unique('cw-');
    expectStatus(await admin.post('/units', { code: home, name: `并发测试纪委 ${home}` }), 201);
    const officer = new Client(
      app.baseUrl,
      signJwt(claims('cw-officer', ['officer'], 3600, home), TEST_SECRET),
    );
    const newUnits = Array.from({ length: 8 }, () => unique('cw-'));
    const replies = await allReadTogether(() => [
      ...newUnits.map((code) => admin.post('/units', { code, name: `并发新建 ${code}` })),
      ...newUnits.map(() => officer.post<CaseView>('/cases', { ...openBody(), unitId: home })),
    ]);
    expect(replies.map((r) => r.status)).toEqual([...newUnits.map(() => 201), ...newUnits.map(() => 201)]);
    const units = expectStatus(await admin.get<{ items: { code: string }[] }>('/units'), 200).body.items;
    expect(units.map((u) => u.code)).toEqual(expect.arrayContaining(newUnits));
  });

  it('events at once, one with a stale If-Match: that one is refused and leaves nothing, every other is in its history', async () => {
    // On SQLite they queue for the one connection; on PostgreSQL they run side by side.
    const u = await users(app.baseUrl);
    const cases: CaseView[] = [];
    for (let i = 0; i < 6; i++) cases.push(await walkToInvestigation(u, (await openCase(u)).id));
    const stale = cases[3];
    const replies = await allReadTogether(() =>
      cases.map((c) =>
        u.officer.send<CaseView>(
          c.id,
          'RECORD_STATEMENT',
          { statement: `同时记录 ${c.id}` },
          c === stale ? { 'if-match': `"${c.revision - 1}"` } : {},
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(cases.map((c) => (c === stale ? 409 : 200)));
    for (const c of cases) {
      const steps = (await history(u.supervisor, c.id)).map((h) => h.type);
      expect(steps.filter((t) => t === 'RECORD_STATEMENT')).toHaveLength(c === stale ? 0 : 1);
      const verify = expectStatus(await u.supervisor.get<{ ok: boolean }>(`/cases/${c.id}/verify`), 200);
      expect(verify.body.ok).toBe(true);
    }
  });

  it('a fresh service on a pool of one connection: writes whose transactions look up a unit (an event, an open, a register entry) are answered', async () => {
    // PostgreSQL: each event's transaction holds a connection of the pool. A unit's path not cached yet
    // was read through the pool inside it: with as many such transactions as connections (10, under
    // load, on a fresh service) the service waited forever. With one connection, one event shows it.
    const store = await createTestStore();
    let fresh: TestApp | undefined;
    try {
      const first = await startTestApp({}, { store });
      // units of its own, a county under a city: the fresh service has cached neither path (it ensures
      // only the test units at start)
      const city = unique('pool-');
      const county = `${city}-county`;
      const asUnit = (base: string, unit: string) =>
        roleClients(
          (sub, role) => new Client(base, signJwt(claims(sub, [role], 3600, unit), TEST_SECRET)),
          new Client(base, signJwt(claims('pool-admin', ['admin'], 3600, null), TEST_SECRET)),
        );
      const u = asUnit(first.baseUrl, county);
      expectStatus(await u.admin.post('/units', { code: city, name: `连接池测试 ${city}` }), 201);
      expectStatus(
        await u.admin.post('/units', { code: county, name: `连接池测试县 ${county}`, parentCode: city }),
        201,
      );
      const opened = expectStatus(await u.integration.post<CaseView>('/cases', openBody()), 201).body;
      const target = await walkToInvestigation(u, opened.id);
      await first.close();
      fresh = await startTestApp({ DATABASE_POOL_SIZE: '1' }, { store });
      const v = asUnit(fresh.baseUrl, county);
      const sent = await Promise.race([
        v.officer.send<CaseView>(target.id, 'RECORD_STATEMENT', { statement: '新进程，一个连接' }),
        new Promise<'no answer in 15 s'>((resolve) => setTimeout(() => resolve('no answer in 15 s'), 15_000)),
      ]);
      expect(sent === 'no answer in 15 s' ? sent : sent.status).toBe(200);
      // and a case opened there, and opened again (its business key found: the reach checked in the transaction)
      const body = openBody();
      const key = { 'idempotency-key': unique('pool-open-') };
      const made = expectStatus(await v.integration.post<CaseView>('/cases', body, key), 201).body;
      expect(expectStatus(await v.integration.post<CaseView>('/cases', body, key), 200).body.id).toBe(
        made.id,
      );
      // and the city's register written by its admin (the unit's reach checked in the transaction; the
      // city's path not cached yet)
      const cityAdmin = new Client(
        fresh.baseUrl,
        signJwt(claims('pool-city-admin', ['admin'], 3600, city), TEST_SECRET),
      );
      const cadre = { ref: unique('P-'), name: '周兰' };
      expectStatus(await cityAdmin.post(`/units/${city}/cadres`, cadre), 201);
    } finally {
      await fresh?.close();
      await store.drop();
    }
  });
});
