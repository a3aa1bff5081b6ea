import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/auth.types';
import { StatsQuery } from './stats.query';
import { StatsService } from './stats.service';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @Access('stats')
  @ApiOperation({
    summary:
      'Dashboard figures of one workflow: cases by stage, outcomes, overdue by deadline kind, measures by ' +
      'type, time in stage, and the reports the workflow declares (`reports`, keyed by report name)',
  })
  get(@Query() query: StatsQuery) {
    return this.stats.stats(query.workflow);
  }
}
