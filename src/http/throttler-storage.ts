import type { ThrottlerStorage } from '@nestjs/throttler';

/** One budget: the expiry times of its hits within the window, oldest first, and its block. */
interface Budget {
  /** Expiry times, ascending (every hit gets now + ttl, and now only grows); live from `head` on. */
  hits: number[];
  head: number;
  /** The window the X-RateLimit-Reset header counts down (renewed once it has run out). */
  expiresAt: number;
  blocked: boolean;
  blockExpiresAt: number;
}

type StorageRecord = {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
};

/**
 * The rate limit's counts with the results of the library's in-memory storage (a sliding window of
 * hits; over the limit, blocked for blockDuration, then counted afresh), at a constant cost per request.
 * The library's storage filters a copy of the key's whole hit list on every request — O(limit), and a
 * new array each time — which at a generous limit cost more than the rest of the guard together.
 * Here the hits form a queue: expiry times only grow, so the expired ones are all at its head.
 * (No Nest import: the unit tests load it without Nest, which is ESM-only.)
 */
export class QueueThrottlerStorage implements ThrottlerStorage {
  private readonly budgets = new Map<string, Budget>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Budgets with nothing left to count (no live hit, no block) are dropped once a minute.
    this.sweep = setInterval(() => this.evictIdle(), 60_000);
    this.sweep.unref();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<StorageRecord> {
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    let b = this.budgets.get(id);
    if (!b) {
      b = { hits: [], head: 0, expiresAt: now + ttl, blocked: false, blockExpiresAt: 0 };
      this.budgets.set(id, b);
    }
    prune(b, now);
    let timeToExpire = seconds(b.expiresAt - now);
    if (timeToExpire <= 0) {
      b.expiresAt = now + ttl;
      timeToExpire = seconds(b.expiresAt - now);
    }
    if (blockDuration <= 0) {
      // No block: refused while the window holds `limit` hits.
      const isBlocked = live(b) >= limit;
      if (!isBlocked) b.hits.push(now + ttl);
      return {
        totalHits: live(b) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? seconds(b.hits[b.head] - now) : 0,
      };
    }
    if (!b.blocked) b.hits.push(now + ttl);
    if (live(b) > limit && !b.blocked) {
      b.blocked = true;
      b.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = seconds(b.blockExpiresAt - now);
    if (timeToBlockExpire <= 0 && b.blocked) {
      // The block is over: counted afresh, starting with this request.
      b.blocked = false;
      b.hits = [now + ttl];
      b.head = 0;
    }
    return { totalHits: live(b), timeToExpire, isBlocked: b.blocked, timeToBlockExpire };
  }

  /** How many budgets are kept (for tests). */
  get size(): number {
    return this.budgets.size;
  }

  evictIdle(): void {
    const now = this.now();
    for (const [id, budget] of this.budgets) {
      prune(budget, now);
      if (!budget.blocked && live(budget) === 0 && budget.expiresAt <= now) this.budgets.delete(id);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.budgets.clear();
  }
}

/** Drops the expired hits at the head; compacts the array once the dead part outweighs the live one. */
function prune(budget: Budget, now: number): void {
  const { hits } = budget;
  let head = budget.head;
  while (head < hits.length && hits[head] <= now) head++;
  if (head > 1024 && head * 2 > hits.length) {
    budget.hits = hits.slice(head);
    head = 0;
  }
  budget.head = head;
}

function live(budget: Budget): number {
  return budget.hits.length - budget.head;
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
