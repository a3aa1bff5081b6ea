import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TerminusModule } from '@nestjs/terminus';
import { WORKFLOWS } from '../workflows';
import { loadWorkflowModules } from './engine/workflow.loader';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './auth/auth.guard';
import { DevLoginController } from './auth/dev-login.controller';
import { AuthModule } from './auth/auth.module';
import { CasesController } from './cases/cases.controller';
import { CasesQuery } from './cases/cases.query';
import { WorkflowDescriber } from './catalogue/workflow.describer';
import { WorkflowsController } from './catalogue/workflows.controller';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { type AppConfig, validateConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { QueueBoardModules } from './deadlines/queue-board';
import { EngineModule } from './engine/engine.module';
import { DossierController } from './dossier/dossier.controller';
import { DossierSigner } from './dossier/dossier.signer';
import { HealthController } from './health/health.controller';
import { Logging } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { RedisHealthIndicator } from './health/redis.health';
import { StatsController } from './stats/stats.controller';
import { StatsService } from './stats/stats.service';
import { SubjectsController } from './subjects/subjects.controller';
import { SubjectsService } from './subjects/subjects.service';

/** The composition root: the generic engine, the catalogue from workflows/, and the process role. */
@Module({})
export class AppModule {
  static register(role: AppConfig['WENZE_ROLE']): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, validate: validateConfig, ignoreEnvFile: true }),
        Logging,
        ThrottlerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => {
            const limit = config.get('RATE_LIMIT_PER_MINUTE', { infer: true });
            return {
              throttlers: [{ ttl: 60_000, limit }],
              // One budget per client address across all routes (the library keeps one per route).
              generateKey: (_context: unknown, tracker: string, name: string) => `${name}-${tracker}`,
              // Instead of the library's "ThrottlerException: Too Many Requests".
              errorMessage: `Too many requests: at most ${limit} per minute from one client address; retry after the Retry-After header's seconds`,
            };
          },
        }),
        DatabaseModule,
        MetricsModule,
        EngineModule.forWorkflows([...WORKFLOWS, ...loadWorkflowModules(process.env.WORKFLOW_MODULES)]),
        AuthModule,
        DeadlinesModule.forRole(role),
        ...QueueBoardModules,
        TerminusModule,
      ],
      controllers: [
        CasesController,
        AuditController,
        SubjectsController,
        WorkflowsController,
        DeadlinesController,
        DossierController,
        HealthController,
        DevLoginController,
        StatsController,
      ],
      providers: [
        CasesQuery,
        AuditService,
        SubjectsService,
        WorkflowDescriber,
        DossierSigner,
        RedisHealthIndicator,
        StatsService,
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
