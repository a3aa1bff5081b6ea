import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { CaseMigrator } from './case-migrator';
import { CaseOpener } from './case-opener';
import { Clock } from './clock';
import { DeadlinePlanner, type DeadlineSettings } from './deadlines/deadline.planner';
import { EffectHandlers } from './effects/effect.handlers';
import { NotifyCaseHandler } from './effects/notify-case.handler';
import { OpenCaseHandler } from './effects/open-case.handler';
import { TransferUnitHandler } from './effects/transfer-unit.handler';
import { Jurisdiction } from './units/jurisdiction';
import { EngineService } from './engine.service';
import { TransactionRunner } from './persistence/transaction.runner';
import { WORKFLOW_CATALOGUE, WorkflowRegistry } from './workflow.registry';
import { WorkflowVersions } from './workflow-versions';
import type { Catalogue, Language } from './workflow.types';
import { ENGINE_LANGUAGE } from './engine-language';
import { WriteCore } from './write-core';

export interface EngineModuleOptions {
  catalogue: Catalogue;
  /** Deadline durations and calendar, built by the composition root from its configuration. */
  deadlineSettings: { inject: InjectionToken[]; useFactory: (...deps: never[]) => DeadlineSettings };
  /** The deployment's language (the words workflows write into data); zh when not given. */
  language?: { inject: InjectionToken[]; useFactory: (...deps: never[]) => Language };
}

/**
 * The generic engine, given the workflow catalogue by the composition root. Global: every
 * capability reads through its registry and writes through its one path.
 */
@Global()
@Module({})
export class EngineModule {
  static forRoot(options: EngineModuleOptions): DynamicModule {
    return {
      module: EngineModule,
      providers: [
        { provide: WORKFLOW_CATALOGUE, useValue: options.catalogue },
        {
          provide: DeadlinePlanner,
          inject: options.deadlineSettings.inject,
          useFactory: (...deps: never[]) => new DeadlinePlanner(options.deadlineSettings.useFactory(...deps)),
        },
        options.language
          ? {
              provide: ENGINE_LANGUAGE,
              inject: options.language.inject,
              useFactory: options.language.useFactory,
            }
          : { provide: ENGINE_LANGUAGE, useValue: 'zh' },
        WorkflowRegistry,
        Clock,
        TransactionRunner,
        EffectHandlers,
        OpenCaseHandler,
        TransferUnitHandler,
        NotifyCaseHandler,
        Jurisdiction,
        CaseOpener,
        CaseMigrator,
        WriteCore,
        EngineService,
        WorkflowVersions,
      ],
      exports: [
        ENGINE_LANGUAGE,
        WorkflowVersions,
        WORKFLOW_CATALOGUE,
        WorkflowRegistry,
        Clock,
        DeadlinePlanner,
        TransactionRunner,
        EffectHandlers,
        Jurisdiction,
        EngineService,
      ],
    };
  }
}
