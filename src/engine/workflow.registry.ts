import { Inject, Injectable } from '@nestjs/common';
import { EngineErrorCode, EngineException } from './engine.errors';
import type { WorkflowDefinition } from './workflow.types';

export const WORKFLOW_DEFINITIONS = Symbol('WORKFLOW_DEFINITIONS');

/** The procedure catalogue. The engine finds machines only through here. */
@Injectable()
export class WorkflowRegistry {
  private readonly byKey = new Map<string, WorkflowDefinition>();
  private readonly latestByName = new Map<string, WorkflowDefinition>();

  constructor(@Inject(WORKFLOW_DEFINITIONS) definitions: WorkflowDefinition[]) {
    for (const wf of definitions) this.register(wf);
  }

  private register(wf: WorkflowDefinition): void {
    const key = `${wf.name}@${wf.version}`;
    if (this.byKey.has(key)) throw new Error(`Workflow ${key} is registered twice`);
    this.checkConsistency(wf);
    this.byKey.set(key, wf);
    const latest = this.latestByName.get(wf.name);
    if (!latest || latest.version < wf.version) this.latestByName.set(wf.name, wf);
  }

  /** Refuse to start with a workflow whose policy and machine disagree. */
  private checkConsistency(wf: WorkflowDefinition): void {
    const delays = Object.keys(wf.machine.implementations.delays ?? {});
    const missing = delays.filter((d) => !wf.deadlines[d]);
    if (missing.length)
      throw new Error(`Workflow ${wf.name}: no deadline policy for delays ${missing.join(', ')}`);
    const machineEvents = new Set(wf.machine.events);
    const unknown = Object.keys(wf.events).filter((e) => !machineEvents.has(e));
    if (unknown.length)
      throw new Error(`Workflow ${wf.name}: events ${unknown.join(', ')} are not in the machine`);
  }

  all(): WorkflowDefinition[] {
    return [...this.latestByName.values()];
  }

  versions(name: string): number[] {
    return [...this.byKey.values()]
      .filter((wf) => wf.name === name)
      .map((wf) => wf.version)
      .sort((a, b) => a - b);
  }

  latest(name: string): WorkflowDefinition {
    const wf = this.latestByName.get(name);
    if (!wf) {
      throw new EngineException(EngineErrorCode.WORKFLOW_NOT_FOUND, `Unknown workflow "${name}"`, {
        known: [...this.latestByName.keys()],
      });
    }
    return wf;
  }

  get(name: string, version: number): WorkflowDefinition {
    const wf = this.byKey.get(`${name}@${version}`);
    if (!wf) {
      throw new EngineException(
        EngineErrorCode.SNAPSHOT_INCOMPATIBLE,
        `Workflow ${name} version ${version} is not deployed; the case cannot be advanced`,
      );
    }
    return wf;
  }
}
