import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** The response bodies of the audit trail, as AuditService (audit.service.ts) builds them. */

@ApiSchema({ name: 'HistoryActor' })
export class HistoryActorDto {
  @ApiProperty({ description: 'The token sub, or system:… for the engine itself' })
  sub: string;

  @ApiProperty({ type: [String] })
  roles: string[];
}

@ApiSchema({ name: 'HistoryEntry' })
export class HistoryEntryDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Gapless per case, from 1' })
  seq: number;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ description: 'The event type (the open event, a workflow event, a timeout, a migration)' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The payload as applied' })
  payload: unknown;

  @ApiProperty({ type: HistoryActorDto })
  actor: HistoryActorDto;

  @ApiProperty({ type: String, nullable: true, description: 'The state before; null for the opening row' })
  from: string | null;

  @ApiProperty()
  to: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  prevHash: string;

  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description: 'SHA-256 over prevHash and the canonical JSON of this row',
  })
  hash: string;
}

@ApiSchema({ name: 'VerifyResult' })
export class VerifyResultDto {
  @ApiProperty({
    description:
      'The chain holds, replaying it reproduces the stored snapshot, and the recorded files are intact',
  })
  ok: boolean;

  @ApiProperty({ type: 'integer', description: 'History rows checked' })
  checked: number;

  @ApiPropertyOptional({ type: 'integer', description: 'The first seq that does not fit the chain' })
  brokenAtSeq?: number;

  @ApiProperty()
  replayMatches: boolean;

  @ApiProperty({
    type: 'integer',
    description: 'Stored files the chain records (attachments) that were checked',
  })
  filesChecked: number;

  @ApiProperty({
    type: 'integer',
    description:
      'Of the files checked, those read and hashed by this check; the others were found intact by an earlier ' +
      'check and are unchanged on disk since (same size, modification and change times, inode)',
  })
  filesHashed: number;

  @ApiProperty({ description: 'Every such file is in the store and still hashes to its recorded SHA-256' })
  filesIntact: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      'The seq of the first row whose replay leads elsewhere than the row says (absent when replay matches, ' +
      'or when only the final stored snapshot differs)',
  })
  replayDiffersAtSeq?: number;

  @ApiProperty({ type: [String] })
  problems: string[];
}

@ApiSchema({ name: 'HistoryPage' })
export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto] })
  items: HistoryEntryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor: string | null;
}
