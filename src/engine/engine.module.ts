import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DeadlinePlanner } from './deadlines/deadline.planner';
import { Clock } from './clock';
import { EngineService } from './engine.service';
import { WORKFLOW_DEFINITIONS, WorkflowRegistry } from './workflow.registry';
import type { WorkflowDefinition } from './workflow.types';

/** The generic engine, given the workflow catalogue by the composition root. */
@Global()
@Module({})
export class EngineModule {
  static forWorkflows(definitions: WorkflowDefinition[]): DynamicModule {
    return {
      module: EngineModule,
      providers: [
        { provide: WORKFLOW_DEFINITIONS, useValue: definitions },
        WorkflowRegistry,
        Clock,
        DeadlinePlanner,
        EngineService,
      ],
      exports: [WorkflowRegistry, Clock, DeadlinePlanner, EngineService],
    };
  }
}
