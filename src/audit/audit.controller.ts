import { Controller, Get, Param, Query } from '@nestjs/common';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/auth.types';
import { AuditQuery } from './audit.query';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:id/history')
  @ApiOperation({ summary: 'The hash-chained audit trail of one case' })
  history(@Param('id', caseIdPipe) id: string) {
    return this.audit.history(id);
  }

  @Get('cases/:id/verify')
  @ApiOperation({ summary: 'Check the hash chain and replay the history through the machine' })
  verify(@Param('id', caseIdPipe) id: string) {
    return this.audit.verify(id);
  }

  @Get('audit')
  @Access('audit')
  @ApiOperation({ summary: 'Cross-case audit search, newest first (supervisors)' })
  search(@Query() query: AuditQuery) {
    return this.audit.search(query);
  }
}
