import { ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { LabelDto } from '../../catalogue/dto/workflow.dto';

/** GET /indices, as IndicesService.report (indices.service.ts) builds it. */

@ApiSchema({ name: 'IndexUnit' })
export class IndexUnitDto {
  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;
}

@ApiSchema({ name: 'IndexRowUnit' })
export class IndexRowUnitDto extends IndexUnitDto {
  @ApiProperty({ type: String, nullable: true })
  parentCode: string | null;

  @ApiProperty({ type: 'integer', description: 'Levels below the unit asked for (0: that unit)' })
  depth: number;
}

@ApiSchema({ name: 'IndexIndicator' })
export class IndexIndicatorDto {
  @ApiProperty({ description: 'The rate code (a key of `rates`)' })
  code: string;

  @ApiProperty({ type: LabelDto })
  label: LabelDto;

  @ApiProperty({ type: 'integer', description: 'Its weight in the score (the plan’s weights add up to 100)' })
  weight: number;
}

@ApiSchema({ name: 'IndexFigure' })
export class FigureDto {
  @ApiProperty({ type: 'number' })
  numerator: number;

  @ApiProperty({ type: 'number' })
  denominator: number;

  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'numerator / denominator; null when the denominator is 0',
  })
  rate: number | null;

  @ApiProperty({ type: LabelDto, description: 'How it was computed, in words' })
  rule: LabelDto;
}

@ApiSchema({ name: 'IndexOverdue' })
export class OverdueCountDto {
  @ApiProperty({ description: 'A deadline kind' })
  kind: string;

  @ApiProperty({ type: 'integer' })
  count: number;
}

@ApiSchema({ name: 'IndexRow' })
export class IndexRowDto {
  @ApiProperty({ type: IndexRowUnitDto })
  unit: IndexRowUnitDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FigureDto) },
    description: 'The rates by code (the codes of `indicators`)',
  })
  rates: Record<string, FigureDto>;

  @ApiProperty({
    type: 'number',
    nullable: true,
    description:
      'Weighted mean of the rates that exist (0–100, weights renormalised over them); null when none',
  })
  score: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Rank by score among the rows with the same parentCode (1 = best; ties share a rank)',
  })
  rank: number | null;

  @ApiProperty({ type: 'integer', description: 'Rows with the same parentCode, itself included' })
  siblings: number;

  @ApiProperty({
    type: FigureDto,
    description:
      'The share of soft means (通报、诫勉、组织处理 and the like, against Party discipline) among the measures ' +
      'decided in the year by the unit’s cases (问责偏软比率)',
  })
  softMeasures: FigureDto;

  @ApiProperty({
    type: FigureDto,
    deprecated: true,
    description: 'Deprecated: the same figure as softMeasures, under its former name',
  })
  softAccountability: FigureDto;

  @ApiProperty({ type: 'integer' })
  linkedCases: number;

  @ApiProperty({ type: 'integer' })
  declinedClues: number;

  @ApiProperty({ type: [OverdueCountDto], description: 'Deadlines overdue now, by kind' })
  overdueNow: OverdueCountDto[];

  @ApiProperty({ type: 'integer' })
  restrictedNow: number;
}

@ApiSchema({ name: 'IndicesReport' })
export class IndicesReportDto {
  @ApiProperty({ type: 'integer' })
  year: number;

  @ApiProperty({ type: IndexUnitDto })
  unit: IndexUnitDto;

  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: [IndexIndicatorDto] })
  indicators: IndexIndicatorDto[];

  @ApiProperty({
    type: [IndexRowDto],
    description: 'The unit asked for first, then every unit below it, depth-first by path',
  })
  rows: IndexRowDto[];
}

@ApiSchema({ name: 'IndexCase' })
export class IndexCaseDto {
  @ApiProperty()
  caseId: string;

  @ApiProperty()
  workflow: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  state: string;

  @ApiProperty({ type: String, nullable: true, description: 'What was counted, e.g. a task and its dates' })
  detail: string | null;

  @ApiProperty({
    type: LabelDto,
    nullable: true,
    description: 'The same in Chinese and English for the reader (days in Beijing time); null when none',
  })
  detailText: LabelDto | null;
}

@ApiSchema({ name: 'IndexCases' })
export class IndexCasesDto {
  @ApiProperty({ type: [IndexCaseDto] })
  items: IndexCaseDto[];
}
