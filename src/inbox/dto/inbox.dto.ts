import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CaseSummaryDto } from '../../cases/dto/case.view.dto';

export class InboxQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous answer: look at the older active cases',
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
    description: 'How many active cases were looked at (at most 500 per request)',
  })
  scanned: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'More active cases are within your reach than were looked at: pass it as cursor to go on',
  })
  nextCursor: string | null;
}
