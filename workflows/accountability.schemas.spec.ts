/*
 * "What we publish is what we accept": the JSON schemas the catalogue publishes for the accountability
 * workflow (checked with Ajv) and the class-validator classes the engine validates with agree, payload
 * by payload. The describer is the real one; only its Nest decorations are stubbed (Jest here cannot
 * load NestJS).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import fc from 'fast-check';
import {
  MEASURE_DETAILS,
  MEASURE_TYPES,
  MEASURES_BY_SUBJECT_KIND,
  RESPONSIBILITIES,
} from '../machines/accountability.types';
import { ORGANISATION_DECIDE, SAMPLE } from '../machines/accountability.fixtures';
import { eventSchemaOf, openSchemaOf, PayloadSchemas } from '../src/catalogue/payload-schema';
import { payloadClassFor } from '../src/engine/payload-variants';
import type { PayloadClass, PayloadVariants } from '../src/engine/workflow.types';
import { isDateTime } from '../src/engine/payload-fields';
import { AccountabilityOpenPayload } from './accountability.payloads';
import { accountabilityWorkflow } from './accountability.workflow';

type Schema = Record<string, unknown>;
type Kind = 'individual' | 'organisation';
const KINDS: Kind[] = ['individual', 'organisation'];
const MEASURE_EVENTS = ['PROPOSE_OPINION', 'DECIDE', 'RESOLVE_APPEAL'] as const;

const schemas = new PayloadSchemas();
const wf = accountabilityWorkflow;
const described = {
  open: { roles: wf.open.roles, schema: openSchemaOf(schemas, wf) },
  events: Object.entries(wf.events).map(([type, p]) => ({ type, schema: eventSchemaOf(schemas, p.payload) })),
};
const ajv = new Ajv({ strict: false, discriminator: true, allErrors: true });
addFormats(ajv);

/** The engine's validation (src/engine/payload.validator.ts, which imports Nest through its errors). */
async function serverAccepts(cls: PayloadClass, payload: unknown): Promise<boolean> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const copy: unknown = JSON.parse(JSON.stringify(payload)); // a JSON body, in this realm
  const errors = await validate(plainToInstance(cls, copy), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length === 0;
}

const compiled = new Map<Schema, ValidateFunction>();
function schemaAccepts(schema: Schema, payload: unknown): boolean {
  let fn = compiled.get(schema);
  if (!fn) compiled.set(schema, (fn = ajv.compile(schema)));
  return fn(payload);
}

function eventSchema(type: string): Schema {
  const e = described.events.find((x) => x.type === type);
  if (!e) throw new Error(`no event ${type}`);
  return e.schema;
}

/** The variant branch for a kind (the describer titles each anyOf branch with the variant's name). */
function variantSchema(type: string, kind: Kind): Schema {
  const branches = eventSchema(type).anyOf as Schema[] | undefined;
  const branch = branches?.find((b) => b.title === kind);
  if (!branch) throw new Error(`no ${kind} variant of ${type}`);
  return branch;
}

function variantClass(type: string, kind: Kind): PayloadClass {
  const cls = payloadClassFor(accountabilityWorkflow.events[type], { subject: { kind } });
  if (!cls) throw new Error(`no class for ${type}`);
  return cls;
}

function withMeasures(
  type: (typeof MEASURE_EVENTS)[number],
  measures: unknown[],
  kind: Kind = 'individual',
): Record<string, unknown> {
  if (type === 'RESOLVE_APPEAL') return { outcome: 'amended', measures };
  // A decision about an organisation names its leadership (2019 Art 8); one about a person says whether the matter is serious.
  if (type === 'DECIDE' && kind === 'organisation') return { ...ORGANISATION_DECIDE, measures };
  return { ...(SAMPLE[type] as Record<string, unknown>), measures };
}

/** Whether a measure fits a kind of subject: the rule the schema and the classes both encode. */
function fits(kind: Kind, m: { type?: unknown; detail?: unknown }): boolean {
  if (!(MEASURES_BY_SUBJECT_KIND[kind] as readonly unknown[]).includes(m.type)) return false;
  const details = (MEASURE_DETAILS as Record<string, readonly string[]>)[m.type as string];
  return details ? details.includes(m.detail as string) : m.detail === undefined;
}

// Once each: some details belong to two measure types (e.g. removal 免职).
const ALL_DETAILS = [undefined, ...new Set(Object.values(MEASURE_DETAILS).flat()), 'flogging', ''];

