import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class StatsQuery {
  @ApiPropertyOptional({ description: "A workflow's name; the first workflow of the catalogue when omitted" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workflow?: string;
}

/** GET /stats/export: the dashboard's filter, plus the file format. */
export class ExportStatsQuery extends StatsQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format: 'xlsx' | 'csv' = 'xlsx';
}
