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
  unique,
  users,
  walkToInvestigation,
  type CaseView,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

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
async function allReadTogether<T>(send: () => Promise<T>[]): Promise<T[]> {
  app.process.kill('SIGSTOP');
  let replies: Promise<T[]>;
  try {
    replies = Promise.all(send());
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    app.process.kill('SIGCONT');
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
});
