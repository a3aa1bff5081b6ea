/*
 * Urging (督办): POST /cases/:id/urge puts a supervisor's message on the case's chain (record.urge)
 * without moving the case; it is for the roles with the `urge` capability, within their reach.
 */
import { claims, signJwt, TEST_SUB_UNIT } from './support/jwt';
import { queuePrefix, waitFor } from './support/deadline-helpers';
import {
  expectStatus,
  getCase,
  history,
  openCase,
  SUBS,
  users,
  walkToInvestigation,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp({
    QUEUE_PREFIX: queuePrefix('urge'),
    DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT1S' }),
  });
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

interface Minimal {
  id: string;
  state: string;
  revision: number;
}

it('a supervisor urges an overdue case: the history shows who urged what about which deadline, and it still verifies', async () => {
  const opened = await openCase(u);
  const investigating = await walkToInvestigation(u, opened.id);
  const limit = investigating.deadlines.find((d) => d.kind === 'investigation' && d.status === 'pending')!;
  // The worker fires the limit: the case is overdue.
  await waitFor(
    'the investigation limit to fire',
    async () => (await getCase(u.supervisor, opened.id)).deadlines.find((d) => d.id === limit.id)?.overdue,
    20_000,
  );

  const message = '请于三日内报送调查进展。';
  const urged = expectStatus(
    await u.supervisor.post<Minimal>(`/cases/${opened.id}/urge`, { message, deadlineId: limit.id }),
    201,
  );
  const rows = await history(u.officer, opened.id);
  const row = rows.at(-1)!;
  expect(row).toMatchObject({
    seq: urged.body.revision,
    type: 'record.urge',
    actor: { sub: SUBS.supervisor, roles: ['supervisor'] },
    payload: { message, deadlineId: limit.id, deadlineKind: 'investigation', dueAt: limit.dueAt },
  });
  // The case stays where it was.
  expect(row.from).toBe(row.to);
  expect(urged.body.state).toBe(rows.at(-2)!.to);
  expect((await getCase(u.officer, opened.id)).deadlines.find((d) => d.id === limit.id)?.overdue).toBe(true);
  expect(urged.headers.get('etag')).toBe(`"${urged.body.revision}"`);
  const verify = expectStatus(await u.supervisor.get(`/cases/${opened.id}/verify`), 200).body;
  expect(verify).toMatchObject({ ok: true, replayMatches: true });
});

it('an officer may not urge (403); outside your reach the case does not exist (404); nothing is written', async () => {
  const opened = await openCase(u);
  const forbidden = await u.officer.post<ErrorBody>(`/cases/${opened.id}/urge`, { message: 'hurry up' });
  expect(forbidden.status).toBe(403);

  const outside = new Client(
    app.baseUrl,
    await signJwt(claims('sub-unit-supervisor', ['supervisor'], 3600, TEST_SUB_UNIT), TEST_SECRET),
  );
  const hidden = await outside.post<ErrorBody>(`/cases/${opened.id}/urge`, { message: 'hurry up' });
  expect(hidden.status).toBe(404);
  expect(hidden.body.code).toBe('CASE_NOT_FOUND');
  expect((await getCase(u.officer, opened.id)).revision).toBe(opened.revision);
});

it('an empty, blank or too long message, or a deadline of another case, is bad input (400) and leaves nothing behind', async () => {
  const opened = await openCase(u);
  const other = await walkToInvestigation(u, (await openCase(u)).id);
  const otherDeadline = other.deadlines[0].id;
  const bad: [unknown, RegExp][] = [
    [{ message: '' }, /message must be 1 to 500 characters/],
    [{ message: '   ' }, /message must not be blank/],
    [{ message: 'x'.repeat(501) }, /message must be 1 to 500 characters/],
    [{}, /message/],
    [{ message: 'ok', deadlineId: 'not-a-uuid' }, /deadlineId/],
    [{ message: 'ok', deadlineId: otherDeadline }, /is not a deadline of case/],
    [{ message: 'ok', extra: 1 }, /extra/],
  ];
  for (const [body, why] of bad) {
    const reply = await u.supervisor.post<ErrorBody>(`/cases/${opened.id}/urge`, body);
    expect([reply.status, reply.body.message]).toEqual([400, expect.stringMatching(why)]);
  }
  expect((await getCase(u.officer, opened.id)).revision).toBe(opened.revision);
});
