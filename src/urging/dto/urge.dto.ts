import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

@ApiSchema({ name: 'UrgeBody' })
export class UrgeDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'What the case should get on with (督办意见)' })
  @IsString()
  @Length(1, 500, { message: 'message must be 1 to 500 characters' })
  @Matches(/\S/, { message: 'message must not be blank' })
  message: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The deadline of this case the urging is about' })
  @IsOptional()
  @IsUUID('all', { message: 'deadlineId must be the id of one of the case’s deadlines' })
  deadlineId?: string;
}
