/*
 * fast-check arbitraries read from a published JSON schema (the subset the catalogue uses):
 *   arbitraryFor(schema)  values the schema accepts;
 *   invalidFor(schema)    values the schema refuses, each tagged with why (path and kind of defect);
 *   violations(schema, v) a small hand-written checker: what is wrong with a value ([] when valid).
 * Any keyword outside the supported subset throws, so a property over a schema this module cannot
 * read fails loudly instead of passing on values that mean nothing. Annotations (title,
 * description, examples, default, discriminator, x-*) are ignored, except `x-future` (a date-time later
 * than the time of the request) and `x-sum` (an object whose property values add up to this number).
 */
import fc from 'fast-check';

export type JsonSchema = { [keyword: string]: unknown };

/** A value the schema refuses, and why (JSON path and the defect that was planted). */
export interface InvalidSample {
  value: unknown;
  why: string;
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'default',
  '$comment',
  'discriminator',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const VALIDATION = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'minItems',
  'maxItems',
  'oneOf',
  'anyOf',
]);
const TYPES = new Set(['object', 'string', 'integer', 'number', 'boolean', 'array', 'null']);
const FORMATS = new Set(['date-time', 'date']);

/** Strings of the sizes that matter: usually short, sometimes exactly at a limit. */
const SHORT_SPAN = 24;
/** Arrays of 0–3 items beyond their minimum, sometimes exactly at maxItems. */
const ARRAY_SPAN = 3;
/** Numbers without bounds stay in a range no server should find remarkable. */
const DEFAULT_NUMBER_RANGE = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Reading the schema

function fail(at: string, message: string): never {
  throw new Error(`schema-arbitrary: ${message} at ${at || '(root)'}`);
}

function check(schema: unknown, at: string): asserts schema is JsonSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    fail(at, `a schema must be an object, got ${JSON.stringify(schema)}`);
  }
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (!VALIDATION.has(key)) fail(at, `unsupported keyword "${key}"`);
    switch (key) {
      case 'type':
        if (typeof value !== 'string' || !TYPES.has(value))
          fail(at, `unsupported type ${JSON.stringify(value)}`);
        break;
      case 'format':
        if (typeof value !== 'string' || !FORMATS.has(value))
          fail(at, `unsupported format ${JSON.stringify(value)}`);
        break;
      case 'additionalProperties':
        if (typeof value !== 'boolean') fail(at, 'additionalProperties must be a boolean here');
        break;
      case 'required':
        if (!Array.isArray(value) || value.some((k) => typeof k !== 'string')) fail(at, 'bad required');
        break;
      case 'properties':
        if (value === null || typeof value !== 'object') fail(at, 'bad properties');
        for (const [name, sub] of Object.entries(value)) check(sub, `${at}.${name}`);
        break;
      case 'items':
        check(value, `${at}[]`);
        break;
      case 'oneOf':
      case 'anyOf':
        if (!Array.isArray(value) || value.length === 0) fail(at, `${key} must be a non-empty array`);
        value.forEach((sub, i) => check(sub, `${at}<${key} ${i}>`));
        break;
      case 'enum':
        if (!Array.isArray(value) || value.length === 0) fail(at, 'enum must be a non-empty array');
        break;
      case 'pattern':
        if (typeof value !== 'string') fail(at, 'pattern must be a string');
        new RegExp(value, 'u'); // throws on a pattern JavaScript cannot read
        break;
      case 'const':
        break;
      default:
        if (typeof value !== 'number' || !Number.isFinite(value)) fail(at, `${key} must be a number`);
    }
  }
}

/** No validation keyword at all (`{}`, or annotations only): the schema accepts any value. */
function acceptsAnything(schema: JsonSchema): boolean {
  return Object.keys(schema).every((k) => ANNOTATIONS.has(k) || k.startsWith('x-'));
}

