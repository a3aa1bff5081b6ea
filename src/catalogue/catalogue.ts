import { CATALOGUE } from '../../workflows';
import type { AccessPolicy, Catalogue } from '../engine/workflow.types';
import { loadWorkflowModules } from './workflow.loader';

/** The built-in catalogue plus the workflows (and their access grants) deployed with WORKFLOW_MODULES. */
export function loadCatalogue(modules = process.env.WORKFLOW_MODULES): Catalogue {
  const deployed = loadWorkflowModules(modules);
  return {
    ...CATALOGUE,
    workflows: [...CATALOGUE.workflows, ...deployed.workflows],
    access: mergeAccess(CATALOGUE.access, deployed.access),
  };
}

/** Grants added to a capability widen it; a capability only a module names is refused at start. */
function mergeAccess(base: AccessPolicy, extra: AccessPolicy): AccessPolicy {
  const merged: Record<string, readonly string[]> = { ...base };
  for (const [capability, roles] of Object.entries(extra)) {
    if (!merged[capability])
      throw new Error(`WORKFLOW_MODULES: ACCESS names an unknown capability ${capability}`);
    merged[capability] = [...new Set([...merged[capability], ...roles])];
  }
  return merged;
}

/** Every role a token may carry: the service's own and every deployed workflow's. */
export function catalogueRoleIds(catalogue: Catalogue): string[] {
  const ids = [...catalogue.roles, ...catalogue.workflows.flatMap((wf) => wf.roles)].map((r) => r.id);
  return [...new Set(ids)];
}
