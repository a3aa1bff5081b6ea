/*
 * Idempotency-Key on events works as on opening (issue 19, item 5): the same key and body again is
 * answered with the case (applied once, also when the retries arrive at the same moment); the same key
 * with another body is 422. Runs on SQLite, and on PostgreSQL with WENZE_TEST_PG_URL.
 */
import { queuePrefix } from './support/deadline-helpers';
import {
  type CaseView,
  type ErrorBody,
  expectStatus,
  history,
  openCase,
  unique,
  users,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp({ QUEUE_PREFIX: queuePrefix('event-keys') });
  u = await users(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('Idempotency-Key on events', () => {
  it('the same key and body again: the same answer, applied once', async () => {
    const opened = await openCase(u);
    const key = { 'idempotency-key': unique('k-') };
    const first = expectStatus(await u.officer.send<CaseView>(opened.id, 'ACCEPT', undefined, key), 200);
    const again = expectStatus(await u.officer.send<CaseView>(opened.id, 'ACCEPT', undefined, key), 200);
    expect(again.body.revision).toBe(first.body.revision);
    expect(again.body.state).toBe(first.body.state);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await history(u.officer, opened.id)).map((h) => h.type)).toEqual(['OPEN', 'ACCEPT']);
  });

  it('the same key with another body: 422, nothing applied', async () => {
    const opened = await openCase(u);
    const key = { 'idempotency-key': unique('k-') };
    expectStatus(await u.officer.send(opened.id, 'ACCEPT', undefined, key), 200);
    const other = await u.officer.send<ErrorBody>(opened.id, 'DECLINE', { reason: 'Not ours' }, key);
    expect(other.status).toBe(422);
    expect(other.body.message).toMatch(/Idempotency-Key/);
    expect((await history(u.officer, opened.id)).map((h) => h.type)).toEqual(['OPEN', 'ACCEPT']);
    // The key of an event is not a key for another case either.
    const second = await openCase(u);
    expect((await u.officer.send(second.id, 'ACCEPT', undefined, key)).status).toBe(422);
  });

  it('retried at the same moment: applied once, every retry answered with the same revision', async () => {
    const opened = await openCase(u);
    const key = { 'idempotency-key': unique('k-') };
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => u.officer.send<CaseView>(opened.id, 'ACCEPT', undefined, key)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(replies.map((r) => r.body.revision)).size).toBe(1);
    expect((await history(u.officer, opened.id)).map((h) => h.type)).toEqual(['OPEN', 'ACCEPT']);
  });

  it('a key is the caller’s own: another user with the same key sends their own event', async () => {
    const opened = await openCase(u);
    const key = { 'idempotency-key': unique('k-') };
    expectStatus(await u.officer.send(opened.id, 'ACCEPT', undefined, key), 200);
    expectStatus(await u.leader.send(opened.id, 'APPROVE_INVESTIGATION', undefined, key), 200);
    expect((await history(u.officer, opened.id)).map((h) => h.type)).toEqual([
      'OPEN',
      'ACCEPT',
      'APPROVE_INVESTIGATION',
    ]);
  });
});
