import { BadRequestException, Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
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
import {
  CaseDocumentsDto,
  DecideDraftDto,
  DocumentDraftDto,
  IssueDocumentDto,
  IssuedDocumentDto,
  SubmitDraftDto,
  VoidDocumentDto,
} from './dto/document.dto';
import { DocumentApprovals } from './document.approvals';
import { DocumentsService, type DocumentDraft, type IssuedDocument } from './documents.service';

const SHA256 = /^[0-9a-fA-F]{64}$/;

@ApiTags('documents')
@ApiBearerAuth()
@Controller('cases/:id/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly approvals: DocumentApprovals,
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
      'the case’s state, issuing again with confirm but no reason, or a kind needing approval without an ' +
      'approved draft; 409: a document of the kind is in force (not voided) and confirm: true with a reason ' +
      'was not sent; 503: no CJK font installed, or other documents kept taking the next number. A kind whose ' +
      'workflow gives the number (the decision’s 决定文号) carries that number, also when issued again.',
  })
  @ApiCreatedResponse({ type: IssuedDocumentDto })
  @ApiErrors(400, 401, 403, 404, 409, 422, 503)
  issue(
    @Param('id', caseIdPipe) id: string,
    @Body() body: IssueDocumentDto,
    @CurrentActor() actor: Actor,
  ): Promise<IssuedDocument> {
    return this.documents.issue(id, body.kind, actor, { confirm: body.confirm, reason: body.reason });
  }

  @Post('drafts')
  @Access('issueDocuments')
  @ApiOperation({
    summary:
      'Submit the draft of a document its workflow has approved before issue (送审; record.document.draft)',
    description:
      '400: unknown kind, or a kind issued without approval; 409: a draft of the kind awaits approval already; ' +
      '422: not issuable in the case’s state.',
  })
  @ApiCreatedResponse({ type: DocumentDraftDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  submitDraft(
    @Param('id', caseIdPipe) id: string,
    @Body() body: SubmitDraftDto,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentDraft> {
    return this.approvals.submitDraft(id, body.kind, body.note?.trim() || undefined, actor);
  }

  @Post('drafts/:seq/approval')
  @Access('approveDocuments')
  @ApiOperation({
    summary:
      'Approve (审批/签发) or return a submitted draft, with an optional comment (批示; record.document.approval)',
    description:
      '404: no draft at that history row; 409: decided already; 422: the draft was submitted by the caller.',
  })
  @ApiCreatedResponse({ type: DocumentDraftDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  decideDraft(
    @Param('id', caseIdPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Body() body: DecideDraftDto,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentDraft> {
    return this.approvals.decideDraft(id, seq, body.approved, body.comment?.trim() || undefined, actor);
  }

  @Post(':sha256/void')
  @Access('issueDocuments')
  @ApiOperation({
    summary:
      'Void (作废) an issued document: a row on the case’s chain (record.document.void) names it and why; ' +
      'its PDF stays readable and the kind may be issued again without confirmation',
    description: '404: no such document on the case; 409: voided already.',
  })
  @ApiCreatedResponse({ type: IssuedDocumentDto })
  @ApiErrors(400, 401, 403, 404, 409)
  void(
    @Param('id', caseIdPipe) id: string,
    @Param('sha256') sha256: string,
    @Body() body: VoidDocumentDto,
    @CurrentActor() actor: Actor,
  ): Promise<IssuedDocument> {
    if (!SHA256.test(sha256)) throw new BadRequestException('sha256 must be 64 hexadecimal digits');
    return this.documents.void(id, sha256, body.reason.trim(), actor);
  }

  @Get('preview/:kind')
  @Access('issueDocuments')
  @ApiOperation({
    summary:
      'The PDF a kind would be issued as now, nothing recorded (to read a draft before approval; logged)',
  })
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 401, 403, 404, 422, 503)
  async preview(
    @Param('id', caseIdPipe) id: string,
    @Param('kind') kind: string,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(kind) || kind.length > 64) {
      throw new BadRequestException('kind must be an identifier (letters and digits)');
    }
    const { unitId, pdf, title } = await this.documents.preview(id, kind, reader.actor);
    await this.accessLog.record(reader, 'case.document', { caseId: id, unitId, query: { preview: kind } });
    void reply
      .header('Content-Type', 'application/pdf')
      .header(
        'Content-Disposition',
        `inline; filename="preview-${kind}.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}-送审稿.pdf`)}`,
      );
    return pdf;
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
