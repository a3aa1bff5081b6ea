import { resolve } from 'node:path';
import type { WorkflowDefinition } from '../engine/workflow.types';

/**
 * Workflows deployed beside the built-in catalogue: WORKFLOW_MODULES lists module paths
 * (comma-separated), each exporting `WORKFLOWS: WorkflowDefinition[]`. A module that cannot be
 * loaded, or exports no workflows, stops the start with a message naming it.
 */
export function loadWorkflowModules(list: string | undefined): WorkflowDefinition[] {
  const paths = (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return paths.flatMap((path) => {
    let loaded: { WORKFLOWS?: unknown };
    try {
      // Deployment-chosen modules are only known at run time.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(resolve(path)) as { WORKFLOWS?: unknown };
    } catch (error) {
      throw new Error(`WORKFLOW_MODULES: cannot load ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(loaded.WORKFLOWS) || loaded.WORKFLOWS.length === 0) {
      throw new Error(
        `WORKFLOW_MODULES: ${path} does not export WORKFLOWS (an array of workflow definitions)`,
      );
    }
    return loaded.WORKFLOWS as WorkflowDefinition[];
  });
}
