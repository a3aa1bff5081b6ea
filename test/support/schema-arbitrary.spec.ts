/*
 * Properties of the schema-driven generators themselves: valid samples satisfy the schema and
 * invalid samples violate it — by the hand-written checker and, when the package is installed, by
 * ajv (an independent JSON Schema implementation) — and keywords the generator cannot read throw.
 */
import fc from 'fast-check';
import {
  arbitraryFor,
  codePoints,
  invalidFor,
  isRfc3339DateTime,
  rfc3339DateTime,
  violations,
  type JsonSchema,
} from './schema-arbitrary';

type AjvCheck = (schema: JsonSchema, value: unknown) => boolean;

/** ajv with formats, when installed (it is not a dependency of the project): else null. */
function loadAjv(): AjvCheck | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajvModule = require('ajv');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const formatsModule = require('ajv-formats');
    const Ajv = ajvModule.default ?? ajvModule;
    const addFormats = formatsModule.default ?? formatsModule;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const compiled = new Map<JsonSchema, (v: unknown) => boolean>();
    return (schema, value) => {
      let fn = compiled.get(schema);
      if (!fn) compiled.set(schema, (fn = ajv.compile(schema) as (v: unknown) => boolean));
      return fn(value);
    };
  } catch {
    return null;
  }
}

const ajv = loadAjv();

const TEXT = { type: 'string', minLength: 1, maxLength: 200 };
const LONG_TEXT = { type: 'string', minLength: 1, maxLength: 20000 };
const DATE_TIME = { type: 'string', format: 'date-time' };
const MEASURE_TYPES = ['notice', 'formalWarning', 'organisationalHandling', 'partyDiscipline'];

