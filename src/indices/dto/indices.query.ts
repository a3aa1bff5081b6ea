import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { UNIT_CODE_PATTERN } from '../../engine/payload-fields';

/** The parts of a figure the drill-down lists. */
export const PARTS = ['numerator', 'denominator'] as const;
export type Part = (typeof PARTS)[number];
export const FORMATS = ['csv', 'xlsx'] as const;

export class IndicesQuery {
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, description: 'The calendar year (UTC+8)' })
  // Decimal digits only: Number() would also read `0x7e8` or ` 2026`.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'year must be a whole number in decimal digits' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year: number;

  @ApiPropertyOptional({
    description:
      "A unit's code: that unit and the units below it; your own unit when omitted (an admin must name one)",
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(UNIT_CODE_PATTERN), { message: 'unit must be a unit code' })
  unit?: string;
}

export class IndexCasesQuery extends IndicesQuery {
  @ApiProperty({
    description:
      'A rate code of the plan (see `indicators`), or softMeasures, linkedCases, declinedClues, restrictedNow ' +
      '(softAccountability, deprecated, is softMeasures)',
  })
  @IsString()
  @Matches(/^[a-z][A-Za-z0-9]{0,39}$/, { message: 'figure must be a figure code' })
  figure: string;

  @ApiPropertyOptional({ enum: PARTS, default: 'numerator' })
  @IsOptional()
  @IsIn(PARTS)
  part: Part = 'numerator';
}

export class IndicesExportQuery extends IndicesQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(FORMATS)
  format: (typeof FORMATS)[number] = 'csv';
}
