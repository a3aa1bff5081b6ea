import { ApiProperty, ApiPropertyOptional, ApiSchema, OmitType } from '@nestjs/swagger';
import { HistoryEntryDto, VerifyResultDto } from '../../audit/dto/history.dto';
import { CaseViewDto } from '../../cases/dto/case.view.dto';

/** GET /cases/:id/dossier, as DossierController.dossier builds it. */

@ApiSchema({ name: 'DossierCase', description: 'The case view without yourEvents (which is the caller’s)' })
export class DossierCaseDto extends OmitType(CaseViewDto, ['yourEvents'] as const) {}

@ApiSchema({ name: 'DossierFile' })
export class DossierFileDto {
  @ApiProperty({ type: 'integer', description: 'The history row that records the file' })
  seq: number;

  @ApiProperty({ description: 'The row type, e.g. record.attachment' })
  type: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  sha256: string;

  @ApiProperty({ type: 'integer' })
  size: number;

  @ApiProperty()
  mediaType: string;

  @ApiPropertyOptional()
  kind?: string;
}

@ApiSchema({ name: 'Dossier' })
export class DossierDto {
  @ApiProperty({ enum: ['wenze-dossier/1'] })
  format: string;

  @ApiProperty({ format: 'date-time' })
  exportedAt: string;

  @ApiProperty({ description: 'The token sub that exported it' })
  exportedBy: string;

  @ApiProperty({ type: DossierCaseDto })
  case: DossierCaseDto;

  @ApiProperty({ type: [HistoryEntryDto] })
  history: HistoryEntryDto[];

  @ApiProperty({
    type: [DossierFileDto],
    description: 'The files the history records (attachments), by hash',
  })
  files: DossierFileDto[];

  @ApiProperty({ type: VerifyResultDto })
  verification: VerifyResultDto;
}

@ApiSchema({ name: 'DossierSignature' })
export class DossierSignatureDto {
  @ApiProperty({ enum: ['Ed25519'] })
  alg: string;

  @ApiProperty({ description: 'Identifies the key (GET /dossier-key)' })
  keyId: string;

  @ApiProperty({ description: 'Base64 signature over the canonical JSON of `dossier`' })
  value: string;
}

@ApiSchema({ name: 'SignedDossier' })
export class SignedDossierDto {
  @ApiProperty({ type: DossierDto })
  dossier: DossierDto;

  @ApiProperty({ type: DossierSignatureDto })
  signature: DossierSignatureDto;
}
