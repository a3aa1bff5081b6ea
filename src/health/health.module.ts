import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { CalendarAndVersionsIndicator } from './calendar-versions.health';
import { RedisHealthIndicator } from './redis.health';

/** Readiness (database and Redis) and liveness. */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, CalendarAndVersionsIndicator],
})
export class HealthModule {}
