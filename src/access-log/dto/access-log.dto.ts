import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { READ_ACTIONS } from './access-log.query';

class AccessLogActorDto {
  @ApiProperty() sub: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
}

class AccessLogCaseDto {
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The business number' }) businessKey: string;
}

export class AccessLogItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'When the read was answered (ISO)' }) at: string;
  @ApiProperty({ type: AccessLogActorDto }) actor: AccessLogActorDto;
  @ApiProperty({ enum: READ_ACTIONS }) action: string;
  @ApiProperty({ type: String, nullable: true }) caseId: string | null;
  @ApiProperty({ type: String, nullable: true }) subjectId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The handling unit of the case read' })
  unitId: string | null;
  @ApiProperty({
    type: AccessLogCaseDto,
    nullable: true,
    description: 'The case read, when it is within your reach now (null otherwise, or for lists)',
  })
  case: AccessLogCaseDto | null;
  @ApiProperty({ description: 'The X-Request-Id of the read' }) requestId: string;
  @ApiProperty({ type: Number, nullable: true, description: 'For lists: items answered' })
  resultCount: number | null;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'For lists: the filters asked for' })
  query: unknown;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogItemDto] }) items: AccessLogItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
