import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditModule } from './audit/audit.module';
import { AccessLogModule } from './access-log/access-log.module';
import { UnitsModule } from './units/units.module';
import { RegisterModule } from './register/register.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { loadCatalogue } from './catalogue/catalogue';
import { type AppConfig, parseOverrides } from './config/app.config';
import { validateConfig } from './config/config.validate';
import { DatabaseModule } from './database/database.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { QueueBoardModules } from './deadlines/queue-board';
import { DocumentsModule } from './documents/documents.module';
import { DossierModule } from './dossier/dossier.module';
import { ChinaBusinessCalendar } from './engine/deadlines/business-calendar';
import { holidayCalendarFrom } from './engine/deadlines/holiday-calendar';
import { EngineModule } from './engine/engine.module';
import { HealthModule } from './health/health.module';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { UserThrottlerGuard } from './http/user-throttler.guard';
import { QueueThrottlerStorage } from './http/throttler-storage';
import { LiveModule } from './live/live.module';
import { Logging } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { NoticesModule } from './notices/notices.module';
import { IndicesModule } from './indices/indices.module';
import { InboxModule } from './inbox/inbox.module';
import { StatsModule } from './stats/stats.module';
import { SubjectsModule } from './subjects/subjects.module';
import { UrgingModule } from './urging/urging.module';

/** The composition root: the generic engine, the catalogue from workflows/, the capabilities, and the process role. */
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
              // The library's own storage costs O(limit) per request; this one O(1), same counts.
              storage: new QueueThrottlerStorage(),
              // One budget per client address across all routes (the library keeps one per route).
              generateKey: (_context: unknown, tracker: string, name: string) => `${name}-${tracker}`,
              // Instead of the library's "ThrottlerException: Too Many Requests".
              errorMessage: `Too many requests: at most ${limit} per minute for one user (or, without a token, one client address); retry after the Retry-After header's seconds`,
            };
          },
        }),
        DatabaseModule,
        MetricsModule,
        EngineModule.forRoot({
          catalogue: loadCatalogue(),
          deadlineSettings: {
            inject: [ConfigService],
            useFactory: (config: ConfigService<AppConfig, true>) => ({
              overrides: parseOverrides(config.get('DEADLINE_OVERRIDES', { infer: true })),
              calendar: new ChinaBusinessCalendar(
                holidayCalendarFrom(config.get('CALENDAR_FILE', { infer: true })),
              ),
            }),
          },
          language: {
            inject: [ConfigService],
            useFactory: (config: ConfigService<AppConfig, true>) => config.get('LANGUAGE', { infer: true }),
          },
        }),
        AuthModule,
        DeadlinesModule.forRole(role),
        LiveModule.forRole(role),
        NoticesModule.forRole(role),
        ...QueueBoardModules,
        CatalogueModule,
        CasesModule,
        InboxModule,
        SubjectsModule,
        AuditModule,
        AccessLogModule,
        UnitsModule,
        RegisterModule,
        DossierModule,
        AttachmentsModule,
        DocumentsModule,
        UrgingModule,
        StatsModule,
        IndicesModule,
        HealthModule,
      ],
      providers: [
        // In this order: the token is verified first, so that the budget can be the user's.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: UserThrottlerGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
