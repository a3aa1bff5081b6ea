import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({ description: "A workflow's name; the first workflow of the catalogue when omitted" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workflow?: string;
}
