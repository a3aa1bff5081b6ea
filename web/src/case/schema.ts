import type { JsonSchema } from '../api/types';
import type { Lang } from '../i18n/i18n';
import type { UiKey } from '../i18n/ui';

/**
 * What the server publishes beyond JsonSchema: `x-enumLabels` ({ value: { zh, en } }) beside every
 * `enum` and `const`; `oneOf` + `discriminator` for objects whose fields depend on one of them (a
 * measure's type, an appeal's outcome); `anyOf` of titled variants for per-case payloads.
 */
export type FormSchema = JsonSchema & {
  const?: string;
  title?: string;
  pattern?: string;
  anyOf?: FormSchema[];
  discriminator?: { propertyName: string };
  /** A date-time the server wants later than the request (a due date). */
  'x-future'?: boolean;
  'x-enumLabels'?: Record<string, { zh: string; en: string }>;
};

/** An enum value's label in the UI language ("English 中文" in English, like domain terms), or null. */
export function enumLabel(schema: JsonSchema, value: string, lang: Lang): string | null {
  const l = (schema as FormSchema)['x-enumLabels']?.[value];
  if (!l) return null;
  // one name in both (a unit's, which is data): once
  return lang === 'zh' || l.en === l.zh ? l.zh : `${l.en} ${l.zh}`;
}

/** The values a branch of a discriminated oneOf takes for the discriminator. */
function branchValues(branch: FormSchema, prop: string): string[] {
  const p = branch.properties?.[prop] as FormSchema | undefined;
  if (!p) return [];
  return p.const !== undefined ? [p.const] : (p.enum ?? []).map(String);
}

/**
 * The object schema that applies to a value: for a discriminated oneOf, the branch its discriminator
 * selects, with the discriminator offered as one select over every branch's values (labels merged);
 * before a choice is made, only the discriminator. Other schemas are returned as they are.
 */
export function resolve(schema: JsonSchema, value: FormValue): JsonSchema {
  const s = schema as FormSchema;
  const prop = s.discriminator?.propertyName;
  if (!prop || !s.oneOf) return schema;
  const branches = s.oneOf as FormSchema[];
  const options = branches.flatMap((b) => branchValues(b, prop));
  const labels = Object.assign(
    {},
    ...branches.map((b) => (b.properties?.[prop] as FormSchema | undefined)?.['x-enumLabels'] ?? {}),
  ) as Record<string, { zh: string; en: string }>;
  const chosen = value && typeof value === 'object' && !Array.isArray(value) ? value[prop] : undefined;
  const branch = branches.find((b) => typeof chosen === 'string' && branchValues(b, prop).includes(chosen));
  const discriminator: FormSchema = { type: 'string', enum: options, 'x-enumLabels': labels };
  return {
    type: 'object',
    properties: { ...(branch?.properties ?? {}), [prop]: discriminator },
    required: [...new Set([prop, ...(branch?.required ?? [])])],
  };
}

/** The discriminator of a oneOf object schema, if it has one. */
export function discriminatorOf(schema: JsonSchema): string | undefined {
  return (schema as FormSchema).discriminator?.propertyName;
}

/** Per-case variants (`anyOf` of titled branches): their names, or null. */
export function variantsOf(schema: JsonSchema): string[] | null {
  const any = (schema as FormSchema).anyOf;
  if (!any?.length || any.some((b) => !b.title)) return null;
  return any.map((b) => b.title as string);
}

export function variantSchema(schema: JsonSchema, name: string): JsonSchema {
  return (schema as FormSchema).anyOf?.find((b) => b.title === name) ?? schema;
}

/** What a form holds: leaves as the inputs' strings and booleans, objects and arrays as JSON. */
export type FormValue = string | boolean | undefined | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };
export type Problem = { key: UiKey; vars?: Record<string, number> };
export type Problems = Record<string, Problem>;

/** The JSON the payload needs. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** oneOf [date, date-time] and format date-time are both "a date input". */
export function isDate(schema: JsonSchema): boolean {
  if (schema.format === 'date-time' || schema.format === 'date') return true;
  return Boolean(schema.oneOf?.some((s) => s.format === 'date' || s.format === 'date-time'));
}

export function kindOf(
  schema: JsonSchema,
): 'object' | 'array' | 'enum' | 'date' | 'boolean' | 'number' | 'text' {
  if (schema.type === 'object' || schema.properties || discriminatorOf(schema)) return 'object';
  if (schema.type === 'array') return 'array';
  if (schema.enum) return 'enum';
  if (isDate(schema)) return 'date';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  return 'text';
}

/**
 * A datetime-local value for now (or `days` ahead), in the browser's time zone, to the second: a
 * default cut to the minute could fall before what just happened (a delivery before the decision).
 */
