import { CATALOGUE } from '../../workflows';
import type { Catalogue } from '../engine/workflow.types';
import { loadWorkflowModules } from './workflow.loader';

/** The built-in catalogue plus the workflows deployed with WORKFLOW_MODULES. */
export function loadCatalogue(modules = process.env.WORKFLOW_MODULES): Catalogue {
  return { ...CATALOGUE, workflows: [...CATALOGUE.workflows, ...loadWorkflowModules(modules)] };
}

/** Every role a token may carry: the service's own and every deployed workflow's. */
export function catalogueRoleIds(catalogue: Catalogue): string[] {
  const ids = [...catalogue.roles, ...catalogue.workflows.flatMap((wf) => wf.roles)].map((r) => r.id);
  return [...new Set(ids)];
}
