/*
 * A time limit that has passed counts even when its timer has not fired yet (no worker running,
 * Redis away, or the firing lag): an event arriving after the due time is applied after the
 * timeout, never before it.
 */
import { SAMPLE } from '../machines/accountability.fixtures';
import { queuePrefix, timeoutRows, waitUntilPast } from './support/deadline-helpers';
import {
  decideAndDeliver,
  expectStatus,
  getCase,
  history,
  openCase,
  step,
  users,
  walkToDecision,
  walkToInvestigation,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;

beforeAll(async () => {
  // API only: no worker fires anything, so every timeout here is caught up by the next event.
  app = await startTestApp({
    WENZE_ROLE: 'api',
    QUEUE_PREFIX: queuePrefix('late'),
    DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'PT1S', appealWindow: 'PT1S' }),
  });
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

it('an event after the investigation limit is recorded after the timeout, and the case is flagged overdue', async () => {
  const opened = await openCase(u);
  const investigating = await walkToInvestigation(u, opened.id);
  const limit = investigating.deadlines.find((d) => d.kind === 'investigation' && d.status === 'pending');
  expect(limit).toBeDefined();
  await waitUntilPast(limit!.dueAt, 300);
  expect((await getCase(u.officer, opened.id)).deadlines.find((d) => d.id === limit!.id)?.status).toBe(
    'pending',
  );

  const after = await step(u, opened.id, 'RECORD_STATEMENT');
  const rows = await history(u.officer, opened.id);
  const [timeout] = timeoutRows(rows, 'investigation');
  expect(timeout).toMatchObject({ actor: { sub: 'system:deadline' }, at: limit!.dueAt });
  expect(rows.at(-1)?.type).toBe('RECORD_STATEMENT');
  expect(rows.at(-2)?.seq).toBe(timeout.seq);
  expect(after.deadlines.find((d) => d.id === limit!.id)).toMatchObject({ status: 'fired', overdue: true });
  expect((after.context as { overdue: Record<string, string> }).overdue.investigation).toBe(limit!.dueAt);
  const verify = expectStatus(await u.supervisor.get(`/cases/${opened.id}/verify`), 200).body;
  expect(verify).toMatchObject({ ok: true, replayMatches: true });
});

it('an appeal filed after the window closed is refused, and the closing of the window is kept', async () => {
  const opened = await openCase(u);
  await walkToDecision(u, opened.id);
  const delivered = await decideAndDeliver(u, opened.id, SAMPLE.DECIDE);
  const window = delivered.deadlines.find((d) => d.kind === 'appealWindow' && d.status === 'pending');
  expect(window).toBeDefined();
  await waitUntilPast(window!.dueAt, 300);

  const late = await u.officer.send<ErrorBody>(opened.id, 'FILE_APPEAL', SAMPLE.FILE_APPEAL);
  expect(late.status).toBe(422);
  const now = await getCase(u.officer, opened.id);
  expect(now.states).toContain('execution.appeal.windowClosed');
  expect(now.deadlines.find((d) => d.id === window!.id)?.status).toBe('fired');
  const rows = await history(u.officer, opened.id);
  expect(rows.some((r) => r.type === 'FILE_APPEAL')).toBe(false);
  expect(timeoutRows(rows, 'appealWindow')).toHaveLength(1);
});
