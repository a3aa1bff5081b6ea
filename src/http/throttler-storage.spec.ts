import { QueueThrottlerStorage } from './throttler-storage';

const MINUTE = 60_000;

function storage() {
  const clock = { t: 1_000_000 };
  return { clock, store: new QueueThrottlerStorage(() => clock.t) };
}

describe('QueueThrottlerStorage', () => {
  it('counts the hits of the last window and blocks the one over the limit for blockDuration', async () => {
    const { clock, store } = storage();
    const hit = () => store.increment('sub:a', MINUTE, 3, MINUTE, 'default');
    expect((await hit()).totalHits).toBe(1);
    clock.t += 1000;
    expect(await hit()).toMatchObject({ totalHits: 2, timeToExpire: 59, isBlocked: false });
    expect((await hit()).isBlocked).toBe(false);
    const over = await hit();
    expect(over).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    clock.t += 30_000;
    // Blocked: not counted, still refused.
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 30 });
    clock.t += 30_000;
    // The block is over: counted afresh.
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('slides: hits older than the window no longer count', async () => {
    const { clock, store } = storage();
    for (let i = 0; i < 5; i++) {
      await store.increment('k', MINUTE, 100, MINUTE, 'default');
      clock.t += 20_000;
    }
    // Hits at 0, 20, 40, 60, 80 s; now 100 s: those at 60 and 80 s are live, plus this one.
    expect((await store.increment('k', MINUTE, 100, MINUTE, 'default')).totalHits).toBe(3);
  });

  it('keeps one budget per key and throttler name, and forgets idle ones', async () => {
    const { clock, store } = storage();
    await store.increment('a', MINUTE, 10, MINUTE, 'default');
    await store.increment('a', MINUTE, 10, MINUTE, 'burst');
    expect((await store.increment('b', MINUTE, 10, MINUTE, 'default')).totalHits).toBe(1);
    expect(store.size).toBe(3);
    clock.t += 2 * MINUTE;
    store.evictIdle();
    expect(store.size).toBe(0);
    store.onApplicationShutdown();
  });

  it('without a block (blockDuration 0) refuses while the window is full', async () => {
    const { clock, store } = storage();
    const hit = () => store.increment('k', MINUTE, 2, 0, 'default');
    await hit();
    clock.t += 10_000;
    await hit();
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 50 });
    clock.t += 50_000;
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
  });

  it('stays exact over many hits (the queue is compacted)', async () => {
    const { clock, store } = storage();
    let last = { totalHits: 0 };
    for (let i = 0; i < 5000; i++) {
      last = await store.increment('k', 1000, 1_000_000, 1000, 'default');
      clock.t += 1;
    }
    expect(last.totalHits).toBe(1000);
  });
});
