/*
 * Scale-out: two API processes and two deadline workers share one database and one Redis.
 * Thousands of events go to the same few cases through both APIs at once, while the cases'
 * time limits fall due. Afterwards nothing is lost, every history is gapless and verifies,
 * and every deadline fired exactly once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createTestStore, type TestStore } from './support/test-store';
import { queuePrefix, timeoutRows, waitFor } from './support/deadline-helpers';
import {
  expectStatus,
  getCase,
  history,
  openCase,
  users,
  walkToInvestigation,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';
import { startWorker, type WorkerProcess } from './support/worker-process';

const CASES = 8;
const EVENTS = 2000;
const IN_FLIGHT = 24;
const INVESTIGATION_LIMIT = 'PT8S';

let store: TestStore;
const apis: TestApp[] = [];
const workers: WorkerProcess[] = [];
let clients: Users[] = [];

beforeAll(async () => {
  store = await createTestStore();
  const env = {
    ...store.env,
    QUEUE_PREFIX: queuePrefix('multi'),
    DEADLINE_OVERRIDES: JSON.stringify({ investigation: INVESTIGATION_LIMIT }),
    DEADLINE_SWEEP_MS: '2000',
    LOG_LEVEL: 'warn',
  };
  for (let i = 0; i < 2; i++) apis.push(await startTestApp({ ...env, WENZE_ROLE: 'api' }, { store }));
  for (let i = 0; i < 2; i++) workers.push(await startWorker(env));
  clients = await Promise.all(apis.map((a) => users(a.baseUrl)));
}, 120_000);

afterAll(async () => {
  await Promise.all([...apis.map((a) => a.close()), ...workers.map((w) => w.close())]);
  await store?.drop();
});

interface Outcome {
  caseId: string;
  statement: string;
  status: number;
  retries: number;
}

/** Sends one statement, half of them with If-Match: a 409 is re-read and retried, as a client would. */
async function sendStatement(
  u: Users,
  caseId: string,
  statement: string,
  withIfMatch: boolean,
): Promise<Outcome> {
  let retries = 0;
  for (;;) {
    const headers: Record<string, string> = {};
    if (withIfMatch) headers['if-match'] = `"${(await getCase(u.officer, caseId)).revision}"`;
    const reply = await u.officer.send(caseId, 'RECORD_STATEMENT', { statement }, headers);
    if (reply.status !== 409 || retries >= 200) return { caseId, statement, status: reply.status, retries };
    retries++;
  }
}

it('two APIs and two workers: no lost update, gapless and verified histories, each deadline fired once', async () => {
  const [a] = clients;
  const cases: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const opened = await openCase(a);
    await walkToInvestigation(clients[i % 2], opened.id);
    cases.push(opened.id);
  }

  const started = Date.now();
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const u = clients[i % 2];
        outcomes.push(await sendStatement(u, cases[i % CASES], `statement ${i}`, i % 4 === 0));
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;

  expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);

  // The time limits fell due during the load; wait until every one has fired.
  const supervisor = a.supervisor;
  await waitFor(
    'every investigation deadline to fire',
    async () => {
      const reply = expectStatus(
        await supervisor.get<{ items: unknown[] }>('/deadlines?status=pending&limit=100'),
        200,
      );
      return reply.body.items.length === 0;
    },
    60_000,
    250,
  );

  for (const caseId of cases) {
    const rows = await history(a.officer, caseId);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const sent = outcomes.filter((o) => o.caseId === caseId).map((o) => o.statement);
    const recorded = rows.filter((r) => r.type === 'RECORD_STATEMENT').map((r) => r.payload.statement);
    expect([...recorded].sort()).toEqual([...sent].sort());
    expect(timeoutRows(rows, 'investigation')).toHaveLength(1);
    const verify = expectStatus(await a.supervisor.get(`/cases/${caseId}/verify`), 200);
    expect(verify.body).toMatchObject({ ok: true, replayMatches: true, checked: rows.length });
    const current = await getCase(a.officer, caseId);
    expect(current.deadlines.filter((d) => d.kind === 'investigation')).toEqual([
      expect.objectContaining({ status: 'fired', overdue: true }),
    ]);
  }

  const figures = {
    store: store.kind,
    processes: '2 api + 2 workers',
    cases: CASES,
    eventsSent: EVENTS,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(EVENTS / seconds),
    ifMatchConflictsRetried: outcomes.reduce((n, o) => n + o.retries, 0),
    deadlinesFired: cases.length,
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync(`test-results/multi-process-${store.kind}.json`, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`multi-process figures: ${JSON.stringify(figures)}\n`);
}, 240_000);