/** The schema without its oneOf/anyOf: the keywords that apply beside the branches. */
function withoutBranches(schema: JsonSchema): JsonSchema {
  const base = { ...schema };
  delete base.oneOf;
  delete base.anyOf;
  return base;
}

const num = (s: JsonSchema, k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
const props = (s: JsonSchema) => (s.properties ?? {}) as Record<string, JsonSchema>;
const required = (s: JsonSchema) => (s.required ?? []) as string[];

/** A branch of oneOf/anyOf merged with the keywords beside the oneOf (both apply). */
function mergeBranch(base: JsonSchema, branch: JsonSchema): JsonSchema {
  // `base` has no oneOf/anyOf of its own any more; the branch keeps its nested ones.
  const merged: JsonSchema = { ...base, ...branch };
  if (base.properties || branch.properties) {
    // Both apply to a property named in both; `{}` on one side adds nothing. Otherwise the branch's
    // wins here, and the exact checker filters out what this merge lets through.
    const properties: Record<string, JsonSchema> = { ...props(base) };
    for (const [k, v] of Object.entries(props(branch))) {
      properties[k] = properties[k] && acceptsAnything(v) ? properties[k] : v;
    }
    merged.properties = properties;
  }
  if (base.required || branch.required)
    merged.required = [...new Set([...required(base), ...required(branch)])];
  if (base.additionalProperties === false || branch.additionalProperties === false) {
    merged.additionalProperties = false;
  }
  return merged;
}

function branches(schema: JsonSchema): { kind: 'oneOf' | 'anyOf'; list: JsonSchema[] } | null {
  const kind = schema.oneOf ? 'oneOf' : schema.anyOf ? 'anyOf' : null;
  if (!kind) return null;
  if (schema.oneOf && schema.anyOf) fail('', 'oneOf and anyOf together are not supported');
  const base = withoutBranches(schema);
  return { kind, list: (schema[kind] as JsonSchema[]).map((b) => mergeBranch(base, b)) };
}

// ---------------------------------------------------------------------------------------------
// The checker

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/** RFC 3339 full-date. */
export function isRfc3339Date(s: string): boolean {
  const m = DATE.exec(s);
  return !!m && validDate(+m[1], +m[2], +m[3]);
}

/** RFC 3339 date-time (lower-case t/z allowed; a leap second only at 23:59:60 UTC). */
export function isRfc3339DateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !validDate(+m[1], +m[2], +m[3])) return false;
  const [h, min, sec] = [+m[4], +m[5], +m[6]];
  const [offH, offM] = m[9] ? [+m[10], +m[11]] : [0, 0];
  if (h > 23 || min > 59 || sec > 60 || offH > 23 || offM > 59) return false;
  if (sec === 60) {
    const sign = m[9] === '-' ? 1 : -1;
    const utc = (((h * 60 + min + sign * (offH * 60 + offM)) % 1440) + 1440) % 1440;
    return utc === 23 * 60 + 59;
  }
  return true;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Code points, as JSON Schema counts string length. */
export const codePoints = (s: string) => [...s].length;

