import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** Supervisors' figures and the reports the workflows declare. */
@Module({ controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
