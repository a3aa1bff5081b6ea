import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { StatsDto, StatsReportDto } from './dto/stats.dto';
import { Access } from '../auth/auth.types';
import { ExportStatsQuery, StatsQuery } from './stats.query';
import { statsCsv, statsSections, statsSheets } from './stats.export';
import { attachment, CSV_TYPE, XLSX_TYPE } from '../export/download';
import { ledgerWorkbook } from '../export/workbook';
import { beijingTime } from '../cases/cases.export';
import { WORKFLOW_CATALOGUE, WorkflowRegistry } from '../engine/workflow.registry';
import type { Catalogue } from '../engine/workflow.types';
import { Jurisdiction } from '../engine/units/jurisdiction';
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
    @Inject(WORKFLOW_CATALOGUE) private readonly catalogue: Catalogue,
    private readonly jurisdiction: Jurisdiction,
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
      'BOM): one table per figure and declared report, headers in Chinese, stages, time limits, measures and ' +
      'outcomes named in Chinese, times at UTC+8 (logged). The workbook has a sheet per table, each printing ' +
      'its title, the filters (workflow, the units counted) and the time of export above it, its header frozen',
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
    const terms = this.catalogue.terms;
    const definition = this.registry.find(stats.workflow);
    const workflowTitle = terms?.workflow(stats.workflow)?.zh ?? definition?.title ?? stats.workflow;
    const sections = statsSections(stats, {
      workflowTitle,
      terms,
      reportFields: Object.fromEntries(
        Object.entries(definition?.reports ?? {}).map(([k, r]) => [k, r.fields]),
      ),
    });
    const generatedAt = beijingTime(stats.generatedAt);
    const notes = [
      `筛选条件：程序：${workflowTitle}；统计范围：${await this.scope(reader)}`,
      `导出时间：${generatedAt}（北京时间）；导出人：${reader.actor.name ?? reader.actor.sub}`,
    ];
    const name = `统计台账-${workflowTitle.replace(/[\\/:*?"<>|]/g, '_')}-${generatedAt.replace(/[-: ]/g, '').slice(0, 12)}`;
    const xlsx = query.format === 'xlsx';
    void reply
      .header('Content-Type', xlsx ? XLSX_TYPE : CSV_TYPE)
      .header('Content-Disposition', attachment(`${name}.${query.format}`));
    return xlsx ? ledgerWorkbook(statsSheets(sections, notes)) : statsCsv(sections, notes);
  }

  /** The units the figures count, in words: the reader's unit and those below it, or all. */
  private async scope(reader: Reader): Promise<string> {
    const reach = await this.jurisdiction.reach(reader.actor);
    if (reach.kind === 'all') return '全部单位';
    if (reach.kind === 'none') return '无（未指定单位）';
    const unit = (await this.jurisdiction.list()).find((u) => u.code === reach.unit);
    return `${unit?.name ?? reach.unit}及下级单位`;
  }
}