export function localNow(days = 0): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setMilliseconds(0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/** A datetime-local value for the start of the day `days` ahead, in the browser's time zone. */
export function localDayStart(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setHours(0, 0, 0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/** A due date: the server wants it ahead (`x-future`), or its name says so (dueAt, newDueAt). */
const isDue = (schema: JsonSchema, name?: string) =>
  Boolean((schema as FormSchema)['x-future']) || (name !== undefined && /dueAt$/i.test(name));

/**
 * The value a form starts with. `name` is the field's (for a due date, which starts at the start of
 * the day 30 days ahead: an unchanged form never sets a limit that is already past).
 */
export function initialValue(schema: JsonSchema, required: boolean, name?: string): FormValue {
  switch (kindOf(schema)) {
    case 'object': {
      if (!required) return undefined;
      const r = resolve(schema, undefined);
      const req = new Set(r.required ?? []);
      return Object.fromEntries(
        Object.entries(r.properties ?? {}).map(([k, s]) => [k, initialValue(s, req.has(k), k)]),
      );
    }
    case 'array':
      return Array.from({ length: required ? (schema.minItems ?? 0) : 0 }, () =>
        initialValue(schema.items ?? {}, true),
      );
    case 'boolean':
      return false;
    case 'date':
      // a due date starts 30 days ahead, at the start of that day; any other date (when it happened) now
      if (!required) return '';
      return isDue(schema, name) ? localDayStart(30) : localNow();
    default:
      return '';
  }
}

/**
 * Whether the form must insist on a value. A required string with no minLength, enum or format is
 * only nominally required, so an empty one is left out rather than refused.
 */
function insists(schema: JsonSchema): boolean {
  const kind = kindOf(schema);
  return kind !== 'text' || (schema.minLength ?? 0) > 0;
}

export function validate(schema: JsonSchema, value: FormValue, path = ''): Problems {
  const problems: Problems = {};
  const kind = kindOf(schema);
  if (kind === 'object') {
    if (value === undefined) return problems;
    const obj = value as FormObject;
    const r = resolve(schema, value);
    const req = new Set(r.required ?? []);
    for (const [k, s] of Object.entries(r.properties ?? {})) {
      const p = path ? `${path}.${k}` : k;
      const v = obj[k];
      const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0 && !req.has(k));
      if (empty) {
        if (req.has(k) && insists(s)) problems[p] = { key: kindOf(s) === 'enum' ? 'vChoose' : 'vRequired' };
        continue;
      }
      Object.assign(problems, validate(s, v, p));
    }
    return problems;
  }
  if (kind === 'array') {
    const items = (value as FormValue[] | undefined) ?? [];
    if (schema.minItems !== undefined && items.length < schema.minItems)
      problems[path] = { key: 'vMinItems', vars: { n: schema.minItems } };
    if (schema.maxItems !== undefined && items.length > schema.maxItems)
      problems[path] = { key: 'vMaxItems', vars: { n: schema.maxItems } };
    items.forEach((item, i) => Object.assign(problems, validate(schema.items ?? {}, item, `${path}.${i}`)));
    return problems;
  }
  if (typeof value !== 'string') return problems;
  if (kind === 'enum' && !(schema.enum ?? []).map(String).includes(value))
    problems[path] = { key: 'vChoose' };
  if (kind === 'date' && Number.isNaN(Date.parse(value))) problems[path] = { key: 'vDate' };
  if (kind === 'number') {
    const n = Number(value);
    if (value.trim() === '' || Number.isNaN(n)) problems[path] = { key: 'vNumber' };
    else if (schema.type === 'integer' && !Number.isInteger(n)) problems[path] = { key: 'vInteger' };
    else if (schema.minimum !== undefined && n < schema.minimum)
      problems[path] = { key: 'vMinimum', vars: { n: schema.minimum } };
    else if (schema.maximum !== undefined && n > schema.maximum)
      problems[path] = { key: 'vMaximum', vars: { n: schema.maximum } };
  }
  if (kind === 'text') {
    if (schema.minLength !== undefined && value.trim().length < schema.minLength)
      problems[path] = {
        key: schema.minLength === 1 ? 'vRequired' : 'vMinLength',
        vars: { n: schema.minLength },
      };
    // JSON Schema counts code points, as the server does
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength)
      problems[path] = { key: 'vMaxLength', vars: { n: schema.maxLength } };
  }
  return problems;
}

/** The payload to send: numbers and dates converted, empty optional values left out. */
export function toPayload(schema: JsonSchema, value: FormValue, required = true): Json | undefined {
  const kind = kindOf(schema);
  if (value === undefined) return undefined;
  if (kind === 'object') {
    const r = resolve(schema, value);
    const req = new Set(r.required ?? []);
    const out: { [key: string]: Json } = {};
    for (const [k, s] of Object.entries(r.properties ?? {})) {
      const v = toPayload(s, (value as FormObject)[k], req.has(k));
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (kind === 'array') {
    const items = (value as FormValue[])
      .map((v) => toPayload(schema.items ?? {}, v))
      .filter((v): v is Json => v !== undefined);
    // an optional list left empty is left out (e.g. RESOLVE_APPEAL's measures, needed only when amended)
    return items.length === 0 && !required ? undefined : items;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  // a number picked from a list (e.g. a rectification item, offered by its description) is still a number
  if (kind === 'number' || (kind === 'enum' && (schema.type === 'integer' || schema.type === 'number')))
    return Number(value);
  if (kind === 'date') return new Date(value).toISOString();
  return value;
}

/** Server problems ("measures.0.detail must …") by the field path they name. */
export function problemsByPath(messages: string[]): { byPath: Record<string, string>; rest: string[] } {
  const byPath: Record<string, string> = {};
  const rest: string[] = [];
  for (const m of messages) {
    const path = /^([A-Za-z0-9_.]+)[:\s]/.exec(m)?.[1];
    if (path && !byPath[path]) byPath[path] = m;
    else rest.push(m);
  }
  return { byPath, rest };
}
