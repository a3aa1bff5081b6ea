/**
 * Failed authentications per client (address), in fixed windows: the first failure opens a window of
 * `windowMs`; once `limit` failures fell in it, the client is limited until the window ends. Successes
 * are not counted and do not reset the count (a good token in between does not buy more guesses).
 * Per process: with several API processes, each keeps its own count. (No Nest import: unit-tested alone.)
 */
export class AuthFailures {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly capacity = 100_000,
  ) {}

  /** Seconds until `client` may fail again (for Retry-After), or 0 when it is not limited. */
  limitedFor(client: string): number {
    const window = this.live(client);
    if (!window || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000));
  }

  /** Counts a failure of `client`. */
  failed(client: string): void {
    const window = this.live(client);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= this.capacity) this.evictEnded();
    // Still full of live windows (a flood of addresses): the oldest goes, as a bounded map must.
    if (this.windows.size >= this.capacity) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.set(client, { failures: 1, endsAt: this.now() + this.windowMs });
  }

  private live(client: string) {
    const window = this.windows.get(client);
    if (window && window.endsAt <= this.now()) {
      this.windows.delete(client);
      return undefined;
    }
    return window;
  }

  private evictEnded(): void {
    const now = this.now();
    for (const [client, window] of this.windows) if (window.endsAt <= now) this.windows.delete(client);
  }
}
