import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from 'typeorm';
import { CurrentActor } from '../auth/actor.decorator';
import { Access } from '../auth/auth.types';
import { minimalView } from '../cases/case.views';
import { parseIfMatch } from '../cases/cases.controller';
import { CaseMinimalDto } from '../cases/dto/case.view.dto';
import type { Actor } from '../engine/actor';
import { EngineService } from '../engine/engine.service';
import { EngineErrorCode, UserInputError } from '../engine/errors';
import type { RecordKind } from '../engine/history/record-event';
import type { CaseEntity } from '../engine/persistence/case.entity';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiErrors } from '../http/dto/error-body.dto';
import { UrgeDto } from './dto/urge.dto';

/**
 * An urging: a fact on the case's chain, no transition. Urging (督办) is what a higher unit does to a
 * case below it, so its reach is `above`.
 */
export const URGE_RECORD: RecordKind = { type: 'record.urge', reach: 'above' };

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('cases')
export class UrgeController {
  constructor(private readonly engine: EngineService) {}

  @Post(':id/urge')
  @HttpCode(201)
  @Access('urge')
  @ApiOperation({
    summary:
      'Urge a case on (督办): records the message, and the deadline it is about, in the case history ' +
      '(type record.urge; the state does not change); 404 outside your reach',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision you read (the ETag)' })
  @ApiCreatedResponse({ type: CaseMinimalDto, description: 'The case after the urging was recorded' })
  @ApiErrors(400, 403, 404, 409)
  async urge(
    @Param('id', caseIdPipe) id: string,
    @Body() body: UrgeDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { deadlineId } = body;
    const result = await this.engine.record(
      id,
      URGE_RECORD,
      { message: body.message.trim(), ...(deadlineId ? { deadlineId } : {}) },
      actor,
      {
        ifMatch: parseIfMatch(ifMatch),
        completeRecord: deadlineId ? (m, row) => deadlineOf(m, row, deadlineId) : undefined,
      },
    );
    reply.header('ETag', `"${result.row.revision}"`);
    return minimalView(result.row);
  }
}

/** The deadline's kind and due time, for the record; a deadline of another case is bad input. */
async function deadlineOf(m: EntityManager, row: CaseEntity, deadlineId: string) {
  const deadline = await m.findOneBy(DeadlineEntity, { id: deadlineId, caseId: row.id });
  if (!deadline) {
    throw new UserInputError(
      EngineErrorCode.PAYLOAD_INVALID,
      `deadlineId ${deadlineId} is not a deadline of case ${row.id}`,
    );
  }
  return { deadlineKind: deadline.kind, dueAt: deadline.dueAt };
}