describe('measures: type × detail, per event and variant', () => {
  for (const type of MEASURE_EVENTS) {
    for (const kind of KINDS) {
      it(`${type} (${kind}): exactly the combinations the schema allows validate`, async () => {
        const schema = variantSchema(type, kind);
        const cls = variantClass(type, kind);
        let allowed = 0;
        for (const measureType of [...MEASURE_TYPES, 'flogging']) {
          for (const detail of ALL_DETAILS) {
            const m = { type: measureType, ...(detail !== undefined && { detail }) };
            const payload = withMeasures(type, [m], kind);
            const bySchema = schemaAccepts(schema, payload);
            const byServer = await serverAccepts(cls, payload);
            expect({ m, bySchema, byServer }).toEqual({
              m,
              bySchema: fits(kind, m),
              byServer: fits(kind, m),
            });
            if (bySchema) allowed += 1;
          }
        }
        const expected = MEASURES_BY_SUBJECT_KIND[kind]
          .map((t) => (MEASURE_DETAILS as Record<string, readonly string[]>)[t]?.length ?? 1)
          .reduce((a, b) => a + b, 0);
        expect(allowed).toBe(expected);
      });
    }
  }

  it('the published detail enums and labels come with every detail, in both languages', () => {
    const items = (variantSchema('DECIDE', 'individual').properties as Record<string, Schema>).measures
      .items as Schema;
    const branches = items.oneOf as { properties: Record<string, Schema>; required: string[] }[];
    const handling = branches.find((b) => b.properties.type.const === 'organisationalHandling');
    expect(handling?.required).toEqual(expect.arrayContaining(['type', 'detail']));
    expect(handling?.properties.detail['x-enumLabels']).toMatchObject({
      reassignment: { zh: '调整职务', en: 'Reassignment' },
    });
    const notice = branches.find((b) => b.properties.type.const === 'notice');
    expect(notice?.properties.detail).toBeUndefined();
    expect(notice?.properties.type['x-enumLabels']).toEqual({ notice: { zh: '通报', en: 'Notice' } });
  });
});

/** Measures built from plausible and implausible pieces. */
const measure = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...MEASURE_TYPES, 'flogging'), fc.jsonValue()),
    detail: fc.oneof(fc.constantFrom(...ALL_DETAILS), fc.jsonValue()),
    responsibility: fc.oneof(fc.constantFrom(...RESPONSIBILITIES, 'none'), fc.constant(null)),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['type'] },
);
const measures = fc.oneof(
  fc.array(measure, { maxLength: 3 }),
  fc.array(fc.oneof(measure, fc.jsonValue(), fc.array(measure, { maxLength: 1 })), { maxLength: 2 }),
  fc.jsonValue(),
);
const date = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2025-03-10',
    '2025-03-10T10:00:00Z',
    '2025-03-10T10:00Z',
    '2025-03-10T10:00:00+08:00',
    '2025-03-10T10:00:00+0800',
    '2025-03-10 10:00:00Z',
    '2025-03-10t10:00:00z',
    '2025-02-29T10:00:00Z',
    '2024-02-29T10:00:00Z',
    '2025-03-10T23:59:60Z',
    '2025-W11-1',
    '2025-069',
    '',
  ),
  fc.string(),
);
const text = fc.oneof(fc.constantFrom('x', '', ' ', 'ok\uFE0F'), fc.string({ maxLength: 5 }), fc.jsonValue());

/** A payload for any event: mostly right, with some fields wrong, missing or extra. */
function payloadFor(type: string): fc.Arbitrary<unknown> {
  const base = (SAMPLE as Record<string, Record<string, unknown>>)[type] ?? {};
  const field = fc.oneof(
    text,
    measures,
    date,
    fc.integer({ min: -5, max: 400 }),
    fc.double(),
    fc.boolean(),
    fc.constantFrom('amended', 'upheld', 'revoked', 'none', 'exempt', 'judicial', 'direct'),
    fc.record({ requirement: text, dueAt: date }, { requiredKeys: [] }),
    fc.array(fc.record({ kind: fc.constantFrom('subject', 'nobody'), name: text }), { maxLength: 2 }),
    fc.constant(null),
  );
  const keys = [
    ...Object.keys(base),
    'measures',
    'outcome',
    'rectification',
    'newDueAt',
    'notes',
    'unexpected',
  ];
  return fc.oneof(
    fc.constant(base),
    fc
      .dictionary(fc.constantFrom(...keys), field, { maxKeys: 4 })
      .map((changes) => ({ ...base, ...changes })),
    fc.dictionary(fc.constantFrom(...keys), field, { maxKeys: 4 }),
    fc.jsonValue(),
  );
}

