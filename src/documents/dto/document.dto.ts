import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const KIND = /^[a-zA-Z][a-zA-Z0-9]*$/;
const KIND_RULE = 'kind must be an identifier (letters and digits)';

/** POST /cases/:id/documents */
export class IssueDocumentDto {
  @ApiProperty({
    description: "A document kind the case's workflow declares (GET …/documents lists those issuable now)",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(KIND, { message: KIND_RULE })
  kind: string;

  @ApiPropertyOptional({
    description:
      'Issue it again although a document of the kind is in force (not voided): required then, with a reason (409 without)',
  })
  @IsOptional()
  @IsBoolean()
  confirm?: boolean;

  @ApiPropertyOptional({ description: 'Why it is issued again (with confirm: true)', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** POST /cases/:id/documents/:sha256/void */
export class VoidDocumentDto {
  @ApiProperty({ description: 'Why the document is voided (作废理由)', maxLength: 500 })
  @IsString()
  @Matches(/\S/, { message: 'reason must say why the document is voided' })
  @MaxLength(500)
  reason: string;
}

/** POST /cases/:id/documents/drafts */
export class SubmitDraftDto {
  @ApiProperty({ description: 'A document kind its workflow has approved before issue' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(KIND, { message: KIND_RULE })
  kind: string;

  @ApiPropertyOptional({ description: 'A note to the approving leader', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** POST /cases/:id/documents/drafts/:seq/approval */
export class DecideDraftDto {
  @ApiProperty({ description: 'true: approved (签发); false: returned for changes' })
  @IsBoolean()
  approved: boolean;

  @ApiPropertyOptional({ description: 'The leader’s comment (批示)', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

@ApiSchema({ name: 'DocumentVoiding', description: 'The voiding (作废) of an issued document' })
export class VoidingDto {
  @ApiProperty({ description: 'The seq of the voiding history row (record.document.void)' })
  seq: number;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ description: 'The token sub that voided it' })
  by: string;

  @ApiProperty()
  reason: string;
}

@ApiSchema({
  name: 'IssuedDocument',
  description: 'A document issued on a case: its history row (record.document)',
})
export class IssuedDocumentDto {
  @ApiProperty({ description: 'The document kind, as the workflow declares it' })
  kind: string;

  @ApiProperty({
    description: 'The document number (文号), unique per handling unit, year and code',
    example: '问决〔2026〕3号',
  })
  number: string;

  @ApiProperty({ description: 'The title printed on it, e.g. 问责决定书' })
  title: string;

  @ApiProperty({ description: 'SHA-256 (hex) of the PDF, as recorded on the case’s chain' })
  sha256: string;

  @ApiProperty({ description: 'Size of the PDF in bytes' })
  size: number;

  @ApiProperty({ description: 'The seq of its history row' })
  seq: number;

  @ApiProperty({ format: 'date-time' })
  issuedAt: string;

  @ApiProperty({ description: 'The token sub that issued it' })
  issuedBy: string;

  @ApiPropertyOptional({ description: 'Issued again: the seq of the document it follows' })
  reissueOf?: number;

  @ApiPropertyOptional({ description: 'Issued again: why' })
  reason?: string;

  @ApiPropertyOptional({ description: 'The approval (record.document.approval) it was issued under' })
  approvalSeq?: number;

  @ApiPropertyOptional({ type: VoidingDto, description: 'Set once the document is voided' })
  voided?: VoidingDto;
}

@ApiSchema({ name: 'DraftDecision', description: 'A leader’s decision on a draft' })
export class DraftDecisionDto {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() by: string;
  @ApiProperty() approved: boolean;
  @ApiPropertyOptional({ description: '批示' }) comment?: string;
}

@ApiSchema({ name: 'DocumentDraft', description: 'A draft submitted for approval (record.document.draft)' })
export class DocumentDraftDto {
  @ApiProperty({ description: 'The seq of its history row' }) seq: number;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ enum: ['pending', 'approved', 'returned', 'issued'] })
  status: 'pending' | 'approved' | 'returned' | 'issued';
  @ApiPropertyOptional({ type: DraftDecisionDto }) decision?: DraftDecisionDto;
  @ApiPropertyOptional({ description: 'The seq of the document issued under its approval' })
  issuedSeq?: number;
}

@ApiSchema({ name: 'DocumentLabel' })
export class DocumentLabelDto {
  @ApiProperty()
  zh: string;

  @ApiProperty()
  en: string;
}

@ApiSchema({ name: 'IssuableDocument', description: 'A kind the case may have issued now' })
export class IssuableDocumentDto {
  @ApiProperty()
  kind: string;

  @ApiProperty({ type: DocumentLabelDto })
  label: DocumentLabelDto;

  @ApiProperty({ description: 'Issued only once a leader approved its draft (审批)' })
  approval: boolean;
}

@ApiSchema({ name: 'CaseDocuments' })
export class CaseDocumentsDto {
  @ApiProperty({ type: [IssuedDocumentDto], description: 'Issued documents, oldest first' })
  issued: IssuedDocumentDto[];

  @ApiProperty({ type: [DocumentDraftDto], description: 'Drafts submitted for approval, oldest first' })
  drafts: DocumentDraftDto[];

  @ApiProperty({
    type: [IssuableDocumentDto],
    description: 'The kinds that may be issued in the case’s state',
  })
  issuable: IssuableDocumentDto[];

  @ApiProperty({
    description: 'false: no CJK font is installed, so nothing can be issued (POST answers 503)',
  })
  available: boolean;

  @ApiProperty({
    description: 'Whether the caller’s roles may issue documents (the issueDocuments capability)',
  })
  mayIssue: boolean;

  @ApiProperty({ description: 'Whether the caller may approve drafts (the approveDocuments capability)' })
  mayApprove: boolean;
}
