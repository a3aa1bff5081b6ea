import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DeadlineViewDto } from '../../cases/dto/case.view.dto';

/** GET /deadlines, as DeadlinesController.list builds it. */

@ApiSchema({ name: 'DeadlineCase' })
export class DeadlineCaseDto {
  @ApiProperty()
  title: string;

  @ApiProperty()
  state: string;

  @ApiProperty({ enum: ['active', 'closed'] })
  status: 'active' | 'closed';

  @ApiProperty()
  businessKey: string;

  @ApiProperty({ description: 'The handling unit (a unit code)' })
  unitId: string;
}

@ApiSchema({ name: 'DeadlineListItem' })
export class DeadlineListItemDto extends DeadlineViewDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ type: DeadlineCaseDto })
  case: DeadlineCaseDto;
}

@ApiSchema({ name: 'DeadlinePage' })
export class DeadlinePageDto {
  @ApiProperty({ type: [DeadlineListItemDto] })
  items: DeadlineListItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor: string | null;
}
