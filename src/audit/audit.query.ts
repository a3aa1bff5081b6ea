import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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
}
