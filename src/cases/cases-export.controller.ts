import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app.config';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access } from '../auth/auth.types';
import { Clock } from '../engine/clock';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { WORKFLOW_CATALOGUE } from '../engine/workflow.registry';
import type { Catalogue } from '../engine/workflow.types';
import { csvOf } from '../export/csv';
import { attachment, CSV_TYPE, XLSX_TYPE } from '../export/download';
import { ledgerWorkbook } from '../export/workbook';
import { ApiErrors } from '../http/dto/error-body.dto';
import { beijingTime, caseLedger, LEDGER_WIDTHS, ledgerFilters, type ExportNames } from './cases.export';
import { CasesQuery } from './cases.query';
import { ExportCasesQuery } from './dto/list-cases.query';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('cases')
export class CasesExportController {
  constructor(
    private readonly cases: CasesQuery,
    @Inject(WORKFLOW_CATALOGUE) private readonly catalogue: Catalogue,
    private readonly jurisdiction: Jurisdiction,
    private readonly clock: Clock,
    private readonly accessLog: AccessLogService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Get('export')
  @Access('readCases')
  @ApiOperation({
    summary:
      `台账: every case GET /cases would list with the same filters, as an Excel workbook or CSV (UTF-8 ` +
      `with BOM), headers in Chinese, workflows, stages, time limits and outcomes named in Chinese, times at UTC+8 ` +
      `(logged). The workbook prints its title, the filters and the time of export above the table, its header ` +
      `frozen. At most EXPORT_MAX_CASES cases (10000 by default): 400 above it`,
  })
  @ApiOkResponse({
    content: {
      'text/csv': { schema: { type: 'string' } },
      [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(400, 403)
  async export(
    @Query() query: ExportCasesQuery,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const { format, ...filters } = query;
    const max = this.config.get('EXPORT_MAX_CASES', { infer: true });
    const cases = await this.cases.all(filters, reader.actor, max);
    await this.accessLog.record(reader, 'case.export', { resultCount: cases.length, query });
    const units = new Map((await this.jurisdiction.list()).map((u) => [u.code, u.name]));
    const terms = this.catalogue.terms;
    const names: ExportNames = {
      workflowTitle: (name) =>
        terms?.workflow(name)?.zh ?? this.catalogue.workflows.find((w) => w.name === name)?.title ?? name,
      unitName: (code) => units.get(code) ?? code,
      terms,
    };
    const table = caseLedger(cases, names);
    const now = beijingTime(this.clock.now().toISOString());
    const name = `案件台账-${now.replace(/[-: ]/g, '').slice(0, 12)}`;
    const xlsx = format === 'xlsx';
    void reply
      .header('Content-Type', xlsx ? XLSX_TYPE : CSV_TYPE)
      .header('Content-Disposition', attachment(`${name}.${format}`));
    if (!xlsx) return csvOf(table);
    const subjectName = filters.subjectId
      ? cases.find((c) => c.subject?.id === filters.subjectId)?.subject?.name
      : undefined;
    return ledgerWorkbook({
      name: '台账',
      title: '案件台账',
      notes: [
        ledgerFilters(filters, names, subjectName),
        `导出时间：${now}（北京时间）；共 ${cases.length} 件；导出人：${reader.actor.name ?? reader.actor.sub}`,
      ],
      header: table[0].map(String),
      rows: table.slice(1),
      widths: LEDGER_WIDTHS,
    });
  }
}
