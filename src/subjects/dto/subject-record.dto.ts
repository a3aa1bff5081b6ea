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

@ApiSchema({ name: 'SubjectVersion' })
export class SubjectVersionDto {
  @ApiProperty({ format: 'uuid', description: 'The case’s own subject record (the subject.id of its view)' })
  subjectId: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'date-time', description: 'When the case was opened' })
  at: string;

  @ApiProperty({ enum: ['individual', 'organisation'] })
  kind: 'individual' | 'organisation';

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  organisation: string | null;

  @ApiProperty({ type: String, nullable: true })
  post: string | null;
}

@ApiSchema({ name: 'SubjectRecord' })
export class SubjectRecordDto extends SubjectSummaryDto {
  @ApiProperty({ format: 'date-time', description: 'When the first case within your reach was opened' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'When the latest case within your reach was opened' })
  updatedAt: string;

  @ApiProperty({
    type: [SubjectVersionDto],
    description:
      'The subject as each case within your reach was opened with (or, for a case that recorded an entry ' +
      'naming them without being about them, as it named them), oldest first: how name, organisation ' +
      'and post changed (the id, name, organisation and post above are the first id and the latest values)',
  })
  versions: SubjectVersionDto[];

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
