import { getMetadataStorage } from 'class-validator';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { COMMON_OPEN_FIELDS, OpenCaseFields } from '../engine/open-case.input';
import type { EventPolicy, PayloadClass, WorkflowDefinition } from '../engine/workflow.types';

export type Schema = Record<string, unknown>;

const REF = '#/definitions/';

/**
 * JSON schemas of class-validator payload classes, self-contained (no $ref) and closed
 * (`additionalProperties: false` wherever properties are listed, as the validator refuses unknown
 * properties at every level). Built once, after every class has been declared.
 */
export class PayloadSchemas {
  private schemas?: Record<string, Schema>;
  private ambiguous?: Set<string>;

  of(cls: PayloadClass): Schema {
    this.schemas ??= validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage,
      refPointerPrefix: REF,
    }) as Record<string, Schema>;
    this.ambiguous ??= ambiguousClassNames();
    if (this.ambiguous.has(cls.name)) throw duplicateName(cls.name);
    const schema = this.schemas[cls.name] ?? { type: 'object', properties: {} };
    return close(inline(schema, this.schemas, this.ambiguous));
  }
}

function duplicateName(name: string): Error {
  return new Error(
    `Two validated classes are named ${name}: payload class names must be unique across the catalogue (rename one)`,
  );
}

/** Class names shared by more than one validated class: their schemas would be merged, so they are refused. */
function ambiguousClassNames(): Set<string> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, unknown> };
  const seen = new Map<string, number>();
  for (const target of storage.validationMetadatas.keys()) {
    const name = (target as { name?: string }).name;
    if (name) seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name));
}

function inline(schema: unknown, all: Record<string, Schema>, ambiguous: Set<string>): Schema {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, all, ambiguous)) as unknown as Schema;
  if (schema === null || typeof schema !== 'object') return schema as Schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref) {
    const name = ref.replace(REF, '');
    if (ambiguous.has(name)) throw duplicateName(name);
    const target = all[name];
    if (!target) throw new Error(`No schema for ${name}`);
    return inline(target, all, ambiguous);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, all, ambiguous)]));
}

/** `additionalProperties: false` on every schema that lists properties (the validator forbids others). */
function close(schema: Schema): Schema {
  const out: Schema = { ...schema };
  const map = (v: unknown) => (Array.isArray(v) ? v.map((s) => close(s as Schema)) : v);
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, Schema>).map(([k, v]) => [k, close(v)]),
    );
    if (!('additionalProperties' in out)) out.additionalProperties = false;
  }
  if (out.items && typeof out.items === 'object') out.items = close(out.items as Schema);
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (out[k]) out[k] = map(out[k]);
  return out;
}

/** The properties (and requirements) all branches share. */
export function hoist(branches: Schema[]): Schema {
  const props = branches.map((b) => b.properties as Record<string, Schema> | undefined);
  if (props.some((p) => !p)) return {};
  const [first, ...rest] = props as Record<string, Schema>[];
  const properties = Object.fromEntries(
    Object.keys(first)
      .filter((k) => rest.every((p) => k in p))
      .map((k) => {
        const same = rest.every((p) => JSON.stringify(p[k]) === JSON.stringify(first[k]));
        return [k, same ? first[k] : {}];
      }),
  );
  const required = ((branches[0].required as string[] | undefined) ?? []).filter((k) =>
    branches.every((b) => ((b.required as string[] | undefined) ?? []).includes(k)),
  );
  return { properties, ...(required.length && { required }) };
}

/** The whole POST /cases body: the common fields (with `workflow` fixed to this one) and the open payload. */
export function openSchemaOf(schemas: PayloadSchemas, wf: WorkflowDefinition): Schema {
  const own = schemas.of(wf.open.payload);
  if (own.oneOf || own.anyOf || own.allOf) {
    throw new Error(`The open payload of ${wf.name} must be a plain object schema (no oneOf/anyOf/allOf)`);
  }
  const properties = (own.properties ?? {}) as Record<string, Schema>;
  const clash = COMMON_OPEN_FIELDS.find((k) => k in properties);
  if (clash) throw new Error(`The open payload of ${wf.name} redefines the common field ${clash}`);
  const common = schemas.of(OpenCaseFields);
  const commonProperties = common.properties as Record<string, Schema>;
  const required = (s: Schema) => (s.required as string[] | undefined) ?? [];
  return {
    type: 'object',
    properties: {
      ...commonProperties,
      workflow: { ...commonProperties.workflow, const: wf.name },
      subject: withSubjectKinds(commonProperties.subject, wf.open.subjectKinds),
      ...properties,
    },
    required: [...required(common), ...required(own)],
    additionalProperties: false,
  };
}

/** The subject's schema with `kind` narrowed to the kinds the workflow's cases may be about. */
function withSubjectKinds(subject: Schema, kinds: readonly string[] | undefined): Schema {
  if (!kinds) return subject;
  const properties = subject.properties as Record<string, Schema>;
  const kind = properties.kind;
  const labels = kind['x-enumLabels'] as Record<string, unknown> | undefined;
  const narrowed: Schema = {
    ...kind,
    enum: kinds,
    ...(labels && { 'x-enumLabels': Object.fromEntries(kinds.map((k) => [k, labels[k]])) }),
  };
  return { ...subject, properties: { ...properties, kind: narrowed } };
}

/**
 * An event's payload schema. Per-case variants are published as `anyOf` (not `oneOf`: a payload
 * may fit more than one variant, e.g. one valid for both kinds of subject), each branch titled with
 * the variant's name; the properties every variant has are hoisted beside it (with their schema
 * when all variants agree on it), as are the properties every variant requires.
 */
export function eventSchemaOf(schemas: PayloadSchemas, payload: EventPolicy['payload']): Schema {
  if (!payload) return { type: 'object', properties: {}, additionalProperties: false };
  if (typeof payload === 'function') return schemas.of(payload);
  const branches = Object.entries(payload.variants).map(([name, cls]) => ({
    title: name,
    ...schemas.of(cls),
  }));
  return { type: 'object', ...hoist(branches), anyOf: branches };
}
