import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { decodeJwt } from 'jose';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import type { Actor } from '../engine/actor';
import { ApiErrors } from '../http/dto/error-body.dto';
import { NoticeListQuery, NoticePageDto, NoticeReadDto } from './dto/notice.dto';
import { NoticeSignals } from './notice-signals';
import { NoticeStreams } from './notice-streams';
import { NoticesQuery } from './notices.query';

export const NOTICE_ID = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new BadRequestException('id must be a notice id (UUID)'),
});

@ApiTags('notices')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesQuery,
    private readonly streams: NoticeStreams,
    private readonly signals: NoticeSignals,
  ) {}

  @Get()
  @Access('notices')
  @ApiOperation({
    summary:
      'Your notices (通知), newest first: a case now waits for your role in your unit (work), a case waiting ' +
      'for you was urged (督办, urge), a time limit of such a case lapses within NOTICE_DUE_SOON_WORKING_DAYS ' +
      'working days (dueSoon); only about cases within your reach, never about your own steps; with the unread count',
  })
  @ApiOkResponse({ type: NoticePageDto })
  @ApiErrors(400, 403)
  list(@Query() query: NoticeListQuery, @CurrentActor() actor: Actor): Promise<NoticePageDto> {
    return this.notices.page(actor, query.limit, query.unread);
  }

  @Get('stream')
  @Access('notices')
  @ApiOperation({
    summary:
      'Your unread count, live (Server-Sent Events): `data: {"unread": n}` at once and whenever it changes; ' +
      'send the bearer token in the Authorization header; ends when the token expires',
  })
  @ApiOkResponse({
    description: 'An endless text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors(403)
  async stream(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const first = await this.notices.unread(actor);
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
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const exp = token ? decodeJwt(token).exp : undefined;
    this.streams.serve(raw, actor, first, exp === undefined ? undefined : exp * 1000);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access('notices')
  @ApiOperation({ summary: 'Mark one of your notices read (again: no change); 404 for a notice not yours' })
  @ApiOkResponse({ type: NoticeReadDto })
  @ApiErrors(400, 403, 404)
  async read(@Param('id', NOTICE_ID) id: string, @CurrentActor() actor: Actor): Promise<NoticeReadDto> {
    const read = await this.notices.markRead(actor, id);
    // The reader's other tabs (and devices) count again.
    this.signals.written();
    return read;
  }
}
