import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** The subject of a case as its views show it, with the register entry it links to. */

@ApiSchema({ name: 'SubjectSummary' })
export class SubjectSummaryDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'In a case view: the case’s own record of its subject, as given at opening (GET /subjects/:id with it ' +
      'gives the lifelong record within your reach)',
  })
  id: string;

  @ApiProperty({ description: 'The subject’s own reference (personnel number, organisation code)' })
  ref: string;

  @ApiProperty({ enum: ['individual', 'organisation'] })
  kind: 'individual' | 'organisation';

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  organisation: string | null;

  @ApiProperty({ type: String, nullable: true })
  post: string | null;

  @ApiPropertyOptional({
    type: () => SubjectCadreDto,
    nullable: true,
    description:
      'In a case view, for an individual: the person on the cadre register (干部名册) of the case’s unit or a unit ' +
      'below it with the same ref, as the register has them now; null when they are not on it',
  })
  cadre?: SubjectCadreDto | null;
}

@ApiSchema({ name: 'SubjectCadreUnit' })
export class SubjectCadreUnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

@ApiSchema({ name: 'SubjectCadre' })
export class SubjectCadreDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ref: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) post: string | null;
  @ApiProperty({ type: String, nullable: true }) rank: string | null;
  @ApiProperty({ enum: ['active', 'left'] }) status: 'active' | 'left';
  @ApiProperty({ type: SubjectCadreUnitDto }) unit: SubjectCadreUnitDto;
}
