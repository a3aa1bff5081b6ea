import { Module } from '@nestjs/common';
import { WorkflowDescriber } from './workflow.describer';
import { WorkflowsController } from './workflows.controller';

/** The catalogue over HTTP: machine graphs, roles, schemas and deadline policies of each workflow. */
@Module({ controllers: [WorkflowsController], providers: [WorkflowDescriber], exports: [WorkflowDescriber] })
export class CatalogueModule {}
