import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { WorkflowDescriber } from './workflow.describer';
import { WorkflowsController } from './workflows.controller';

/** The catalogue over HTTP: machine graphs, roles, schemas and deadline policies of each workflow. */
@Module({ controllers: [WorkflowsController], providers: [WorkflowDescriber], exports: [WorkflowDescriber] })
export class CatalogueModule implements OnApplicationBootstrap {
  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly describer: WorkflowDescriber,
  ) {}

  /** Every workflow is described once at start: one that cannot be published stops the service, not a request. */
  onApplicationBootstrap(): void {
    for (const wf of this.registry.all()) {
      try {
        this.describer.describe(wf);
      } catch (error) {
        throw new Error(`Workflow ${wf.name} cannot be published: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
}
