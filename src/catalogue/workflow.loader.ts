import { resolve } from 'node:path';
import type { AccessPolicy, WorkflowDefinition } from '../engine/workflow.types';

export interface DeployedModules {
  workflows: WorkflowDefinition[];
  /** Extra grants the modules add to the catalogue's access policy (capability → roles). */
  access: AccessPolicy;
}

/**
 * Workflows deployed beside the built-in catalogue: WORKFLOW_MODULES lists module paths
 * (comma-separated), each exporting `WORKFLOWS: WorkflowDefinition[]` and, optionally, `ACCESS`
 * (capability → roles, added to the catalogue's grants, e.g. `{ stats: ['auditor'] }`).
 * A module that cannot be loaded, or exports no workflows, stops the start with a message naming it.
 */
export function loadWorkflowModules(list: string | undefined): DeployedModules {
  const paths = (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const deployed: DeployedModules = { workflows: [], access: {} };
  for (const path of paths) {
    let loaded: { WORKFLOWS?: unknown; ACCESS?: unknown };
    try {
      // Deployment-chosen modules are only known at run time.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(resolve(path)) as { WORKFLOWS?: unknown; ACCESS?: unknown };
    } catch (error) {
      throw new Error(`WORKFLOW_MODULES: cannot load ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(loaded.WORKFLOWS) || loaded.WORKFLOWS.length === 0) {
      throw new Error(
        `WORKFLOW_MODULES: ${path} does not export WORKFLOWS (an array of workflow definitions)`,
      );
    }
    deployed.workflows.push(...(loaded.WORKFLOWS as WorkflowDefinition[]));
    for (const [capability, roles] of Object.entries((loaded.ACCESS ?? {}) as AccessPolicy)) {
      deployed.access[capability] = [...(deployed.access[capability] ?? []), ...roles];
    }
  }
  return deployed;
}
