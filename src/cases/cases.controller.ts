import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '../auth/actor.decorator';
import { caseIdPipe } from '../http/case-id.pipe';
import { Access } from '../auth/auth.types';
import type { Actor } from '../engine/actor';
import { EngineService } from '../engine/engine.service';
import { EventKey } from '../engine/event-keys';
import { ApiErrors } from '../http/dto/error-body.dto';
import { CasesQuery } from './cases.query';
import { ListCasesQuery, SendEventQuery } from './dto/list-cases.query';
import { MigrateCaseDto } from './dto/migrate-case.dto';
import { OpenCaseBody, SendEventDto } from './dto/open-case.dto';
import { CaseMinimalDto, CasePageDto, CaseViewDto, DryRunResultDto } from './dto/case.view.dto';
import { minimalView, prefersMinimal } from './case.views';
import type { CaseViewRows } from './case-view.sql';
import { markTiming } from '../http/server-timing';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly engine: EngineService,
    private readonly cases: CasesQuery,
    private readonly accessLog: AccessLogService,
  ) {}

  @Post()
  @Access('caseWork')
  @ApiOperation({
    summary:
      'Open a case (201), or return the existing one for the same businessKey or Idempotency-Key (200; ' +
      'logged as case.reopen)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    type: OpenCaseBody,
    description: "The workflow's `open.schema` (GET /workflows/:name) is exact",
  })
  @ApiCreatedResponse({ type: CaseViewDto, description: 'Opened' })
  @ApiOkResponse({ type: CaseViewDto, description: 'Already open (same businessKey or Idempotency-Key)' })
  @ApiErrors(400, 403, 409, 415, [422, 'The Idempotency-Key was used before for another request'])
  async open(
    // Validated by the engine against the workflow's open payload, which this route cannot know.
    @Body() body: unknown,
    @CurrentReader() reader: Reader,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { actor } = reader;
    checkIdempotencyKey(idempotencyKey);
    const result = await this.engine.open(
      body,
      actor,
      idempotencyKey && scopedKey(actor.sub, idempotencyKey),
    );
    reply.status(result.created ? 201 : 200);
    const view = await this.cases.get(result.caseId, actor);
    // An existing case answered in full is a read of it (查阅登记).
    if (!result.created)
      await this.accessLog.record(reader, 'case.reopen', { caseId: view.id, unitId: view.unitId });
    return view;
  }

  @Get()
  @Access('readCases')
  @ApiOperation({
    summary: 'List the cases within your reach, newest first, with filters and cursor paging (logged)',
  })
  @ApiOkResponse({ type: CasePageDto })
  @ApiErrors(400, 403)
  async list(@Query() query: ListCasesQuery, @CurrentReader() reader: Reader) {
    const page = await this.cases.list(query, reader.actor);
    await this.accessLog.record(reader, 'case.list', { resultCount: page.items.length, query });
    return page;
  }

  @Get(':id')
  @Access('readCases')
  @ApiOperation({ summary: 'One case within your reach (logged); 404 outside it' })
  @ApiOkResponse({ type: CaseViewDto, headers: { ETag: { description: 'The revision, for If-Match' } } })
  @ApiErrors(400, 403, 404)
  async get(
    @Param('id', caseIdPipe) id: string,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.cases.get(id, reader.actor);
    await this.accessLog.record(reader, 'case.read', { caseId: id, unitId: view.unitId });
    reply.header('ETag', `"${view.revision}"`);
    return view;
  }

  @Post(':id/events')
  @HttpCode(200)
  @Access('caseWork')
  @ApiOperation({
    summary:
      'Send an event; 409 on a stale If-Match, 422 when the state does not accept it. With an ' +
      'Idempotency-Key, the same event sent again (same key, same body) is not applied twice: the answer ' +
      'is the case as it is now (Idempotent-Replayed: true); the same key with another body is 422',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision you read (the ETag)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1 to 200 characters, yours alone' })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description:
      '`return=minimal`: answer with the state and revision only (CaseMinimal), not the whole view',
  })
  @ApiExtraModels(CaseViewDto, DryRunResultDto, CaseMinimalDto)
  @ApiOkResponse({
    description:
      'The case after the event (CaseMinimal with Prefer: return=minimal); with dryRun=true, what the event would do (nothing is stored)',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CaseViewDto) },
        { $ref: getSchemaPath(CaseMinimalDto) },
        { $ref: getSchemaPath(DryRunResultDto) },
      ],
    },
  })
  @ApiErrors(400, 403, 404, 409, 415, 422, 503)
  async send(
    @Param('id', caseIdPipe) id: string,
    @Body() body: SendEventDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Query() query: SendEventQuery,
    @Headers('prefer') prefer: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The payload as the client sent it: the validation pipe's class-transformer copy may have dropped
    // keys (as it does with some names), and the engine must see, and refuse, every unknown one.
    const payload = (request.body as { payload?: unknown }).payload;
    const dryRun = query.dryRun === 'true';
    const minimal = prefersMinimal(prefer);
    checkIdempotencyKey(idempotencyKey);
    const result = await this.engine.apply(id, body.type, payload, actor, {
      ifMatch: parseIfMatch(ifMatch),
      dryRun,
      alsoRead: dryRun || minimal ? undefined : this.cases.viewReaderInTransaction,
      once: idempotencyKey
        ? new EventKey(scopedKey(actor.sub, idempotencyKey), id, body.type, payload)
        : undefined,
    });
    if ('replayed' in result) return this.replay(id, actor, minimal, reply);
    if ('dryRun' in result) {
      const { snapshot, ...rest } = result;
      return { ...rest, status: snapshot.status, context: snapshot.context as unknown };
    }
    for (const [name, ms] of Object.entries(result.timing)) markTiming(request, name.replace(/Ms$/, ''), ms);
    reply.header('ETag', `"${result.row.revision}"`);
    if (minimal) {
      reply.header('Preference-Applied', 'return=minimal');
      return minimalView(result.row);
    }
    const started = performance.now();
    const rows = result.alsoRead as CaseViewRows | null | undefined;
    const view = await this.cases.get(id, actor, result.row, result.snapshot, rows);
    markTiming(request, 'view', performance.now() - started);
    return view;
  }

  /** The answer to an event sent again with its Idempotency-Key: the case now, nothing applied. */
  private async replay(id: string, actor: Actor, minimal: boolean, reply: FastifyReply) {
    const view = await this.cases.get(id, actor);
    reply.header('ETag', `"${view.revision}"`);
    reply.header('Idempotent-Replayed', 'true');
    if (!minimal) return view;
    reply.header('Preference-Applied', 'return=minimal');
    const { state, states, status, outcome, revision, updatedAt } = view;
    return { id, state, states, status, outcome, revision, updatedAt };
  }

  @Post(':id/migrate')
  @HttpCode(200)
  @Access('migrate')
  @ApiOperation({
    summary: 'Move a case to another deployed version of its workflow (admin), recorded in history',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: CaseViewDto, description: 'The case in the new version' })
  @ApiErrors(400, 403, 404, 409)
  async migrate(
    @Param('id', caseIdPipe) id: string,
    @Body() body: MigrateCaseDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    await this.engine.migrate(id, body.toVersion, body.stateMapping, actor, parseIfMatch(ifMatch));
    return this.cases.get(id, actor);
  }
}

function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && (key.length === 0 || key.length > 200)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 characters');
  }
}

/** The caller's key, scoped to the caller; hashed when it would not fit the key column (200). */
function scopedKey(sub: string, key: string): string {
  const scoped = `${sub}:${key}`;
  return scoped.length <= 200 ? scoped : `sha256:${createHash('sha256').update(scoped).digest('hex')}`;
}

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new BadRequestException('If-Match must be the case revision, e.g. If-Match: "3"');
  return Number(match[1]);
}
