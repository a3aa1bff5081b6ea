import type { JsonSchema } from '../api/types';
import { SITUATIONS } from '../i18n/terms';
import type { FormObject, FormSchema, FormValue } from './schema';

/**
 * What the client adds to a workflow's published schemas (the open form's and every event's): choices
 * for a field the server takes as free text (the accountability situations of 2019 Art 7, which the
 * server accepts as any string), by field name, wherever the field appears.
 */
const CHOICES: Record<string, Record<string, readonly string[]>> = {
  accountability: { situation: SITUATIONS },
};

/** The schema with the client's choices for its free-text fields. */
export function withChoices(schema: JsonSchema, workflow: string): JsonSchema {
  const choices = CHOICES[workflow];
  if (!choices || !schema.properties) return schema;
  const properties = { ...schema.properties };
  for (const [k, values] of Object.entries(choices)) {
    const p = properties[k];
    if (p && p.type === 'string' && !p.enum) properties[k] = { ...p, enum: [...values] };
  }
  return { ...schema, properties };
}

/**
 * Starting values of an event's form from what the case already holds: a text or choice field whose
 * name is a field of the case's context with a text the field accepts (e.g. the situation chosen when
 * the case was opened, for the report that names it again). The user may change them.
 */
export function fromContext(schema: JsonSchema, context: Record<string, unknown>): FormObject {
  const start: FormObject = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    const held = context[k];
    if (p.type !== 'string' || typeof held !== 'string' || held === '') continue;
    if (p.enum && !p.enum.map(String).includes(held)) continue;
    if (p.format) continue; // dates and the like are the event's own
    start[k] = held;
  }
  return start;
}

/**
 * The form's values for what the workflow prefills (the case view's `eventPrefill`, e.g. the decision's
 * measures from the opinion): JSON as the form holds it — numbers as text, nulls left out.
 */
export function fromPrefill(prefill: Record<string, unknown> | undefined): FormObject {
  if (!prefill) return {};
  return toForm(prefill) as FormObject;
}

function toForm(value: unknown): FormValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(toForm);
  if (typeof value === 'object') {
    const out: FormObject = {};
    for (const [k, v] of Object.entries(value)) {
      const f = toForm(v);
      if (f !== undefined) out[k] = f;
    }
    return out;
  }
  return undefined;
}

/** A value the case view leaves the caller for a field (`eventChoices`), with its label if any. */
export interface FieldChoice {
  value: string | number;
  label?: { zh: string; en: string };
}

/**
 * The schema with each listed field's choices narrowed to those the case view leaves the caller
 * (`eventChoices`): only the side of the list the signed-in person may still sign; the open tasks or
 * items, offered by their titles instead of a number typed in.
 */
export function narrowed(schema: JsonSchema, choices: Record<string, FieldChoice[]> | undefined): JsonSchema {
  if (!choices || !schema.properties) return schema;
  const properties = { ...schema.properties };
  for (const [k, left] of Object.entries(choices)) {
    const p = properties[k] as FormSchema | undefined;
    if (!p) continue;
    const labels = { ...(p['x-enumLabels'] ?? {}) };
    for (const c of left) if (c.label) labels[String(c.value)] = c.label;
    const values = left.map((c) => c.value);
    const field: FormSchema = {
      ...p,
      enum: p.enum ? p.enum.filter((v) => values.map(String).includes(String(v))) : values,
      'x-enumLabels': labels,
    };
    properties[k] = field;
  }
  return { ...schema, properties };
}

/** What a unit code field publishes (`x-unit`): which units fit it. */
interface UnitField {
  kind?: string;
  /** `below`: below the case's handling unit; `other`: any unit but it. */
  scope?: 'below' | 'other';
}

/** The bits of a unit the choices read (GET /units). */
export interface UnitOption {
  code: string;
  name: string;
  kind: string;
  path: string;
}

/**
 * The schema with every unit code field (`x-unit`, wherever it lies: in objects, lists, branches)
 * offered as the units that fit it, by name, instead of a box to type a code in. `handling` is the
 * case's handling unit (`scope`). Units not yet read (null): the schema as it is.
 */
export function withUnits(schema: JsonSchema, units: UnitOption[] | null, handling?: string): JsonSchema {
  if (!units) return schema;
  const walk = (s: JsonSchema): JsonSchema => {
    const field = (s as { 'x-unit'?: UnitField })['x-unit'];
    if (field && s.type === 'string') {
      const below = units.find((u) => u.code === handling)?.path;
      const fit = units.filter(
        (u) =>
          (!field.kind || u.kind === field.kind) &&
          (field.scope !== 'below' ||
            (below !== undefined && u.path.startsWith(below) && u.code !== handling)) &&
          (field.scope !== 'other' || u.code !== handling),
      );
      const labels = Object.fromEntries(fit.map((u) => [u.code, { zh: u.name, en: u.name }]));
      return { ...s, enum: fit.map((u) => u.code), 'x-enumLabels': labels } as JsonSchema;
    }
    const out: FormSchema = { ...s };
    if (s.properties)
      out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, walk(p)]));
    if (s.items) out.items = walk(s.items);
    if (s.oneOf) out.oneOf = s.oneOf.map(walk);
    const anyOf = (s as FormSchema).anyOf;
    if (anyOf) out.anyOf = anyOf.map(walk);
    return out;
  };
  return walk(schema);
}
