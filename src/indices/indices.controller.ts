import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access } from '../auth/auth.types';
import { ApiErrors } from '../http/dto/error-body.dto';
import { FigureDto, IndexCasesDto, IndicesReportDto } from './dto/indices.dto';
import { IndexCasesQuery, IndicesExportQuery, IndicesQuery } from './dto/indices.query';
import { indicesCsv, indicesXlsx } from './indices.export';
import { IndicesService } from './indices.service';

import { XLSX_TYPE as XLSX } from '../export/download';

@ApiTags('indices')
@ApiBearerAuth()
@Controller('indices')
export class IndicesController {
  constructor(
    private readonly indices: IndicesService,
    private readonly accessLog: AccessLogService,
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
      'and English (logged)',
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
    const xlsx = query.format === 'xlsx';
    void reply
      .header('Content-Type', xlsx ? XLSX : 'text/csv; charset=utf-8')
      .header(
        'Content-Disposition',
        `attachment; filename="indices-${report.unit.code}-${query.year}.${xlsx ? 'xlsx' : 'csv'}"`,
      );
    const figures = this.indices.figures;
    return xlsx ? indicesXlsx(report, figures) : indicesCsv(report, figures);
  }
}
