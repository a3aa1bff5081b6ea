import type { Actor } from '../engine/actor';

/**
 * Tokens verified recently, so that a client sending many requests with one token is not verified
 * every time. Bounded (least recently used goes first) and expiry-aware: an entry is kept for at most
 * `ttlMs` and never past the token's own `exp`. Keyed by the whole token string, so a token is only
 * ever answered with what its own verified claims said.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = 60_000,
  ) {}

  get(token: string, now = Date.now()): Actor | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.until <= now) return undefined;
    this.entries.set(token, entry); // most recently used last
    return entry.actor;
  }

  /** `expSeconds`: the token's exp claim (seconds since the epoch). */
  set(token: string, actor: Actor, expSeconds: number | undefined, now = Date.now()): void {
    const until = Math.min(now + this.ttlMs, expSeconds === undefined ? Infinity : expSeconds * 1000);
    if (until <= now) return;
    this.entries.delete(token);
    this.entries.set(token, { actor, until });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
