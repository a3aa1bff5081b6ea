import { Inject, Injectable } from '@nestjs/common';
import { DeadlinePlanner } from '../engine/deadlines/deadline.planner';
import type { WorkflowDefinition } from '../engine/workflow.types';
import { graph } from './machine-graph';
import { eventSchemaOf, openSchemaOf, PayloadSchemas } from './payload-schema';

/**
 * Describes a workflow for clients: the machine as a graph (for diagrams), its roles, the opening
 * policy with the whole POST /cases body as JSON schema, and each event's payload schema. The schemas
 * come from the very classes the engine validates with, so a payload built from them is accepted.
 */
@Injectable()
export class WorkflowDescriber {
  private readonly schemas = new PayloadSchemas();

  constructor(@Inject(DeadlinePlanner) private readonly planner: DeadlinePlanner) {}

  summary(wf: WorkflowDefinition) {
    return { name: wf.name, version: wf.version, title: wf.title, description: wf.description };
  }

  describe(wf: WorkflowDefinition) {
    return {
      ...this.summary(wf),
      roles: wf.roles,
      openRoles: wf.open.roles,
      open: { roles: wf.open.roles, schema: openSchemaOf(this.schemas, wf) },
      machine: graph(wf.machine),
      events: Object.entries(wf.events).map(([type, p]) => ({
        type,
        roles: p.roles,
        description: p.description,
        sideMove: p.sideMove === true,
        requires: p.requires ?? null,
        schema: eventSchemaOf(this.schemas, p.payload),
        ...(p.showBeside ? { showBeside: p.showBeside } : {}),
      })),
      linkedEvents: Object.entries<{ description: string }>(wf.linkedEvents ?? {}).map(
        ([type, { description }]) => ({ type, description }),
      ),
      deadlines: Object.entries(wf.deadlines).map(([delay, d]) => ({
        delay,
        kind: d.kind,
        duration: this.planner.duration(wf, delay),
        defaultDuration: d.duration,
        flagsOverdue: d.flagsOverdue,
      })),
      rules: this.rules(wf),
    };
  }

  /** The rules the workflow names, with their sources and the guards that enforce them. */
  rules(wf: WorkflowDefinition) {
    return (wf.rules?.list ?? []).map((r) => ({
      id: r.id,
      source: r.source,
      text: r.text,
      guards: r.guards ?? [],
    }));
  }
}