/** What is wrong with `value` under `schema`: [] when the schema accepts it. */
export function violations(schema: JsonSchema, value: unknown, at = ''): string[] {
  check(schema, at);
  const out: string[] = [];
  const here = at || '(root)';
  if ('const' in schema && !equal(schema.const, value)) out.push(`${here}: not the const`);
  if (schema.enum && !(schema.enum as unknown[]).some((e) => equal(e, value)))
    out.push(`${here}: not in enum`);
  const kind = schema.oneOf ? 'oneOf' : schema.anyOf ? 'anyOf' : null;
  if (kind) {
    // Exactly: the keywords beside oneOf/anyOf hold, and one branch (exactly one, for oneOf) holds.
    out.push(...violations(withoutBranches(schema), value, at));
    const list = schema[kind] as JsonSchema[];
    const matching = list.filter((b) => violations(b, value, at).length === 0).length;
    if (kind === 'oneOf' && matching !== 1) out.push(`${here}: matches ${matching} oneOf branches`);
    if (kind === 'anyOf' && matching === 0) out.push(`${here}: matches no anyOf branch`);
    return out;
  }
  if (acceptsAnything(schema)) return out;
  const type = schema.type as string | undefined;
  if (type) {
    const actual = typeOf(value);
    const ok = type === actual || (type === 'number' && actual === 'integer');
    if (!ok) return [...out, `${here}: expected ${type}, got ${actual}`];
  }
  if (typeof value === 'string') {
    const len = codePoints(value);
    const min = num(schema, 'minLength');
    const max = num(schema, 'maxLength');
    if (min !== undefined && len < min) out.push(`${here}: shorter than ${min}`);
    if (max !== undefined && len > max) out.push(`${here}: longer than ${max}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      out.push(`${here}: does not match ${schema.pattern}`);
    }
    if (schema.format === 'date-time' && !isRfc3339DateTime(value)) out.push(`${here}: not a date-time`);
    else if (schema['x-future'] === true && !isFuture(value)) out.push(`${here}: not in the future`);
    if (schema.format === 'date' && !isRfc3339Date(value)) out.push(`${here}: not a date`);
  }
  if (typeof value === 'number') {
    const [min, max] = [num(schema, 'minimum'), num(schema, 'maximum')];
    const [xmin, xmax] = [num(schema, 'exclusiveMinimum'), num(schema, 'exclusiveMaximum')];
    if (min !== undefined && value < min) out.push(`${here}: below ${min}`);
    if (max !== undefined && value > max) out.push(`${here}: above ${max}`);
    if (xmin !== undefined && value <= xmin) out.push(`${here}: not above ${xmin}`);
    if (xmax !== undefined && value >= xmax) out.push(`${here}: not below ${xmax}`);
  }
  if (Array.isArray(value)) {
    const [min, max] = [num(schema, 'minItems'), num(schema, 'maxItems')];
    if (min !== undefined && value.length < min) out.push(`${here}: fewer than ${min} items`);
    if (max !== undefined && value.length > max) out.push(`${here}: more than ${max} items`);
    if (schema.items)
      value.forEach((v, i) => out.push(...violations(schema.items as JsonSchema, v, `${at}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of required(schema)) {
      if (!Object.hasOwn(obj, key)) out.push(`${here}: missing required ${key}`);
    }
    const known = props(schema);
    for (const [key, v] of Object.entries(obj)) {
      if (Object.hasOwn(known, key)) out.push(...violations(known[key], v, `${at}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${here}: unknown property ${key}`);
    }
    const total = schema['x-sum'];
    if (typeof total === 'number') {
      const sum = Object.values(obj).reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0);
      if (sum !== total) out.push(`${here}: values add up to ${sum}, not ${total}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Valid values

/** Filters give up loudly: a schema whose values this module cannot find fails, it does not hang. */
const MAX_REJECTIONS = 2_000;

function keep<T>(arb: fc.Arbitrary<T>, ok: (v: T) => boolean, at: string, what: string): fc.Arbitrary<T> {
  let rejected = 0;
  return arb.filter((v) => {
    if (ok(v)) {
      rejected = 0;
      return true;
    }
    if (++rejected >= MAX_REJECTIONS) {
      fail(
        at,
        `no ${what} found after ${MAX_REJECTIONS} tries (a combination of keywords it cannot satisfy)`,
      );
    }
    return false;
  });
}

const ASCII = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const CJK = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
/** One code point each; U+FE0F (emoji presentation) counts as a code point in JSON Schema. */
const EMOJI = fc.constantFrom('😀', '🎉', '👍', '🏽', '❤', '\uFE0F', '🀄', '𠀀');
const SPACE = fc.constantFrom(' ', '\t', '\n', '\u3000', '\u00a0');
const CODE_POINT = fc.oneof(
  { weight: 6, arbitrary: ASCII },
  { weight: 3, arbitrary: CJK },
  { weight: 1, arbitrary: EMOJI },
  { weight: 1, arbitrary: SPACE },
);

/** A string of exactly n code points: random for short ones, a repeated random chunk for long ones. */
function textOfLength(n: number, unit: fc.Arbitrary<string> = CODE_POINT): fc.Arbitrary<string> {
  if (n <= 64) return fc.array(unit, { minLength: n, maxLength: n }).map((cs) => cs.join(''));
  return fc.array(unit, { minLength: 1, maxLength: 16 }).map((chunk) => {
    const out: string[] = [];
    for (let i = 0; out.length < n; i++) out.push(chunk[i % chunk.length]);
    return out.join('');
  });
}

/** A length in [min, max], usually short, sometimes exactly min or max. */
function lengthIn(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min, max: Math.min(max, min + SHORT_SPAN) }) },
    { weight: 1, arbitrary: fc.constant(min) },
    { weight: 1, arbitrary: fc.constant(max) },
  );
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const DAY = fc
  .record({
    y: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 1970, max: 2100 }) },
      fc.integer({ min: 1, max: 9999 }),
    ),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .filter(({ y, m, d }) => validDate(y, m, d))
  .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);

/** RFC 3339 date-times with random offsets, fractions, and (rarely) lower-case separators. */
export const rfc3339DateTime: fc.Arbitrary<string> = fc
  .record({
    day: DAY,
    h: fc.integer({ min: 0, max: 23 }),
    min: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.option(fc.stringMatching(/^\.\d{1,9}$/), { freq: 3 }),
    offset: fc.oneof(
      fc.constant('Z'),
      fc.constant('+08:00'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
    ),
    lower: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, fc.constant(true)),
  })
  .map(({ day, h, min, s, frac, offset, lower }) => {
    const text = `${day}T${pad(h)}:${pad(min)}:${pad(s)}${frac ?? ''}${offset}`;
    return lower ? text.toLowerCase() : text;
  });

const rfc3339Date: fc.Arbitrary<string> = DAY;

/** `x-future: true` (a Wenze keyword): the date-time must be later than the time of the request. */
const isFuture = (s: string) => Date.parse(s.toUpperCase()) > Date.now();
const DAY_MS = 86_400_000;
const futureDateTime = rfc3339DateTime.filter((s) => Date.parse(s.toUpperCase()) > Date.now() + 2 * DAY_MS);
const pastDateTime = rfc3339DateTime.filter((s) => Date.parse(s.toUpperCase()) < Date.now() - DAY_MS);

function stringArb(schema: JsonSchema, at: string): fc.Arbitrary<string> {
  const min = num(schema, 'minLength') ?? 0;
  const max = num(schema, 'maxLength') ?? Math.max(min + SHORT_SPAN, 200);
  if (min > max) fail(at, 'minLength above maxLength');
  let arb: fc.Arbitrary<string>;
  if (schema.format === 'date-time') arb = schema['x-future'] === true ? futureDateTime : rfc3339DateTime;
  else if (schema.format === 'date') arb = rfc3339Date;
  else if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern, 'u');
    arb = fc.stringMatching(re, { size: 'small' }).map((s) => s);
  } else return lengthIn(min, max).chain((n) => textOfLength(n));
  return keep(arb, (s) => violations(schema, s, at).length === 0, at, 'valid string');
}

function numberArb(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const xmin = num(schema, 'exclusiveMinimum');
  const xmax = num(schema, 'exclusiveMaximum');
  let min = num(schema, 'minimum') ?? -DEFAULT_NUMBER_RANGE;
  let max = num(schema, 'maximum') ?? DEFAULT_NUMBER_RANGE;
  if (integer) {
    min = Math.ceil(xmin !== undefined ? Math.max(min, Math.floor(xmin) + 1) : min);
    max = Math.floor(xmax !== undefined ? Math.min(max, Math.ceil(xmax) - 1) : max);
    return fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min, max }) },
      { weight: 1, arbitrary: fc.constant(min) },
      { weight: 1, arbitrary: fc.constant(max) },
    );
  }
  const inner = fc.double({
    min,
    max,
    noNaN: true,
    noDefaultInfinity: true,
    minExcluded: xmin !== undefined && xmin >= min,
    maxExcluded: xmax !== undefined && xmax <= max,
  });
  return fc
    .oneof(
      { weight: 8, arbitrary: inner },
      { weight: 1, arbitrary: fc.constant(min) },
      { weight: 1, arbitrary: fc.constant(max) },
    )
    .map((n) => (Object.is(n, -0) ? 0 : n))
    .filter((n) => (xmin === undefined || n > xmin) && (xmax === undefined || n < xmax));
}

/** JSON values of any type, for extra properties where the schema leaves them open. */
const ANY_JSON: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => JSON.parse(JSON.stringify(v)));

function objectArb(schema: JsonSchema, at: string): fc.Arbitrary<Record<string, unknown>> {
  const known = props(schema);
  const req = required(schema);
  for (const key of req) {
    if (!Object.hasOwn(known, key) && schema.additionalProperties === false) {
      fail(at, `required ${key} is not among the properties and no other property is allowed`);
    }
  }
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(known)) fields[key] = valid(sub, `${at}.${key}`);
  // required properties with no schema of their own take any JSON value
  for (const key of req) fields[key] ??= ANY_JSON;
  const record = fc.record(fields, { requiredKeys: req });
  if (schema.additionalProperties === false) return record;
  // Open objects (additionalProperties absent or true) accept any other property: generate some.
  const extra = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !Object.hasOwn(fields, k) && k !== '__proto__'),
    ANY_JSON,
    { maxKeys: 2 },
  );
  return fc
    .tuple(record, fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra }))
    .map(([r, e]) => ({ ...e, ...r }));
}

/**
 * `x-sum: n` (a Wenze keyword) on an object of required whole numbers from 0: the values add up to n.
 * Drawn as a random composition of n (cut points), then checked against the whole schema.
 */
function sumArb(schema: JsonSchema, total: number, at: string): fc.Arbitrary<Record<string, unknown>> {
  const keys = required(schema);
  if (!keys.length || schema.additionalProperties !== false) {
    fail(at, 'x-sum is supported on closed objects with required properties only');
  }
  const cuts = fc.array(fc.integer({ min: 0, max: total }), {
    minLength: keys.length - 1,
    maxLength: keys.length - 1,
  });
  const composed = cuts.map((c) => {
    const points = [0, ...[...c].sort((a, b) => a - b), total];
    return Object.fromEntries(keys.map((k, i) => [k, points[i + 1] - points[i]]));
  });
  return keep(composed, (v) => violations(schema, v, at).length === 0, at, `values adding up to ${total}`);
}

function valid(schema: JsonSchema, at: string): fc.Arbitrary<unknown> {
  check(schema, at);
  const okHere = (v: unknown) => violations(schema, v, at).length === 0;
  if ('const' in schema) return keep(fc.constant(schema.const), okHere, at, 'valid const');
  if (schema.enum)
    return keep(fc.constantFrom(...(schema.enum as unknown[])), okHere, at, 'valid enum member');
  const alt = branches(schema);
  if (alt) {
    const arb = fc.oneof(...alt.list.map((b, i) => valid(b, `${at}<${alt.kind} ${i}>`)));
    return keep(arb, okHere, at, `value matching the ${alt.kind}`);
  }
  switch (schema.type) {
    case 'object':
      if (typeof schema['x-sum'] === 'number') return sumArb(schema, schema['x-sum'], at);
      return objectArb(schema, at);
    case 'string':
      return stringArb(schema, at);
    case 'integer':
      return numberArb(schema, true);
    case 'number':
      return numberArb(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case undefined:
      if (acceptsAnything(schema)) return ANY_JSON;
      break;
    case 'array': {
      const min = num(schema, 'minItems') ?? 0;
      const max = num(schema, 'maxItems') ?? min + ARRAY_SPAN;
      if (!schema.items) fail(at, 'an array without items is not supported');
      const item = valid(schema.items as JsonSchema, `${at}[]`);
      const sizes = fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min, max: Math.min(max, min + ARRAY_SPAN) }) },
        { weight: 1, arbitrary: fc.constant(max) },
      );
      return sizes.chain((n) => fc.array(item, { minLength: n, maxLength: n }));
    }
  }
  return fail(at, `cannot generate values for ${JSON.stringify(schema)}`);
}

/** Values the schema accepts (exactly: each is checked against the schema before it is given out). */
export function arbitraryFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  return valid(schema, '');
}

// ---------------------------------------------------------------------------------------------
// Invalid values

const NOT_OF_TYPE: Record<string, unknown[]> = {
  object: ['text', 42, true, null, [], [{}]],
  string: [42, 0, true, null, [], {}, ['text']],
  integer: ['7', 1.5, true, null, [], {}],
  number: ['7', true, null, [], {}],
  boolean: ['true', 'false', 1, 0, null, [], {}],
  array: ['text', 1, {}, null, true],
  null: ['null', 0, false, [], {}],
};

const BAD_DATE_TIMES = [
  '',
  'now',
  'yesterday',
  '2024-13-01T10:00:00Z',
  '2024-02-30T10:00:00Z',
  '2023-02-29T10:00:00Z',
  '2024-01-01T24:00:01Z',
  '2024-01-01T10:60:00Z',
  '2024-01-01T10:00:61Z',
  '2024-01-01T10:00:00+24:00',
  '2024-01-01T10:00:00',
  '2024-01-01 10:00',
  '20240101T100000Z',
  '2024-1-1T10:00:00Z',
  '2024-01-01T10:00:00.Z',
  '2024-01-01T10:00:00Z ',
  ' 2024-01-01T10:00:00Z',
  '2024-01-01T10:00:00+0800',
  '2024-W01-1T10:00:00Z',
  '１９９９-01-01T10:00:00Z',
];
const BAD_DATES = [
  '',
  '2024-13-01',
  '2024-02-30',
  '2023-02-29',
  '2024-1-1',
  '20240101',
  '2024-01',
  '2024-001',
  '01/02/2024',
];

const tag = (value: unknown, why: string): InvalidSample => ({ value, why });
const where = (at: string) => at || '(root)';

function invalid(schema: JsonSchema, at: string): fc.Arbitrary<InvalidSample>[] {
  check(schema, at);
  const out: fc.Arbitrary<InvalidSample>[] = [];
  const w = where(at);
  const type = schema.type as string | undefined;
  if (type) {
    out.push(
      fc.constantFrom(...NOT_OF_TYPE[type]).map((v) => tag(v, `${w}: wrong type (${typeOf(v)} for ${type})`)),
    );
  }
  if ('const' in schema) {
    out.push(
      fc
        .oneof(ANY_JSON, fc.constant(typeof schema.const === 'string' ? `${schema.const}x` : 'x'))
        .map((v) => tag(v, `${w}: const miss`)),
    );
  }
  if (schema.enum) {
    const members = (schema.enum as unknown[]).filter((e): e is string => typeof e === 'string');
    const near = members.flatMap((m) => [m.toUpperCase(), ` ${m}`, `${m} `, m.slice(0, -1), `${m}s`]);
    out.push(
      fc
        .oneof(...(near.length ? [fc.constantFrom(...near)] : []), fc.string({ maxLength: 12 }), fc.integer())
        .map((v) => tag(v, `${w}: enum miss (${JSON.stringify(v)})`)),
    );
  }
  const alt = branches(schema);
  if (alt) {
    // A value that fits no branch: invalid for one branch (the filter below drops any that fit another).
    alt.list.forEach((b, i) =>
      out.push(
        ...invalid(b, `${at}<${alt.kind} ${i}>`).map((a) =>
          a.map((s) => tag(s.value, `${s.why} (and no other branch)`)),
        ),
      ),
    );
    // Branches mixed up: a value of one branch with the properties of another laid over it.
    for (let i = 0; i < alt.list.length; i++) {
      for (let j = 0; j < alt.list.length; j++) {
        if (i === j || alt.list[i].type !== 'object' || alt.list[j].type !== 'object') continue;
        out.push(
          fc.tuple(valid(alt.list[i], at), valid(alt.list[j], at), fc.boolean()).map(([a, b, whole]) => {
            const bOnly = Object.fromEntries(
              Object.entries(b as object).filter(([k]) => whole || !Object.hasOwn(a as object, k)),
            );
            return tag(
              { ...(a as object), ...bOnly },
              `${w}: ${alt.kind} branches mixed (branch ${i} with ${whole ? 'all' : 'the extra'} properties of branch ${j})`,
            );
          }),
        );
      }
    }
    return out;
  }
  if (type === 'string' && !('enum' in schema) && !('const' in schema)) {
    const min = num(schema, 'minLength');
    const max = num(schema, 'maxLength');
    if (max !== undefined) {
      out.push(
        fc
          .integer({ min: max + 1, max: max + 3 })
          .chain((n) => textOfLength(n))
          .map((s) => tag(s, `${w}: too long (${codePoints(s)} > ${max})`)),
      );
    }
    if (min !== undefined && min > 0) {
      out.push(textOfLength(min - 1).map((s) => tag(s, `${w}: too short (${codePoints(s)} < ${min})`)));
    }
    if (typeof schema.pattern === 'string') {
      const re = new RegExp(schema.pattern, 'u');
      out.push(
        fc
          .oneof(fc.constantFrom('', ' ', '\u3000', '\n'), fc.string({ maxLength: 12 }), textOfLength(3))
          .filter((s) => !re.test(s))
          .map((s) => tag(s, `${w}: pattern miss (${JSON.stringify(s)} !~ /${schema.pattern}/)`)),
      );
    }
    if (schema.format === 'date-time') {
      out.push(
        fc
          .oneof(
            fc.constantFrom(...BAD_DATE_TIMES),
            rfc3339Date,
            rfc3339DateTime.map((s) => s.replace(/(Z|z|[+-]\d\d:\d\d)$/, '')),
          )
          .map((s) => tag(s, `${w}: not an RFC 3339 date-time (${JSON.stringify(s)})`)),
      );
      if (schema['x-future'] === true) {
        out.push(pastDateTime.map((s) => tag(s, `${w}: not in the future (${JSON.stringify(s)})`)));
      }
    }
    if (schema.format === 'date') {
      out.push(
        fc
          .oneof(fc.constantFrom(...BAD_DATES), rfc3339DateTime)
          .map((s) => tag(s, `${w}: not an RFC 3339 date (${JSON.stringify(s)})`)),
      );
    }
  }
  if (type === 'integer' || type === 'number') {
    const min = num(schema, 'minimum') ?? num(schema, 'exclusiveMinimum');
    const max = num(schema, 'maximum') ?? num(schema, 'exclusiveMaximum');
    const step = type === 'integer' ? 1 : 0.5;
    if (min !== undefined) {
      out.push(
        fc
          .oneof(fc.constant(min - step), fc.integer({ min: -1_000_000, max: Math.floor(min) - 1 }))
          .map((v) => tag(v, `${w}: below the minimum (${v} < ${min})`)),
      );
    }
    if (max !== undefined) {
      out.push(
        fc
          .oneof(
            fc.constant(max + step),
            fc.integer({ min: Math.ceil(max) + 1, max: Math.ceil(max) + 1_000_000 }),
          )
          .map((v) => tag(v, `${w}: above the maximum (${v} > ${max})`)),
      );
    }
    if (type === 'integer') {
      out.push(numberArb(schema, true).map((n) => tag(n + 0.5, `${w}: not an integer (${n + 0.5})`)));
    }
  }
  if (type === 'array' && schema.items) {
    const items = schema.items as JsonSchema;
    const min = num(schema, 'minItems');
    const max = num(schema, 'maxItems');
    const item = valid(items, `${at}[]`);
    if (max !== undefined) {
      out.push(
        fc
          .array(item, { minLength: max + 1, maxLength: max + 1 })
          .map((a) => tag(a, `${w}: too many items (${a.length} > ${max})`)),
      );
    }
    if (min !== undefined && min > 0) {
      out.push(
        fc
          .array(item, { minLength: min - 1, maxLength: min - 1 })
          .map((a) => tag(a, `${w}: too few items (${a.length} < ${min})`)),
      );
    }
    const lo = Math.max(min ?? 0, 1);
    const hi = Math.min(max ?? lo + ARRAY_SPAN, lo + ARRAY_SPAN);
    const bad = invalid(items, `${at}[i]`);
    if (bad.length && lo <= hi) {
      out.push(
        fc
          .tuple(fc.array(item, { minLength: lo, maxLength: hi }), fc.oneof(...bad), fc.nat())
          .map(([a, b, k]) => {
            const copy = [...a];
            const i = k % copy.length;
            copy[i] = b.value;
            return tag(copy, b.why.replace(`${at}[i]`, `${at}[${i}]`));
          }),
      );
    }
  }
  if (type === 'object') {
    const base = valid(schema, at) as fc.Arbitrary<Record<string, unknown>>;
    const req = required(schema);
    const total = schema['x-sum'];
    if (typeof total === 'number' && req.length) {
      // Values that no longer add up: one of them moved by a little (staying a whole number from 0).
      out.push(
        fc
          .tuple(
            base,
            fc.constantFrom(...req),
            fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
          )
          .map(([o, key, d]) => {
            const v = Math.max(0, (o[key] as number) + d);
            return tag(
              { ...o, [key]: v },
              `${w}: values do not add up to ${total} (${key} ${o[key]} → ${v})`,
            );
          }),
      );
    }
    if (req.length) {
      out.push(
        fc.tuple(base, fc.constantFrom(...req)).map(([o, key]) => {
          const copy = { ...o };
          delete copy[key];
          return tag(copy, `${w}: missing required ${key}`);
        }),
      );
    }
    if (schema.additionalProperties === false) {
      const known = props(schema);
      out.push(
        fc
          .tuple(
            base,
            fc.oneof(
              fc.constantFrom(
                'unexpected',
                'id',
                'type',
                'payload',
                'constructor',
                'toString',
                'extra_field',
              ),
              fc.string({ minLength: 1, maxLength: 10 }),
            ),
            ANY_JSON,
          )
          .filter(([, key]) => !Object.hasOwn(known, key) && key !== '__proto__')
          .map(([o, key, v]) => tag({ ...o, [key]: v }, `${w}: unknown property ${JSON.stringify(key)}`)),
      );
    }
    for (const [key, sub] of Object.entries(props(schema))) {
      const bad = invalid(sub, `${at}.${key}`);
      if (!bad.length) continue;
      out.push(
        fc.tuple(base, fc.oneof(...bad)).map(([o, b]) => ({ value: { ...o, [key]: b.value }, why: b.why })),
      );
    }
  }
  return out;
}

/** Values the schema refuses, each with why; checked against the schema before they are given out. */
export function invalidFor(schema: JsonSchema): fc.Arbitrary<InvalidSample> {
  const all = invalid(schema, '');
  if (!all.length) fail('', 'the schema refuses nothing: no invalid values to generate');
  return keep(fc.oneof(...all), (s) => violations(schema, s.value).length > 0, '', 'invalid value');
}
