import { Controller, Get, Headers, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import { parseIfMatch } from '../cases/cases.controller';
import type { Actor } from '../engine/actor';
import { caseIdPipe } from '../http/case-id.pipe';
import { AcceptsMultipart } from '../http/json-only';
import { ApiErrors } from '../http/dto/error-body.dto';
import { AttachmentsService } from './attachments.service';
import { AttachmentCreatedDto, AttachmentListDto, AttachmentUploadDto } from './dto/attachment.dto';
import { contentDisposition } from './file-name';
import { Sha256Pipe } from './sha256.pipe';

@ApiTags('attachments')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('cases/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Post()
  @Access('attach')
  @AcceptsMultipart()
  @ApiOperation({
    summary:
      'Attach a file to a case of your own unit (403 from a unit above, 404 outside reach); its SHA-256 ' +
      'joins the hash chain (record.attachment)',
    description:
      'multipart/form-data with `file` (one), `kind` and optional `description`. The type is judged from ' +
      'the first bytes; files over ATTACHMENT_MAX_BYTES are refused (413). A refused upload leaves no record; a file it ' +
      'stored is removed by the file sweep (FILES_GRACE_SECONDS) unless another record names the same bytes.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadDto })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision you read (the ETag)' })
  @ApiCreatedResponse({ type: AttachmentCreatedDto, headers: { ETag: { description: 'The new revision' } } })
  @ApiErrors(
    400,
    403,
    404,
    409,
    [413, 'The file is larger than ATTACHMENT_MAX_BYTES'],
    [415, 'Not multipart, or not an accepted file type'],
  )
  async attach(
    @Param('id', caseIdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.attachments.attach(id, request, actor, parseIfMatch(ifMatch));
    reply.header('ETag', `"${created.revision}"`);
    return created;
  }

  @Get()
  @Access('readRecords')
  @ApiOperation({ summary: 'The files attached to a case within your reach, from its history (logged)' })
  @ApiOkResponse({ type: AttachmentListDto })
  @ApiErrors(400, 403, 404)
  async list(@Param('id', caseIdPipe) id: string, @CurrentReader() reader: Reader) {
    const c = await this.audit.caseOrFail(id, reader.actor);
    const items = await this.attachments.list(c);
    await this.accessLog.record(reader, 'case.attachments', { caseId: id, unitId: c.unitId });
    return {
      items,
      kinds: this.attachments.kinds,
      maxBytes: this.attachments.maxBytes,
      mayAttach: this.attachments.mayAttach(reader.actor, c),
    };
  }

  @Get(':sha256')
  @Access('readRecords')
  @ApiOperation({
    summary: "Download an attached file's bytes, if the case's history records its hash (logged)",
  })
  @ApiParam({ name: 'sha256', description: 'The SHA-256 (hex) of the file' })
  @ApiOkResponse({
    description: 'The bytes, with the recorded media type and name',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 403, 404)
  async download(
    @Param('id', caseIdPipe) id: string,
    @Param('sha256', Sha256Pipe) sha256: string,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const c = await this.audit.caseOrFail(id, reader.actor);
    const { attachment, stream } = await this.attachments.open(c, sha256);
    await this.accessLog.record(reader, 'case.attachment', {
      caseId: id,
      unitId: c.unitId,
      query: { sha256 },
    });
    reply.header('Content-Type', attachment.mediaType);
    reply.header('Content-Length', String(attachment.size));
    reply.header('Content-Disposition', contentDisposition(attachment.name));
    reply.header('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream);
  }
}
