/**
 * JSON with object keys sorted at every depth: the same value always gives the same text.
 *
 * The text is exactly `JSON.stringify` of a copy with sorted keys (canonicalJsonByCopy below, the
 * definition, which the stored hashes and snapshots were written with), but only the parts that are
 * not sorted already are copied: the snapshot of a case is canonicalised on every event, and the
 * copy of all of it was a measurable share of an event's CPU and garbage.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

/** The definition: JSON.stringify of a copy whose keys are sorted, undefined values dropped. */
export function canonicalJsonByCopy(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(source)
        .filter((k) => source[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys(source[k])]),
    );
  }
  return value;
}

/**
 * sortKeys without the copies it does not need: a plain object whose keys are in sorted order
 * already, with no undefined value and nothing to change below it, is its own sorted copy, and so is
 * an array whose items are. A snapshot read from the database is canonical already, so only what an
 * event changed is copied.
 */
function sorted(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const c = sorted(item);
      if (c !== item) (out ??= value.slice())[i] = c;
    }
    return out ?? value;
  }
  const source = value as Record<string, unknown>;
  const proto: unknown = Object.getPrototypeOf(source);
  let same = proto === Object.prototype || proto === null;
  const keys = Object.keys(source);
  const children = new Array<unknown>(keys.length);
  let previous: string | null = null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = source[k];
    if (v === undefined) {
      same = false;
      continue;
    }
    // Index keys come first, in numeric order, in both the source and the sorted copy.
    if (!isIndex(k)) {
      if (previous !== null && !(previous < k)) same = false;
      previous = k;
    }
    const c = sorted(v);
    if (c !== v) same = false;
    children[i] = c;
  }
  if (same) return source;
  const byKey = new Map<string, unknown>();
  keys.forEach((k, i) => children[i] !== undefined && byKey.set(k, children[i]));
  const out: Record<string, unknown> = {};
  for (const k of [...byKey.keys()].sort()) {
    // As Object.fromEntries does: `__proto__` is an own key of the copy, not its prototype.
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: byKey.get(k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = byKey.get(k);
  }
  return out;
}

function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}
