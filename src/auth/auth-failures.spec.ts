import { AuthFailures } from './auth-failures';

describe('AuthFailures', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('limits a client after `limit` failures until its window ends, then counts afresh', () => {
    const failures = new AuthFailures(3, 60_000, clock);
    for (let i = 0; i < 3; i++) {
      expect(failures.limitedFor('a')).toBe(0);
      failures.failed('a');
    }
    expect(failures.limitedFor('a')).toBe(60);
    now += 45_500;
    expect(failures.limitedFor('a')).toBe(15);
    expect(failures.limitedFor('b')).toBe(0);
    now += 14_500;
    expect(failures.limitedFor('a')).toBe(0);
    failures.failed('a');
    expect(failures.limitedFor('a')).toBe(0);
  });

  it('stays bounded: the oldest window goes when the map is full', () => {
    const failures = new AuthFailures(1, 60_000, clock, 2);
    failures.failed('a');
    failures.failed('b');
    failures.failed('c');
    expect(failures.limitedFor('a')).toBe(0);
    expect(failures.limitedFor('b')).toBe(60);
    expect(failures.limitedFor('c')).toBe(60);
  });
});
