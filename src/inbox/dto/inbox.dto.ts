import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CaseSummaryDto } from '../../cases/dto/case.view.dto';
import { INBOX_DEFAULT_LIMIT, INBOX_MAX_LIMIT } from '../inbox.query';

export class InboxQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    default: INBOX_DEFAULT_LIMIT,
    minimum: 1,
    maximum: INBOX_MAX_LIMIT,
    description:
      'How many cases waiting for your roles (newest first) to look at; those whose machine offers you ' +
      'nothing (e.g. no side left for you to sign) are left out, so a page may hold fewer items',
  })
  @IsOptional()
  // Decimal digits only: Number() would also read `0x10`, `1e2` or ` 5`.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number in decimal digits' })
  @Min(1)
  @Max(INBOX_MAX_LIMIT)
  limit = INBOX_DEFAULT_LIMIT;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous answer: look at the older cases',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

@ApiSchema({ name: 'InboxItem' })
export class InboxItemDto extends CaseSummaryDto {
  @ApiProperty({
    type: [String],
    description:
      'The events you may send now that the case waits for (side moves such as a take-over left out)',
  })
  yourEvents: string[];
}

@ApiSchema({ name: 'InboxPage' })
export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto], description: 'Newest first' })
  items: InboxItemDto[];

  @ApiProperty({
    type: 'integer',
    description:
      'How many cases waiting for your roles were looked at (at most `limit`; while the service builds ' +
      'its inbox index after an upgrade: active cases within your reach, at most 500)',
  })
  scanned: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'More cases may wait for you than were looked at: pass it as cursor to go on',
  })
  nextCursor: string | null;
}
