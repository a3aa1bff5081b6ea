import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access } from '../auth/auth.types';
import { ApiErrors } from '../http/dto/error-body.dto';
import { FigureDto, IndexCasesDto, IndicesReportDto } from './dto/indices.dto';
import { IndexCasesQuery, IndicesExportQuery, IndicesQuery } from './dto/indices.query';
import { indicesCsv, indicesSheet, indicesTitle, type IndicesNames } from './indices.export';
import { IndicesService } from './indices.service';
import { attachment, CSV_TYPE, XLSX_TYPE as XLSX } from '../export/download';
import { ledgerWorkbook } from '../export/workbook';
import { beijingTime } from '../cases/cases.export';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { WORKFLOW_CATALOGUE } from '../engine/workflow.registry';
import type { Catalogue } from '../engine/workflow.types';

@ApiTags('indices')
@ApiBearerAuth()
@Controller('indices')
export class IndicesController {
  constructor(
    private readonly indices: IndicesService,
    private readonly accessLog: AccessLogService,
    private readonly jurisdiction: Jurisdiction,
    @Inject(WORKFLOW_CATALOGUE) private readonly catalogue: Catalogue,
  ) {}

  @Get()
  @Access('indices')
  @ApiOperation({
    summary:
      'Per unit and year: the rates of the indicator plan (each with numerator, denominator and rule), score ' +
      "and rank among siblings, the catalogue's further figures (a share of the measures, linked cases, " +
      'declined clues, restricted now) and overdue now; the unit asked for and the units below it (logged)',
  })
  @ApiExtraModels(FigureDto)
  @ApiOkResponse({ type: IndicesReportDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Query() query: IndicesQuery, @CurrentReader() reader: Reader) {
    const report = await this.indices.report(reader.actor, query.year, query.unit);
    await this.accessLog.record(reader, 'indices.read', {
      unitId: report.unit.code,
      resultCount: report.rows.length,
      query,
    });
    return report;
  }

  @Get('cases')
  @Access('indices')
  @ApiOperation({ summary: "The cases behind a figure of the unit's own row (drill-down; logged)" })
  @ApiOkResponse({ type: IndexCasesDto })
  @ApiErrors(400, 401, 403, 404)
  async cases(@Query() query: IndexCasesQuery, @CurrentReader() reader: Reader) {
    const scope = await this.indices.cases(reader.actor, query.year, query.unit, query.figure, query.part);
    await this.accessLog.record(reader, 'indices.cases', {
      unitId: query.unit ?? reader.actor.unit,
      resultCount: scope.items.length,
      query,
    });
    return scope;
  }

  @Get('export')
  @Access('indices')
  @ApiOperation({
    summary:
      'The rows of GET /indices as a download: CSV (UTF-8 with BOM) or an Excel workbook; headers in Chinese ' +
      '(the figures by the names the catalogue gives them), units by name, time limits named in Chinese. The ' +
      'workbook prints its title, the filters (year, unit) and the time of export above the table, its header ' +
      'frozen, rates shown as percentages (logged)',
  })
  @ApiOkResponse({
    content: {
      'text/csv': { schema: { type: 'string' } },
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(400, 401, 403, 404)
  async export(
    @Query() query: IndicesExportQuery,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const report = await this.indices.report(reader.actor, query.year, query.unit);
    await this.accessLog.record(reader, 'indices.export', {
      unitId: report.unit.code,
      resultCount: report.rows.length,
      query,
    });
    const units = new Map((await this.jurisdiction.list()).map((u) => [u.code, u.name]));
    const terms = this.catalogue.terms;
    const names: IndicesNames = {
      unitName: (code) => units.get(code) ?? code,
      deadline: (kind) => terms?.deadline('', kind)?.zh ?? kind,
    };
    const figures = this.indices.figures;
    const xlsx = query.format === 'xlsx';
    void reply
      .header('Content-Type', xlsx ? XLSX : CSV_TYPE)
      .header(
        'Content-Disposition',
        attachment(`${indicesTitle(figures)}-${report.unit.code}-${query.year}.${query.format}`),
      );
    if (!xlsx) return indicesCsv(report, figures, names);
    const now = beijingTime(report.generatedAt);
    const exported = `导出时间：${now}（北京时间）；共 ${report.rows.length} 个单位；导出人：${reader.actor.name ?? reader.actor.sub}`;
    return ledgerWorkbook(indicesSheet(report, figures, names, exported));
  }
}
