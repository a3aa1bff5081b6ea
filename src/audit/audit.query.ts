import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { TimeRangePageQuery } from '../cases/dto/list-cases.query';

export class AuditQuery extends TimeRangePageQuery {
  @ApiPropertyOptional({ description: 'Actor subject (token sub), e.g. alice or system:deadline' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Event type, as the workflow names it (see GET /workflows/:name)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4', { message: 'caseId must be a case id (UUID)' })
  caseId?: string;

  @ApiPropertyOptional({ description: 'Text in the case’s title, case number (案件编号) or business key' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // NUL is stored by no text column (PostgreSQL refuses it) and matched everything in LIKE.
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL (\\u0000)' })
  q?: string;
}
