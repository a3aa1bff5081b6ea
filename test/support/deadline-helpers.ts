/* Helpers for the deadline end-to-end specs: bounded waits, timeout rows, BullMQ keys, firing lag. */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { components } from '../../web/src/api/schema';
import { expectStatus, history, type CaseView, type HistoryEntry, type Page } from './procedure';
import type { Client } from './test-app';

export const DEADLINE_SUB = 'system:deadline';
export const TIMEOUT_PREFIX = 'xstate.after.';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls `probe` until it returns something other than undefined/null/false, and returns that.
 * Throws after `timeoutMs` with `what` and the last value seen (or the last error thrown).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await sleep(intervalMs);
  }
}

/** Waits until the wall clock is past `iso` plus `marginMs`. */
export async function waitUntilPast(iso: string, marginMs = 0): Promise<void> {
  const left = Date.parse(iso) + marginMs - Date.now();
  if (left > 0) await sleep(left);
}

export function latestIso(isos: string[]): string {
  return isos.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

export function queuePrefix(name: string): string {
  return `wenze-e2e-${name}-${randomUUID().slice(0, 8)}`;
}

/** The history rows of timeout events (sent by the deadline timer), optionally for one delay. */
export function timeoutRows(rows: HistoryEntry[], delay?: string): HistoryEntry[] {
  return rows.filter(
    (r) =>
      r.type.startsWith(TIMEOUT_PREFIX) &&
      (delay === undefined || r.type.startsWith(`${TIMEOUT_PREFIX}${delay}.`)),
  );
}

export async function timeoutsOf(client: Client, caseId: string, delay?: string): Promise<HistoryEntry[]> {
  return timeoutRows(await history(client, caseId), delay);
}

export type CaseDeadline = CaseView['deadlines'][number];

/** The case's one deadline of `kind` with `status` (pending unless told); fails when there is not exactly one. */
export function deadlineOf(c: CaseView, kind: string, status = 'pending'): CaseDeadline {
  const found = c.deadlines.filter((d) => d.kind === kind && d.status === status);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${status} ${kind} deadline on case ${c.id}, found: ${JSON.stringify(c.deadlines)}`,
    );
  }
  return found[0];
}

export type DeadlineListItem = components['schemas']['DeadlineListItem'];

/** Every deadline matching the query string (e.g. "status=fired&kind=investigation"), all pages. */
export async function listDeadlines(client: Client, query: string): Promise<DeadlineListItem[]> {
  const items: DeadlineListItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const url = `/deadlines?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<DeadlineListItem> = expectStatus(
      await client.get<Page<DeadlineListItem>>(url),
      200,
    ).body;
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('paging /deadlines does not end');
}

/** A Redis client for looking at the BullMQ keys; `close()` it in afterAll. */
export function redisClient(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
}

/** The BullMQ job hash of a deadline (jobId = deadline id) on the `deadlines` queue. */
export function jobKey(prefix: string, deadlineId: string): string {
  return `${prefix}:deadlines:${deadlineId}`;
}

/** Removes every key under a test's queue prefix from a shared Redis. */
export async function dropQueueKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Firing lag as seen from outside: polls GET /deadlines?status=fired and notes when each watched
 * deadline first shows up as fired, minus its dueAt. Informational only: the specs never assert it.
 */
export class LagProbe {
  private readonly seen = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly client: Client,
    private readonly due: Map<string, string>,
    private readonly label: string,
    private readonly intervalMs = 25,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    return this;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = Date.now();
      const fired = await listDeadlines(this.client, 'status=fired');
      for (const d of fired) if (this.due.has(d.id) && !this.seen.has(d.id)) this.seen.set(d.id, now);
    } catch {
      // the app may be busy or gone; the probe is best effort
    } finally {
      this.polling = false;
    }
  }

  /** Waits (bounded) until every watched deadline was seen fired, then stops; returns the lags. */
  async finish(timeoutMs = 5000): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.seen.size < this.due.size && Date.now() < deadline) await sleep(this.intervalMs);
    return this.stop();
  }

  /** Stops polling and returns (and prints) the lags in ms, due → visible as fired. */
  stop(): number[] {
    clearInterval(this.timer);
    const lags = [...this.seen].map(([id, at]) => at - Date.parse(this.due.get(id)!)).sort((a, b) => a - b);
    if (lags.length) {
      const pick = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
      process.stdout.write(
        `[firing lag] ${this.label}: n=${lags.length} min=${lags[0]} p50=${pick(0.5)} max=${lags[lags.length - 1]} ms (due → visible as fired)\n`,
      );
    }
    return lags;
  }
}
