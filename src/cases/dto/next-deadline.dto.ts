import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'NextDeadline' })
export class NextDeadlineDto {
  @ApiProperty({ description: "The deadline's kind (the stage whose time limit it is)" })
  kind: string;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;
}
