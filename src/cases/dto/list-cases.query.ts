import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { acceptQuickly } from '../../http/validation.pipe';

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  // Decimal digits only: Number() would also read `0x10`, `1e2` or ` 5`.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number in decimal digits' })
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/** A page of entries in a time range (history, access log). */
export class TimeRangePageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this time (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;
}

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'State path or prefix: a leaf path, or a compound state that contains it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  state?: string;

  @ApiPropertyOptional({ enum: ['active', 'closed'] })
  @IsOptional()
  @IsIn(['active', 'closed'])
  status?: 'active' | 'closed';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workflow?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(36)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'The handling unit (a unit code): its own cases, not those below it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  unitId?: string;

  @ApiPropertyOptional({ description: 'true: only cases with a passed time limit' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text in the title, business key or case number (案件编号)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // NUL is stored by no text column (PostgreSQL refuses it) and matched everything in LIKE.
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL (\\u0000)' })
  q?: string;

  @ApiPropertyOptional({ description: "Text in the subject's name (对象姓名/名称)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000]*$/, { message: 'subject must not contain NUL (\\u0000)' })
  subject?: string;

  @ApiPropertyOptional({ description: "Text in the subject's organisation (所在单位)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000]*$/, { message: 'organisation must not contain NUL (\\u0000)' })
  organisation?: string;

  @ApiPropertyOptional({
    description: 'A user (token `sub`) who handled the case: opened it or sent one of its events (承办人)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({
    description:
      'Opened on or after: an ISO 8601 date (from 00:00 of that day at UTC+8, Beijing time) or time',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedFrom must be an ISO 8601 date (2026-01-31) or time' })
  openedFrom?: string;

  @ApiPropertyOptional({
    description: 'Opened on or before: an ISO 8601 date (the whole day at UTC+8) or time (inclusive)',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedTo must be an ISO 8601 date (2026-12-31) or time' })
  openedTo?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 3650,
    description: '临期预警: only cases with a pending time limit due within this many days (or already due)',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'dueWithinDays must be a whole number of days in decimal digits' })
  @Min(0)
  @Max(3650)
  dueWithinDays?: number;
}

/** The filters of GET /cases without paging, plus the file format (GET /cases/export). */
export class ExportCasesQuery extends OmitType(ListCasesQuery, ['limit', 'cursor'] as const) {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format: 'xlsx' | 'csv' = 'xlsx';
}

/** The query of POST /cases/:id/events: `dryRun` only, so that a misspelt or bracketed flag is refused, never ignored. */
export class SendEventQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: predict without saving' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}

// The rule above without class-validator, on the events route's hot path; the rest goes to it.
acceptQuickly(SendEventQuery, (value) => {
  const query = value as Record<string, unknown>;
  for (const key in query) if (key !== 'dryRun') return false;
  return query.dryRun === undefined || query.dryRun === 'true' || query.dryRun === 'false';
});
