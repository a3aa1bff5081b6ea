import fc from 'fast-check';
import { canonicalJson, canonicalJsonByCopy } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the same text as JSON.stringify of the sorted copy, for any JSON-like value', () => {
    fc.assert(
      fc.property(
        fc.anything({ withObjectString: true, withNullPrototype: true, withSparseArray: true }),
        (v) => {
          expect(canonicalJson(v)).toBe(canonicalJsonByCopy(v));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('sorts keys at every depth, index-like keys first in numeric order, and drops undefined', () => {
    const value = { b: 1, a: [{ z: undefined, y: 'x', '10': 1, '2': 2, '01': 3 }], c: () => 1 };
    expect(canonicalJson(value)).toBe('{"a":[{"2":2,"10":1,"01":3,"y":"x"}],"b":1}');
    expect(canonicalJson(value)).toBe(canonicalJsonByCopy(value));
    expect(canonicalJson([undefined, () => 1, NaN, -0, new Date(0)])).toBe('[null,null,null,0,{}]');
  });
});
