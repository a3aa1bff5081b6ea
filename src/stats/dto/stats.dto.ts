import { ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { LabelDto } from '../../catalogue/dto/workflow.dto';

/** GET /stats, as StatsService.stats (stats.service.ts) builds it. */

@ApiSchema({ name: 'StageCount' })
export class StageCountDto {
  @ApiProperty()
  stage: string;

  @ApiProperty({ type: 'integer' })
  count: number;

  @ApiProperty({ type: 'integer' })
  overdue: number;
}

@ApiSchema({ name: 'OutcomeCount' })
export class OutcomeCountDto {
  @ApiProperty({ description: 'unknown when a closed case has none' })
  outcome: string;

  @ApiProperty({ type: 'integer' })
  count: number;
}

@ApiSchema({ name: 'OverdueByKind' })
export class OverdueByKindDto {
  @ApiProperty()
  kind: string;

  @ApiProperty({ type: 'integer', description: 'Overdue now' })
  overdue: number;

  @ApiProperty({ type: 'integer', description: 'Fired limits that flag lateness, settled or not' })
  lapsed: number;

  @ApiProperty({ type: 'integer', description: 'Still running' })
  pending: number;
}

@ApiSchema({ name: 'MeasureCount' })
export class MeasureCountDto {
  @ApiProperty()
  type: string;

  @ApiProperty({ type: 'integer' })
  count: number;

  @ApiProperty({ type: 'integer' })
  lifted: number;
}

@ApiSchema({ name: 'TimeInStage' })
export class TimeInStageDto {
  @ApiProperty()
  stage: string;

  @ApiProperty({ type: 'integer' })
  cases: number;

  @ApiProperty({ type: 'integer' })
  totalMs: number;

  @ApiProperty({ type: 'integer' })
  averageMs: number;
}

@ApiSchema({ name: 'StatsReport' })
export class StatsReportDto {
  @ApiProperty({ type: LabelDto })
  title: LabelDto;

  @ApiProperty({
    description: 'Whatever the report returns (any JSON value); its shape is the workflow’s',
    nullable: true,
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
    ],
  })
  data: unknown;
}

@ApiSchema({ name: 'Stats' })
export class StatsDto {
  @ApiProperty()
  workflow: string;

  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: [String], description: 'Top-level stages, in machine order' })
  stages: string[];

  @ApiProperty({ type: [StageCountDto] })
  casesByStage: StageCountDto[];

  @ApiProperty({ type: [OutcomeCountDto] })
  outcomes: OutcomeCountDto[];

  @ApiProperty({ type: [OverdueByKindDto] })
  overdueByKind: OverdueByKindDto[];

  @ApiProperty({
    description:
      "Whether the workflow's effects record measures against subjects (its effectTypes include " +
      'recordMeasures); when not, measuresByType is always empty and the figure does not apply',
  })
  recordsMeasures: boolean;

  @ApiProperty({
    type: [MeasureCountDto],
    description:
      "Measures against the cases' own subjects (entries a case records on another subject it names are left out)",
  })
  measuresByType: MeasureCountDto[];

  @ApiProperty({ type: [TimeInStageDto] })
  timeInStage: TimeInStageDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(StatsReportDto) },
    description: 'The reports the workflow declares, keyed by report name',
  })
  reports: Record<string, StatsReportDto>;
}
