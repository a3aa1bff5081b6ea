import { BadRequestException, Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import type { Actor } from '../engine/actor';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiErrors } from '../http/dto/error-body.dto';
import { CaseDocumentsDto, IssueDocumentDto, IssuedDocumentDto } from './dto/document.dto';
import { DocumentsService, type IssuedDocument } from './documents.service';

const SHA256 = /^[0-9a-fA-F]{64}$/;

@ApiTags('documents')
@ApiBearerAuth()
@Controller('cases/:id/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Post()
  @Access('issueDocuments')
  @ApiOperation({
    summary:
      'Issue a document (文书) of a case of your own unit as PDF: numbered from your unit’s counter, signed ' +
      'with its name, stored, and its hash recorded (record.document)',
    description:
      '400: a kind the workflow does not declare; 403: a unit above the handling unit; 422: not issuable in ' +
      'the case’s state; 503: no CJK font installed, or other documents kept taking the next number.',
  })
  @ApiCreatedResponse({ type: IssuedDocumentDto })
  @ApiErrors(400, 401, 403, 404, 422, 503)
  issue(
    @Param('id', caseIdPipe) id: string,
    @Body() body: IssueDocumentDto,
    @CurrentActor() actor: Actor,
  ): Promise<IssuedDocument> {
    return this.documents.issue(id, body.kind, actor);
  }

  @Get()
  @Access('readRecords')
  @ApiOperation({
    summary: 'The documents issued on the case, and the kinds it may have issued now (logged)',
  })
  @ApiOkResponse({ type: CaseDocumentsDto })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @Param('id', caseIdPipe) id: string,
    @CurrentReader() reader: Reader,
  ): Promise<CaseDocumentsDto> {
    const { case: c, ...rest } = await this.documents.list(id, reader.actor);
    await this.accessLog.record(reader, 'case.documents', {
      caseId: id,
      unitId: c.unitId,
      resultCount: rest.issued.length,
    });
    return rest;
  }

  @Get(':sha256')
  @Access('readRecords')
  @ApiOperation({ summary: 'Download an issued document (PDF, logged)' })
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 401, 403, 404)
  async download(
    @Param('id', caseIdPipe) id: string,
    @Param('sha256') sha256: string,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    if (!SHA256.test(sha256)) throw new BadRequestException('sha256 must be 64 hexadecimal digits');
    const { doc, unitId, stream } = await this.documents.open(id, sha256, reader.actor);
    await this.accessLog.record(reader, 'case.document', {
      caseId: id,
      unitId,
      query: { sha256: doc.sha256 },
    });
    const filename = `${doc.title}-${doc.number}.pdf`;
    void reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Length', String(doc.size))
      .header(
        'Content-Disposition',
        `inline; filename="document-${doc.sha256.slice(0, 12)}.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
    return stream;
  }
}
