import { Controller, Get, Param, Query } from '@nestjs/common';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { Access } from '../auth/auth.types';
import { AuditQuery } from './audit.query';
import { AuditService } from './audit.service';
import { HistoryEntryDto, HistoryPageDto, VerifyResultDto } from './dto/history.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:id/history')
  @ApiOperation({ summary: 'The hash-chained audit trail of one case' })
  @ApiOkResponse({ type: [HistoryEntryDto], description: 'In seq order' })
  @ApiErrors(400, 404)
  history(@Param('id', caseIdPipe) id: string) {
    return this.audit.history(id);
  }

  @Get('cases/:id/verify')
  @ApiOperation({ summary: 'Check the hash chain and replay the history through the machine' })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiErrors(400, 404)
  verify(@Param('id', caseIdPipe) id: string) {
    return this.audit.verify(id);
  }

  @Get('audit')
  @Access('audit')
  @ApiOperation({ summary: 'Cross-case audit search, newest first (supervisors)' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiErrors(400, 403)
  search(@Query() query: AuditQuery) {
    return this.audit.search(query);
  }
}
