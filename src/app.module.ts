import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { WORKFLOWS } from '../workflows';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuthGuard } from './auth/auth.guard';
import { TokenService } from './auth/token.service';
import { CasesController } from './cases/cases.controller';
import { CasesQuery } from './cases/cases.query';
import { WorkflowDescriber } from './catalogue/workflow.describer';
import { WorkflowsController } from './catalogue/workflows.controller';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { type AppConfig, validateConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { EngineModule } from './engine/engine.module';
import { HealthController } from './health/health.controller';
import { RedisHealthIndicator } from './health/redis.health';
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
        DatabaseModule,
        EngineModule.forWorkflows(WORKFLOWS),
        DeadlinesModule.forRole(role),
        TerminusModule,
      ],
      controllers: [
        CasesController,
        AuditController,
        SubjectsController,
        WorkflowsController,
        DeadlinesController,
        HealthController,
      ],
      providers: [
        TokenService,
        CasesQuery,
        AuditService,
        SubjectsService,
        WorkflowDescriber,
        RedisHealthIndicator,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
