import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app.config';
import { dataSourceOptions } from '../engine/persistence/data-source.options';
import { WalCheckpointer } from './wal-checkpointer';

/** The data source, migrated at start (never synchronised); on SQLite, its checkpoints off the event loop. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        ...dataSourceOptions({
          DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
          DATABASE_PATH: config.get('DATABASE_PATH', { infer: true }),
          DATABASE_POOL_SIZE: config.get('DATABASE_POOL_SIZE', { infer: true }),
        }),
        // Entities of capability modules (TypeOrmModule.forFeature), e.g. the cadre register.
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [WalCheckpointer],
  exports: [WalCheckpointer],
})
export class DatabaseModule {}
