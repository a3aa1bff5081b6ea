import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { StatsDto, StatsReportDto } from './dto/stats.dto';
import { Access } from '../auth/auth.types';
import { ExportStatsQuery, StatsQuery } from './stats.query';
import { statsLedger } from './stats.export';
import { csvOf } from '../export/csv';
import { attachment, CSV_TYPE, XLSX_TYPE } from '../export/download';
import { xlsxOf } from '../export/xlsx';
import { beijingTime } from '../cases/cases.export';
import { WorkflowRegistry } from '../engine/workflow.registry';
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
    private readonly registry: WorkflowRegistry,
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

  @Get('export')
  @Access('stats')
  @ApiOperation({
    summary:
      '统计台账: the figures GET /stats answers for the same workflow, as an Excel workbook or CSV (UTF-8 with ' +
      'BOM), one section per figure and declared report, headers in Chinese, times at UTC+8 (logged)',
  })
  @ApiOkResponse({
    content: {
      'text/csv': { schema: { type: 'string' } },
      [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(400, 401, 403, 404)
  async export(
    @Query() query: ExportStatsQuery,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const stats = await this.stats.stats(query.workflow, reader.actor);
    await this.accessLog.record(reader, 'stats.export', { query });
    const generatedAt = beijingTime(stats.generatedAt);
    const table = statsLedger(stats, {
      workflowTitle: this.registry.find(stats.workflow)?.title ?? stats.workflow,
      generatedAt,
    });
    const name = `统计台账-${stats.workflow}-${generatedAt.replace(/[-: ]/g, '').slice(0, 12)}`;
    const xlsx = query.format === 'xlsx';
    void reply
      .header('Content-Type', xlsx ? XLSX_TYPE : CSV_TYPE)
      .header('Content-Disposition', attachment(`${name}.${query.format}`));
    return xlsx ? xlsxOf('统计', table) : csvOf(table);
  }
}
