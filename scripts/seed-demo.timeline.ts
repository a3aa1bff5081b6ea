/**
 * A small discrete-event scheduler for the demo seed: each story is an async function that waits
 * for the dates it acts on (`await timeline.until(date)`); the timeline runs the stories in the
 * order of those dates across all cases, setting the clock before it wakes each one. A story that
 * is talking to the engine keeps the others waiting, so the history of every case, and the order
 * of the cases between them, follows the calendar.
 */
export class Timeline {
  private now: number;
  private seq = 0;
  private running = 0;
  private readonly waiting: { t: number; seq: number; wake: () => void }[] = [];
  private idle?: () => void;
  readonly failures: string[] = [];

  constructor(
    start: number,
    private readonly setClock: (t: number) => void,
    private readonly onTick: (from: number, to: number) => void = () => undefined,
  ) {
    this.now = start;
    setClock(start);
  }

  get time(): number {
    return this.now;
  }

  /** Starts a story now; it runs until it first waits. A failure is recorded with the story's name. */
  spawn(name: string, story: () => Promise<void>): void {
    this.running++;
    Promise.resolve()
      .then(story)
      .catch((error: Error) => this.failures.push(`${name}: ${error.message}`))
      .finally(() => {
        this.running--;
        this.checkIdle();
      });
  }

  /** Waits until the clock reaches `t` (a date in the past is taken as now, after what is already due). */
  until(t: number | Date): Promise<void> {
    const at = Math.max(Number(t), this.now);
    return new Promise((wake) => {
      this.waiting.push({ t: at, seq: this.seq++, wake });
      this.running--;
      this.checkIdle();
    });
  }

  /** Runs every story to its end, one step at a time in the order of the dates. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise<void>((done) => {
        this.idle = done;
        this.checkIdle();
      });
      if (!this.waiting.length) return;
      this.waiting.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const next = this.waiting.shift()!;
      if (next.t !== this.now) {
        this.onTick(this.now, next.t);
        this.now = next.t;
        this.setClock(next.t);
      }
      this.running++;
      next.wake();
    }
  }

  private checkIdle(): void {
    if (this.running === 0 && this.idle) {
      const idle = this.idle;
      this.idle = undefined;
      idle();
    }
  }
}
