import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../cases/dto/list-cases.query';

export class ListDeadlinesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'fired', 'cancelled'] })
  @IsOptional()
  @IsIn(['pending', 'fired', 'cancelled'])
  status?: 'pending' | 'fired' | 'cancelled';

  @ApiPropertyOptional({ description: 'Due before this time (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'before must be an ISO 8601 date or time' })
  before?: string;

  @ApiPropertyOptional({
    description: 'A deadline kind its workflow declares (GET /workflows/:name → deadlines)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  kind?: string;

  @ApiPropertyOptional({
    description: 'true: only fired deadlines whose case is still in the state they guard',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';
}
