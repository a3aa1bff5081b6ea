import { Injectable } from '@nestjs/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { AnyStateMachine } from 'xstate';
import { DeadlinePlanner } from '../engine/deadlines/deadline.planner';
import type { EventPolicy, WorkflowDefinition } from '../engine/workflow.types';

type Schema = Record<string, unknown>;

interface StateNodeLike {
  initial?: { target: readonly StateNodeLike[] };
  id: string;
  key: string;
  type: string;
  path: string[];
  states: Record<string, StateNodeLike>;
  transitions: Map<string, { target?: readonly StateNodeLike[]; reenter?: boolean }[]>;
}

/** Describes a workflow for clients: the machine as a graph (for diagrams) and each event's JSON schema. */
@Injectable()
export class WorkflowDescriber {
  private schemas?: Record<string, Schema>;

  constructor(private readonly planner: DeadlinePlanner) {}

  summary(wf: WorkflowDefinition) {
    return { name: wf.name, version: wf.version, title: wf.title, description: wf.description };
  }

  describe(wf: WorkflowDefinition) {
    return {
      ...this.summary(wf),
      roles: wf.roles,
      openRoles: wf.open.roles,
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

  private payloadSchema(payload: EventPolicy['payload']): Schema {
    if (!payload) return { type: 'object', properties: {}, additionalProperties: false };
    if (typeof payload === 'function') return this.schemaOf(payload.name);
    return {
      oneOf: Object.entries(payload.variants).map(([name, cls]) => ({
        title: name,
        ...this.schemaOf(cls.name),
      })),
    };
  }

  private schemaOf(className: string): Schema {
    this.schemas ??= validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage,
      refPointerPrefix: '#/definitions/',
    }) as Record<string, Schema>;
    return inline(this.schemas[className] ?? { type: 'object' }, this.schemas);
  }
}

function inline(schema: unknown, all: Record<string, Schema>): Schema {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, all)) as unknown as Schema;
  if (schema === null || typeof schema !== 'object') return schema as Schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref) return inline(all[ref.replace('#/definitions/', '')] ?? {}, all);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, all)]));
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