/** Shapes like the catalogue's: nested objects, arrays, enums with labels, oneOf with a discriminator. */
const SCHEMAS: Record<string, JsonSchema> = {
  empty: { type: 'object', properties: {}, additionalProperties: false },
  reason: {
    type: 'object',
    title: 'Reason',
    properties: { reason: { ...LONG_TEXT, description: 'why', examples: ['because'] } },
    required: ['reason'],
    additionalProperties: false,
  },
  extend: {
    type: 'object',
    properties: { days: { type: 'integer', minimum: 1, maximum: 365 }, reason: LONG_TEXT },
    required: ['days', 'reason'],
    additionalProperties: false,
  },
  decide: {
    type: 'object',
    properties: {
      decisionNo: { ...TEXT, pattern: '^[A-Z]{1,4}-\\d{1,6}$' },
      measures: {
        type: 'array',
        minItems: 1,
        maxItems: 5,
        items: {
          oneOf: [
            {
              type: 'object',
              properties: {
                type: { type: 'string', enum: MEASURE_TYPES, 'x-enumLabels': { notice: { zh: '通报' } } },
                responsibility: { type: 'string', enum: ['direct', 'mainLeadership'] },
              },
              required: ['type'],
              additionalProperties: false,
            },
            {
              type: 'object',
              properties: {
                type: { const: 'organisationalHandling' },
                detail: { type: 'string', enum: ['suspension', 'demotion', 'removal'] },
              },
              required: ['type', 'detail'],
              additionalProperties: false,
            },
          ],
          discriminator: { propertyName: 'type' },
        },
      },
      rectification: {
        type: 'object',
        properties: { requirement: LONG_TEXT, dueAt: DATE_TIME },
        required: ['requirement', 'dueAt'],
        additionalProperties: false,
      },
      approved: { type: 'boolean' },
      score: { type: 'number', minimum: 0, exclusiveMaximum: 100 },
    },
    required: ['decisionNo', 'measures'],
    additionalProperties: false,
  },
  variants: {
    oneOf: [
      {
        title: 'individual',
        type: 'object',
        properties: { kind: { const: 'individual' }, name: TEXT, post: TEXT },
        required: ['kind', 'name'],
        additionalProperties: false,
      },
      {
        title: 'organisation',
        type: 'object',
        properties: {
          kind: { const: 'organisation' },
          name: TEXT,
          unitCode: { type: 'string', pattern: '^U\\d{3}$' },
        },
        required: ['kind', 'name', 'unitCode'],
        additionalProperties: false,
      },
    ],
  },
  // Variants as the catalogue publishes them: a loose base (`measures: {}`) narrowed by titled anyOf branches.
  variantsOverBase: {
    type: 'object',
    properties: { decisionNo: TEXT, measures: {} },
    required: ['decisionNo', 'measures'],
    anyOf: [
      {
        title: 'individual',
        properties: {
          decisionNo: TEXT,
          measures: {
            type: 'array',
            minItems: 1,
            maxItems: 3,
            items: {
              type: 'object',
              oneOf: [
                {
                  type: 'object',
                  properties: { type: { type: 'string', const: 'notice' } },
                  required: ['type'],
                  additionalProperties: false,
                },
                {
                  type: 'object',
                  properties: {
                    type: { type: 'string', const: 'organisationalHandling' },
                    detail: { type: 'string', enum: ['demotion', 'removal'] },
                  },
                  required: ['type', 'detail'],
                  additionalProperties: false,
                },
              ],
            },
          },
        },
        additionalProperties: false,
      },
      {
        title: 'organisation',
        properties: {
          decisionNo: TEXT,
          measures: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: { type: { type: 'string', enum: ['inspection', 'reorganisation'] } },
              required: ['type'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  dates: {
    type: 'object',
    properties: {
      at: DATE_TIME,
      on: { type: 'string', format: 'date' },
      either: { oneOf: [{ type: 'string', format: 'date' }, DATE_TIME] },
    },
    required: ['at'],
    additionalProperties: false,
  },
  open: {
    type: 'object',
    properties: { title: TEXT, tags: { type: 'array', items: TEXT, maxItems: 3 } },
    required: ['title'],
  },
};

describe('arbitraryFor / invalidFor', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name}: valid samples satisfy the schema`, () => {
      fc.assert(
        fc.property(arbitraryFor(schema), (value) => {
          expect(violations(schema, value)).toEqual([]);
          if (ajv) expect(ajv(schema, value)).toBe(true);
          // what goes over HTTP is JSON: the sample must survive it unchanged
          expect(JSON.parse(JSON.stringify(value))).toEqual(value);
        }),
        { numRuns: 200 },
      );
    });

    it(`${name}: invalid samples violate the schema`, () => {
      fc.assert(
        fc.property(invalidFor(schema), ({ value, why }) => {
          expect(typeof why).toBe('string');
          expect(violations(schema, value).length).toBeGreaterThan(0);
          // ajv-formats' date-time is laxer than RFC 3339 (it takes offsets without a colon, `+0800`):
          // for those defects the hand-written checker above is the judge.
          if (ajv && !why.includes('RFC 3339')) {
            expect({ why, accepted: ajv(schema, value) }).toEqual({ why, accepted: false });
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  it('plants every kind of defect the schemas allow', () => {
    const whys = fc.sample(invalidFor(SCHEMAS.decide), 3000).map((s) => s.why);
    for (const kind of [
      'missing required',
      'unknown property',
      'wrong type',
      'enum miss',
      'too long',
      'too short',
      'pattern miss',
      'not an RFC 3339 date-time',
      'too many items',
      'too few items',
      'below the minimum',
      'branches mixed',
    ]) {
      expect(whys.some((w) => w.includes(kind))).toBe(true);
    }
  });

  it('hits the limits sometimes, but keeps most samples short', () => {
    const texts = fc.sample(arbitraryFor(LONG_TEXT), 2000) as string[];
    const lengths = texts.map(codePoints);
    expect(lengths.filter((n) => n === 20000).length).toBeGreaterThan(0);
    expect(lengths.filter((n) => n === 1).length).toBeGreaterThan(0);
    expect(lengths.filter((n) => n <= 30).length / lengths.length).toBeGreaterThan(0.7);
    const all = texts.join('');
    expect(all).toMatch(/[\u4e00-\u9fff]/u);
    expect(all).toMatch(/\p{Extended_Pictographic}/u);
    expect(texts.some((t) => t.trim() === '')).toBe(true);
  });

  it('draws RFC 3339 date-times with various offsets', () => {
    const samples = fc.sample(rfc3339DateTime, 500);
    expect(samples.every(isRfc3339DateTime)).toBe(true);
    expect(samples.some((s) => /[+-]\d\d:\d\d$/.test(s) && !s.endsWith('+08:00'))).toBe(true);
    expect(samples.some((s) => s.endsWith('Z'))).toBe(true);
    expect(samples.some((s) => /\.\d+/.test(s))).toBe(true);
  });

  it('the checker reads date-times as RFC 3339 does', () => {
    expect(isRfc3339DateTime('2024-02-29T23:59:60Z')).toBe(true);
    expect(isRfc3339DateTime('2024-03-01T07:59:60+08:00')).toBe(true);
    expect(isRfc3339DateTime('2024-03-01T10:59:60Z')).toBe(false);
    expect(isRfc3339DateTime('2023-02-29T10:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2024-01-01t10:00:00z')).toBe(true);
    expect(isRfc3339DateTime('2024-01-01T10:00:00')).toBe(false);
  });

  it.each([
    [{ type: 'string', multipleOf: 2 }],
    [{ type: 'string', format: 'email' }],
    [{ allOf: [{ type: 'string' }] }],
    [{ $ref: '#/definitions/X' }],
    [{ type: ['string', 'null'] }],
    [{ type: 'object', properties: { a: { type: 'string', if: {} } } }],
    [{ type: 'object', additionalProperties: { type: 'string' } }],
    [{ type: 'array', items: [{ type: 'string' }] }],
  ])('throws on what it cannot read: %j', (schema) => {
    expect(() => arbitraryFor(schema as JsonSchema)).toThrow(/schema-arbitrary/);
    expect(() => invalidFor(schema as JsonSchema)).toThrow(/schema-arbitrary/);
  });

  it('reads `{}` as any value, and has nothing to refuse for it', () => {
    fc.assert(
      fc.property(arbitraryFor({ description: 'anything' }), (v) => expect(violations({}, v)).toEqual([])),
    );
    expect(() => invalidFor({ title: 'anything' })).toThrow(/refuses nothing/);
  });

  it('x-sum: valid objects add up to the number, invalid ones are told apart', () => {
    const weights: JsonSchema = {
      type: 'object',
      properties: Object.fromEntries(
        ['a', 'b', 'c'].map((k) => [k, { type: 'integer', minimum: 0, maximum: 100 }]),
      ),
      required: ['a', 'b', 'c'],
      additionalProperties: false,
      'x-sum': 100,
    };
    fc.assert(
      fc.property(arbitraryFor(weights), (v) => {
        const o = v as Record<string, number>;
        expect(o.a + o.b + o.c).toBe(100);
        expect(violations(weights, v)).toEqual([]);
      }),
    );
    expect(violations(weights, { a: 50, b: 40, c: 5 })).toEqual(['(root): values add up to 95, not 100']);
    const whys = fc.sample(invalidFor(weights), 300).map((s) => s.why);
    expect(whys.some((w) => w.includes('do not add up to 100'))).toBe(true);
  });

  it('knows whether ajv took part', () => {
    // Not a requirement: documents which checker ran in this environment.
    expect(typeof (ajv ?? violations)).toBe('function');
  });
});
