import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({ default: 'accountability' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workflow = 'accountability';
}
