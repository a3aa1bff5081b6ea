import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { CaseSummaryDto, SubjectSummaryDto } from '../../cases/dto/case.view.dto';

/** GET /subjects/:id, as SubjectsService.record (subjects.service.ts) builds it. */

@ApiSchema({ name: 'Measure' })
export class MeasureDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  subjectId: string;

  @ApiProperty({ format: 'uuid', description: 'The case whose decision took it' })
  caseId: string;

  @ApiProperty({ description: 'A measure type the workflow declares' })
  type: string;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  impactUntil: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The organisation the subject was in then' })
  organisation: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The post the subject held then' })
  post: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  liftedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  liftedReason: string | null;

  @ApiProperty({ description: 'liftedAt is set' })
  lifted: boolean;
}

@ApiSchema({ name: 'ImpactPeriod' })
export class ImpactPeriodDto {
  @ApiProperty({ format: 'uuid' })
  measureId: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  type: string;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  until: string;

  @ApiProperty({ description: 'until is still ahead' })
  running: boolean;
}

@ApiSchema({ name: 'SubjectRecord' })
export class SubjectRecordDto extends SubjectSummaryDto {
  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: [CaseSummaryDto], description: 'Newest first, at most 100' })
  cases: CaseSummaryDto[];

  @ApiProperty({ type: [MeasureDto] })
  measures: MeasureDto[];

  @ApiProperty({ type: [ImpactPeriodDto], description: 'Of the measures not lifted that have one' })
  impactPeriods: ImpactPeriodDto[];

  @ApiProperty()
  restricted: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The end of the latest running impact period',
  })
  restrictedUntil: string | null;
}
