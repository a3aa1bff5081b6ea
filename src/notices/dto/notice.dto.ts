import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { NOTICE_KINDS } from '../notice.queue';

export class NoticeListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit: number = 20;

  @ApiPropertyOptional({ description: 'true: only the notices you have not read' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NoticeCaseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The business number of the case' }) businessKey: string;
  @ApiProperty() workflow: string;
  @ApiProperty({ description: 'The handling unit now' }) unitId: string;
}

export class NoticeDto {
  @ApiProperty() id: string;
  @ApiProperty({
    enum: NOTICE_KINDS,
    description: 'work: a case now waits for you; urge: 督办; dueSoon: a time limit about to lapse',
  })
  kind: string;
  @ApiProperty({ type: NoticeCaseDto }) case: NoticeCaseDto;
  @ApiProperty({ type: String, nullable: true, description: 'The role it is for (null: for you in person)' })
  role: string | null;
  @ApiProperty({
    type: Object,
    description:
      'What to render: state, workflow; for work the events you may send (events); for urge the message, ' +
      'deadlineKind, dueAt; for dueSoon deadlineKind and dueAt',
  })
  params: Record<string, unknown>;
  @ApiProperty() at: string;
  @ApiProperty() read: boolean;
}

export class NoticePageDto {
  @ApiProperty({ type: [NoticeDto] }) items: NoticeDto[];
  @ApiProperty({
    description: 'How many of your notices you have not read (all of them, not only this page)',
  })
  unread: number;
}

export class NoticeReadDto {
  @ApiProperty() id: string;
  @ApiProperty() read: boolean;
  @ApiProperty() unread: number;
}
