/*
 * The calendar beyond the holiday package's data: a working-day limit that runs into a year without
 * an official schedule is counted on the statutory holidays and marked provisional; when the official
 * schedule arrives (CALENDAR_FILE, with a make-up working day), the pending limit is re-planned at
 * start — a history row of its case with the old and new due times — and its queue job moved.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { ChinaBusinessCalendar } from '../src/engine/deadlines/business-calendar';
import { holidayCalendarFrom } from '../src/engine/deadlines/holiday-calendar';
import { addDays, statutoryHolidays } from '../src/engine/deadlines/statutory-holidays';
import { dropQueueKeys, queuePrefix, redisClient, REDIS_URL } from './support/deadline-helpers';
import { expectStatus, history, type CaseView } from './support/procedure';
import { createTestStore, type TestStore } from './support/test-store';
import { Client, startTestApp, token, type TestApp } from './support/test-app';

const MODULE = 'test/fixtures/calendar.workflow.ts';
const DEFAULT_FILE = 'config/calendar.json';
const prefix = queuePrefix('calendar');
const dir = mkdtempSync(join(tmpdir(), 'wenze-calendar-'));
const officialFile = join(dir, 'official.json');

let store: TestStore;
let app: TestApp | undefined;
let queue: Queue;

interface HealthReport {
  details: { calendar: { provisionalYears: number[]; officialYears: number[] } };
}

async function start(calendarFile: string) {
  await app?.close();
  app = await startTestApp(
    { WORKFLOW_MODULES: MODULE, QUEUE_PREFIX: prefix, CALENDAR_FILE: calendarFile },
    { store },
  );
  return {
    officer: await Client.as(app.baseUrl, 'olivia', ['officer']),
    supervisor: await Client.as(app.baseUrl, 'sam', ['supervisor']),
  };
}

/** Pending provisional deadlines, as Prometheus reads them. */
async function provisionalMetric(): Promise<number> {
  const scrape = await fetch(`${app!.baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${await token('ada', ['admin'])}` },
  });
  expect(scrape.status).toBe(200);
  return Number(/^wenze_deadlines_provisional (\d+)$/m.exec(await scrape.text())?.[1] ?? NaN);
}

/** The first Saturday in `year` after `from` (YYYY-MM-DD) that the law does not make a holiday. */
function saturdayIn(year: number, from: string): string {
  let d = from > `${year}-01-01` ? from : `${year}-01-01`;
  const statutory = statutoryHolidays(year);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 6 || statutory.has(d)) d = addDays(d, 1);
  return d;
}

beforeAll(async () => {
  store = await createTestStore();
  queue = new Queue('deadlines', { connection: { url: REDIS_URL }, prefix });
});

afterAll(async () => {
  await queue?.close();
  await app?.close();
  await store?.drop();
  const redis = redisClient();
  await dropQueueKeys(redis, prefix).catch(() => undefined);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('working days in a year without an official holiday schedule', () => {
  let opened: CaseView;
  const provisional = new ChinaBusinessCalendar(holidayCalendarFrom(DEFAULT_FILE));

  it('a limit counted on the provisional calendar says so, and health names the provisional years', async () => {
    const p = await start(DEFAULT_FILE);
    const body = {
      workflow: 'reply',
      title: 'Reply due',
      subject: { ref: 'cal-1', kind: 'individual', name: '张三' },
    };
    opened = expectStatus(await p.officer.post<CaseView>('/cases', body), 201).body;
    const expected = provisional.traced(() => provisional.add(new Date(opened.createdAt), 'P60WD'));
    expect(expected.provisional).toBe(true);
    expect(opened.deadlines).toEqual([
      expect.objectContaining({
        kind: 'reply',
        status: 'pending',
        dueAt: expected.value.toISOString(),
        provisional: true,
      }),
    ]);
    const health = expectStatus(await new Client(app!.baseUrl).get<HealthReport>('/health'), 200).body;
    const year = new Date(expected.value).getUTCFullYear();
    expect(health.details.calendar.provisionalYears).toContain(year);
    expect(await provisionalMetric()).toBe(1);
  });

  it('the official schedule with a make-up working day moves the pending limit, recorded on its case', async () => {
    const before = opened.deadlines[0];
    const year = new Date(before.dueAt).getUTCFullYear();
    // The official schedule: the statutory days off, and a Saturday before the due date worked (调休).
    const makeUp = saturdayIn(year, addDays(opened.createdAt.slice(0, 10), 2));
    expect(makeUp < before.dueAt.slice(0, 10)).toBe(true);
    const schedule = { holidays: [...statutoryHolidays(year)].sort(), workdays: [makeUp] };
    writeFileSync(officialFile, JSON.stringify({ holidays: [], workdays: [], years: { [year]: schedule } }));
    const official = new ChinaBusinessCalendar(holidayCalendarFrom(officialFile));
    const expected = official.traced(() => official.add(new Date(opened.createdAt), 'P60WD'));
    expect(expected.value.toISOString() < before.dueAt).toBe(true);

    const p = await start(officialFile);
    const now = expectStatus(await p.officer.get<CaseView>(`/cases/${opened.id}`), 200).body;
    expect(now.deadlines).toEqual([
      expect.objectContaining({
        id: before.id,
        status: 'pending',
        dueAt: expected.value.toISOString(),
        provisional: expected.provisional,
      }),
    ]);
    expect(now.state).toBe(opened.state);
    const rows = await history(p.supervisor, opened.id);
    expect(rows.at(-1)).toMatchObject({
      type: 'record.deadlineReplanned',
      actor: { sub: 'system:calendar' },
      payload: {
        deadlineId: before.id,
        kind: 'reply',
        fromDueAt: before.dueAt,
        toDueAt: expected.value.toISOString(),
        provisional: expected.provisional,
      },
    });
    const verify = expectStatus(await p.supervisor.get(`/cases/${opened.id}/verify`), 200).body;
    expect(verify).toMatchObject({ ok: true, replayMatches: true });
    // The queue's job now waits for the new due time.
    const job = await queue.getJob(before.id);
    expect(job?.data).toMatchObject({ deadlineId: before.id, dueAt: expected.value.toISOString() });
    const health = expectStatus(await new Client(app!.baseUrl).get<HealthReport>('/health'), 200).body;
    expect(health.details.calendar.officialYears).toContain(year);
    expect(await provisionalMetric()).toBe(expected.provisional ? 1 : 0);
  });

  it('a second start on the same schedule moves nothing again', async () => {
    const p = await start(officialFile);
    const rows = await history(p.supervisor, opened.id);
    expect(rows.filter((r) => r.type === 'record.deadlineReplanned')).toHaveLength(1);
  });
});
