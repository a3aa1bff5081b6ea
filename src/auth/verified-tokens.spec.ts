import { VerifiedTokens } from './verified-tokens';

const actor = (sub: string) => ({ sub, roles: ['officer'] });
const T0 = 1_800_000_000_000;

describe('VerifiedTokens', () => {
  it('answers a token with what its own verification said, until the entry expires', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.set('a', actor('alice'), undefined, T0);
    expect(cache.get('a', T0 + 59_999)).toEqual(actor('alice'));
    expect(cache.get('b', T0)).toBeUndefined();
    expect(cache.get('a', T0 + 60_000)).toBeUndefined();
  });

  it('never keeps a token past its own exp', () => {
    const cache = new VerifiedTokens(10, 60_000);
    cache.set('a', actor('alice'), T0 / 1000 + 5, T0);
    expect(cache.get('a', T0 + 4_999)).toEqual(actor('alice'));
    expect(cache.get('a', T0 + 5_000)).toBeUndefined();
    cache.set('expired', actor('bob'), T0 / 1000 - 1, T0);
    expect(cache.get('expired', T0)).toBeUndefined();
  });

  it('holds at most its capacity, dropping the least recently used', () => {
    const cache = new VerifiedTokens(2, 60_000);
    cache.set('a', actor('a'), undefined, T0);
    cache.set('b', actor('b'), undefined, T0);
    expect(cache.get('a', T0)).toEqual(actor('a')); // a is now the most recently used
    cache.set('c', actor('c'), undefined, T0);
    expect(cache.get('b', T0)).toBeUndefined();
    expect(cache.get('a', T0)).toEqual(actor('a'));
    expect(cache.get('c', T0)).toEqual(actor('c'));
  });
});
