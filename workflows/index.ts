import type { WorkflowDefinition } from '../src/engine/workflow.types';
import { accountabilityWorkflow } from './accountability.workflow';

/** The procedure catalogue the engine looks workflows up in. */
export const WORKFLOWS: WorkflowDefinition[] = [accountabilityWorkflow];
