import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../cases/dto/list-cases.query';

export const READ_ACTIONS = [
  'case.read',
  'case.history',
  'case.verify',
  'case.dossier',
  'subject.read',
  'case.list',
  'deadline.list',
  'audit.search',
  'stats.read',
] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

export class AccessLogQuery extends PageQuery {
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

  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this time (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;
}
