import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access, type AuthedRequest } from '../auth/auth.types';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiErrors } from '../http/dto/error-body.dto';
import { CaseStreams } from './case-streams';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('cases')
export class CaseStreamController {
  constructor(
    private readonly streams: CaseStreams,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get(':id/stream')
  @Access('readCases')
  @ApiOperation({
    summary:
      'Live changes of one case (Server-Sent Events; logged once): `data: {"revision","state"}` at once and ' +
      'whenever the revision grows, `: keep-alive` comments in between; 404 outside your reach. ' +
      'Send the bearer token in the Authorization header (read it with fetch, not EventSource). ' +
      'The stream ends when the token expires (a last `: token expired` comment); reconnect with a fresh token.',
  })
  @ApiOkResponse({
    description: 'An endless text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors(400, 403, 404)
  async stream(
    @Param('id', caseIdPipe) id: string,
    @CurrentReader() reader: Reader,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const head = await this.streams.head(id, reader.actor);
    await this.accessLog.record(reader, 'case.stream', { caseId: id, unitId: head.unitId });
    // From here on the response is ours: Fastify's onSend hooks do not run, so their headers are set here.
    reply.hijack();
    const raw = reply.raw;
    const set: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined) set[name] = value;
    raw.writeHead(200, {
      ...set,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    this.streams.serve(raw, id, reader.actor, head, tokenExpiry(request));
  }
}

/** When the request's bearer token expires (ms since the epoch); the guard has verified it, and every token has an exp. */
function tokenExpiry(request: FastifyRequest): number | undefined {
  const token = (request as Partial<AuthedRequest>).credential?.token;
  const exp = token ? decodeJwt(token).exp : undefined;
  return exp === undefined ? undefined : exp * 1000;
}
