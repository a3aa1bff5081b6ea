import { Controller, Get } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthDownDto, LivenessDto } from './dto/health.dto';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.types';
import { CalendarAndVersionsIndicator } from './calendar-versions.health';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('ops')
// Orchestrators poll health as often as they like: not counted against anyone's budget.
@SkipThrottle()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly facts: CalendarAndVersionsIndicator,
  ) {}

  @Get()
  // Above @HealthCheck(), whose own 503 schema (the bare terminus report) it replaces.
  @ApiServiceUnavailableResponse({ type: HealthDownDto, description: 'A dependency is down' })
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: the database and Redis answer; also which years of the holiday calendar are provisional ' +
      '(`calendar`) and how many cases per workflow@version are stored in states their version does not know ' +
      '(`workflowVersions`)',
  })
  check() {
    return this.health.check([
      () => this.db.pingCheck('database'),
      () => this.redis.check(),
      () => this.facts.calendar(),
      () => this.facts.workflowVersions(),
    ]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: LivenessDto })
  live() {
    return { status: 'ok' };
  }
}
