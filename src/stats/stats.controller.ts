import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { StatsDto, StatsReportDto } from './dto/stats.dto';
import { Access } from '../auth/auth.types';
import { StatsQuery } from './stats.query';
import { StatsService } from './stats.service';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get()
  @Access('stats')
  @ApiOperation({
    summary:
      'Dashboard figures of one workflow: cases by stage, outcomes, overdue by deadline kind, measures by ' +
      'type, time in stage, and the reports the workflow declares (`reports`, keyed by report name); ' +
      'over the cases within your reach (logged)',
  })
  @ApiExtraModels(StatsReportDto)
  @ApiOkResponse({ type: StatsDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Query() query: StatsQuery, @CurrentReader() reader: Reader) {
    const stats = await this.stats.stats(query.workflow, reader.actor);
    await this.accessLog.record(reader, 'stats.read', { query });
    return stats;
  }
}
