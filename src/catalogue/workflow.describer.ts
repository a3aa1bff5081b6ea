import { Injectable } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { AnyStateMachine } from 'xstate';
import { DeadlinePlanner } from '../deadlines/deadline.planner';
import type { EventPolicy, PayloadClass, WorkflowDefinition } from '../engine/workflow.types';

type Schema = Record<string, unknown>;

const REF = '#/definitions/';

interface StateNodeLike {
  initial?: { target: readonly StateNodeLike[] };
  id: string;
  key: string;
  type: string;
  path: string[];
  states: Record<string, StateNodeLike>;
  transitions: Map<string, { target?: readonly StateNodeLike[]; reenter?: boolean }[]>;
}

const text = (max: number, min = 1): Schema => ({
  type: 'string',
  ...(min > 0 && { minLength: min }),
  maxLength: max,
});

/** The subject of POST /cases (the limits of SubjectDto in src/cases/dto/open-case.dto.ts). */
const SUBJECT: Schema = {
  type: 'object',
  properties: {
    ref: text(200),
    kind: {
      type: 'string',
      enum: ['individual', 'organisation'],
      'x-enumLabels': {
        individual: { zh: '个人', en: 'Individual' },
        organisation: { zh: '组织', en: 'Organisation' },
      },
    },
    name: text(200),
    organisation: text(200),
    post: text(200),
  },
  required: ['ref', 'kind', 'name'],
  additionalProperties: false,
};

/** What POST /cases takes besides the common fields when a workflow declares no open payload (transitional). */
const LEGACY_OPEN: Schema = {
  type: 'object',
  properties: { source: text(64), facts: text(20_000, 0), situation: text(200, 0) },
  required: ['source'],
};

/**
 * Describes a workflow for clients: the machine as a graph (for diagrams), the opening policy with the
 * whole POST /cases body as JSON schema, and each event's payload schema. Every schema is
 * self-contained (no $ref) and closed (`additionalProperties: false` wherever properties are listed,
 * as the validator refuses unknown properties at every level).
 */
@Injectable()
export class WorkflowDescriber {
  private schemas?: Record<string, Schema>;
  private ambiguous?: Set<string>;

  constructor(private readonly planner: DeadlinePlanner) {}

  summary(wf: WorkflowDefinition) {
    return { name: wf.name, version: wf.version, title: wf.title, description: wf.description };
  }

  describe(wf: WorkflowDefinition) {
    return {
      ...this.summary(wf),
      ...(wf.roles && { roles: wf.roles }),
      openRoles: wf.openRoles,
      open: { roles: wf.open?.roles ?? wf.openRoles, schema: this.openSchema(wf) },
      machine: graph(wf.machine),
      events: Object.entries(wf.events).map(([type, p]) => ({
        type,
        roles: p.roles,
        description: p.description,
        schema: this.payloadSchema(p.payload),
      })),
      deadlines: Object.entries(wf.deadlines).map(([delay, d]) => ({
        delay,
        kind: d.kind,
        duration: this.planner.duration(wf, delay),
        defaultDuration: d.duration,
        flagsOverdue: d.flagsOverdue,
      })),
    };
  }

  /** The whole POST /cases body: the common fields and the workflow's open payload. */
  openSchema(wf: WorkflowDefinition): Schema {
    const own = wf.open ? this.schemaOf(wf.open.payload) : LEGACY_OPEN;
    if (own.oneOf || own.anyOf || own.allOf) {
      throw new Error(`The open payload of ${wf.name} must be a plain object schema (no oneOf/anyOf/allOf)`);
    }
    const properties = (own.properties ?? {}) as Record<string, Schema>;
    const clash = ['workflow', 'businessKey', 'title', 'subject'].find((k) => k in properties);
    if (clash) throw new Error(`The open payload of ${wf.name} redefines the common field ${clash}`);
    return {
      type: 'object',
      properties: {
        workflow: { type: 'string', const: wf.name, minLength: 1, maxLength: 64 },
        businessKey: text(200),
        title: text(500),
        subject: SUBJECT,
        ...properties,
      },
      required: ['workflow', 'title', 'subject', ...((own.required as string[] | undefined) ?? [])],
      additionalProperties: false,
    };
  }

  /**
   * An event's payload schema. Per-case variants are published as `anyOf` (not `oneOf`: a payload
   * may fit more than one variant, e.g. a notice fits both kinds of subject), each branch titled with
   * the variant's name; the properties every variant has are hoisted beside it (with their schema
   * when all variants agree on it), as are the properties every variant requires.
   */
  payloadSchema(payload: EventPolicy['payload']): Schema {
    if (!payload) return { type: 'object', properties: {}, additionalProperties: false };
    if (typeof payload === 'function') return this.schemaOf(payload);
    const branches = Object.entries(payload.variants).map(([name, cls]) => ({
      title: name,
      ...this.schemaOf(cls),
    }));
    return { type: 'object', ...hoist(branches), anyOf: branches };
  }

  private schemaOf(cls: PayloadClass): Schema {
    this.schemas ??= validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage,
      refPointerPrefix: REF,
    }) as Record<string, Schema>;
    this.ambiguous ??= ambiguousClassNames();
    if (this.ambiguous.has(cls.name)) throw new Error(`Two validated classes are named ${cls.name}`);
    const schema = this.schemas[cls.name] ?? { type: 'object', properties: {} };
    return close(inline(schema, this.schemas, this.ambiguous));
  }
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
    if (ambiguous.has(name)) throw new Error(`Two validated classes are named ${name}`);
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
function hoist(branches: Schema[]): Schema {
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

/** The machine as nodes and edges; `after` edges carry the delay's event type. */
export function graph(machine: AnyStateMachine) {
  const states: { id: string; path: string; key: string; type: string; parent: string | null }[] = [];
  const transitions: { source: string; event: string; targets: string[]; reenter: boolean }[] = [];
  const walk = (node: StateNodeLike, parent: string | null) => {
    const path = node.path.join('.');
    if (node.path.length) states.push({ id: node.id, path, key: node.key, type: node.type, parent });
    for (const [event, defs] of node.transitions) {
      for (const def of defs) {
        transitions.push({
          source: path,
          event,
          targets: (def.target ?? []).map((t) => t.path.join('.')),
          reenter: Boolean(def.reenter),
        });
      }
    }
    for (const child of Object.values(node.states)) walk(child, node.path.length ? path : null);
  };
  walk(machine.root as unknown as StateNodeLike, null);
  const root = machine.root as unknown as StateNodeLike;
  return { id: machine.id, initial: root.initial?.target[0]?.path.join('.') ?? null, states, transitions };
}
