import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app.config';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access } from '../auth/auth.types';
import { Clock } from '../engine/clock';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { csvOf } from '../export/csv';
import { attachment, CSV_TYPE, XLSX_TYPE } from '../export/download';
import { xlsxOf } from '../export/xlsx';
import { ApiErrors } from '../http/dto/error-body.dto';
import { beijingTime, caseLedger } from './cases.export';
import { CasesQuery } from './cases.query';
import { ExportCasesQuery } from './dto/list-cases.query';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('cases')
export class CasesExportController {
  constructor(
    private readonly cases: CasesQuery,
    private readonly registry: WorkflowRegistry,
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
      `with BOM), headers in Chinese, times at UTC+8 (logged). At most EXPORT_MAX_CASES cases (10000 by default): 400 above it`,
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
    const table = caseLedger(cases, {
      workflowTitle: (name) => this.registry.find(name)?.title ?? name,
      unitName: (code) => units.get(code) ?? code,
    });
    const name = `案件台账-${beijingTime(this.clock.now().toISOString()).replace(/[-: ]/g, '').slice(0, 12)}`;
    const xlsx = format === 'xlsx';
    void reply
      .header('Content-Type', xlsx ? XLSX_TYPE : CSV_TYPE)
      .header('Content-Disposition', attachment(`${name}.${format}`));
    return xlsx ? xlsxOf('台账', table) : csvOf(table);
  }
}