describe('every event: the schema and the validator agree on generated payloads', () => {
  for (const [type, policy] of Object.entries(accountabilityWorkflow.events)) {
    const variants: [string, PayloadClass | undefined][] =
      policy.payload && typeof policy.payload !== 'function'
        ? Object.entries((policy.payload as PayloadVariants).variants)
        : [['-', policy.payload]];
    for (const [kind, cls] of variants) {
      it(`${type}${kind === '-' ? '' : ` (${kind})`}`, async () => {
        const schema = kind === '-' ? eventSchema(type) : variantSchema(type, kind as Kind);
        await fc.assert(
          fc.asyncProperty(payloadFor(type), async (payload) => {
            const byServer = cls
              ? await serverAccepts(cls, payload)
              : typeof payload === 'object' && payload !== null && !Array.isArray(payload)
                ? Object.keys(payload).length === 0
                : false;
            expect({ payload, bySchema: schemaAccepts(schema, payload) }).toEqual({
              payload,
              bySchema: byServer,
            });
          }),
          { numRuns: 150 },
        );
      });
    }
  }

  it('the published union of variants accepts what some variant accepts', async () => {
    await fc.assert(
      fc.asyncProperty(payloadFor('DECIDE'), async (payload) => {
        const some = (
          await Promise.all(KINDS.map((k) => serverAccepts(variantClass('DECIDE', k), payload)))
        ).some(Boolean);
        expect(schemaAccepts(eventSchema('DECIDE'), payload)).toBe(some);
      }),
      { numRuns: 150 },
    );
  });
});

describe('dates', () => {
  const dueAt = (
    ((variantSchema('DECIDE', 'individual').properties as Record<string, Schema>).rectification.properties ??
      {}) as Record<string, Schema>
  ).dueAt;

  it('are published as format date-time with the pattern the validator applies', () => {
    expect(dueAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(typeof dueAt.pattern).toBe('string');
  });

  it('the schema and the validator agree on any string', () => {
    fc.assert(
      fc.property(date, (d) => {
        expect({ d, bySchema: schemaAccepts(dueAt, d) }).toEqual({ d, bySchema: isDateTime(d) });
      }),
      { numRuns: 500 },
    );
  });

  it('every instant, in UTC or with an offset, is accepted, and Date.parse reads it back', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (d, offset) => {
          const utc = d.toISOString();
          const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const hh = String(Math.floor(abs / 60)).padStart(2, '0');
          const mm = String(abs % 60).padStart(2, '0');
          const withOffset = `${local}${sign}${hh}:${mm}`;
          for (const s of [utc, withOffset]) {
            expect(isDateTime(s)).toBe(true);
            expect(schemaAccepts(dueAt, s)).toBe(true);
          }
          expect(Date.parse(withOffset)).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});

describe('opening', () => {
  const open = described.open;

  it('publishes the roles and the whole POST /cases body', () => {
    expect(open.roles).toEqual(['integration', 'officer']);
    expect(open.schema).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(['workflow', 'title', 'subject', 'source']),
    });
    const props = open.schema.properties as Record<string, Schema>;
    expect(props.workflow).toMatchObject({ const: 'accountability' });
    expect(props.source['x-enumLabels']).toMatchObject({ inspectionTour: { zh: '巡视巡察' } });
  });

  it('the open payload part agrees with AccountabilityOpenPayload', async () => {
    const common = {
      workflow: 'accountability',
      title: 'Landslide',
      subject: { ref: 'p-1', kind: 'individual', name: 'Zhang San' },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            source: fc.oneof(fc.constantFrom('incident', 'audit', 'nonsense', ''), fc.jsonValue()),
            facts: text,
            situation: fc.oneof(text, fc.string({ minLength: 199, maxLength: 201 })),
            unexpected: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
        async (own) => {
          const bySchema = schemaAccepts(open.schema, { ...common, ...own });
          expect({ own, bySchema }).toEqual({
            own,
            bySchema: await serverAccepts(AccountabilityOpenPayload, own),
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
