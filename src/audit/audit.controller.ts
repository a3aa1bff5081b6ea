import { Controller, Get, Param, Query } from '@nestjs/common';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { Access } from '../auth/auth.types';
import { AuditQuery } from './audit.query';
import { AuditService } from './audit.service';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { HistoryEntryDto, HistoryPageDto, VerifyResultDto } from './dto/history.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get('cases/:id/history')
  @Access('readRecords')
  @ApiOperation({ summary: 'The hash-chained audit trail of one case within your reach (logged)' })
  @ApiOkResponse({ type: [HistoryEntryDto], description: 'In seq order' })
  @ApiErrors(400, 403, 404)
  async history(@Param('id', caseIdPipe) id: string, @CurrentReader() reader: Reader) {
    const c = await this.audit.caseOrFail(id, reader.actor);
    const rows = await this.audit.history(c);
    await this.accessLog.record(reader, 'case.history', { caseId: id, unitId: c.unitId });
    return rows;
  }

  @Get('cases/:id/verify')
  @Access('readRecords')
  @ApiOperation({ summary: 'Check the hash chain and replay the history through the machine (logged)' })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiErrors(400, 403, 404)
  async verify(@Param('id', caseIdPipe) id: string, @CurrentReader() reader: Reader) {
    const c = await this.audit.caseOrFail(id, reader.actor);
    const result = await this.audit.verify(c);
    await this.accessLog.record(reader, 'case.verify', { caseId: id, unitId: c.unitId });
    return result;
  }

  @Get('audit')
  @Access('audit')
  @ApiOperation({
    summary: 'Cross-case audit search over the cases within your reach, newest first (logged)',
  })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiErrors(400, 403)
  async search(@Query() query: AuditQuery, @CurrentReader() reader: Reader) {
    const page = await this.audit.search(query, reader.actor);
    await this.accessLog.record(reader, 'audit.search', { resultCount: page.items.length, query });
    return page;
  }
}
