import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../cases/dto/list-cases.query';

export class AuditQuery extends PageQuery {
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

  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this time (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;
}
