import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TimeRangePageQuery } from '../../cases/dto/list-cases.query';

export const READ_ACTIONS = [
  'case.read',
  /** A re-open (same businessKey or Idempotency-Key) that answered the existing case's full view. */
  'case.reopen',
  'case.history',
  'case.verify',
  'case.dossier',
  'case.dossier.pdf',
  'case.attachments',
  'case.attachment',
  'case.documents',
  'case.document',
  'case.export',
  'case.stream',
  'inbox',
  'subject.read',
  'case.list',
  'deadline.list',
  'audit.search',
  'stats.read',
  'stats.export',
  'indices.read',
  'indices.cases',
  'indices.export',
  /** A unit's cadre register (干部名册), and one person on it. */
  'register.list',
  'cadre.read',
  /** A read of the access log itself. */
  'accessLog.read',
] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

export class AccessLogQuery extends TimeRangePageQuery {
  @ApiPropertyOptional({ description: 'Who read (token sub)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ enum: READ_ACTIONS })
  @IsOptional()
  @IsIn(READ_ACTIONS)
  action?: ReadAction;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4', { message: 'caseId must be a case id (UUID)' })
  caseId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4', { message: 'subjectId must be a subject id (UUID)' })
  subjectId?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Reads of the cases within your reach whose title or business number contains this text',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}
