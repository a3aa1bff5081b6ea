import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { StatsDto, StatsReportDto } from './dto/stats.dto';
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
  @ApiExtraModels(StatsReportDto)
  @ApiOkResponse({ type: StatsDto })
  @ApiErrors(400, 401, 403, 404)
  get(@Query() query: StatsQuery) {
    return this.stats.stats(query.workflow);
  }
}
