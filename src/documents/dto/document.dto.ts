import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** POST /cases/:id/documents */
export class IssueDocumentDto {
  @ApiProperty({
    description: "A document kind the case's workflow declares (GET …/documents lists those issuable now)",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[a-zA-Z][a-zA-Z0-9]*$/, { message: 'kind must be an identifier (letters and digits)' })
  kind: string;
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
}

@ApiSchema({ name: 'CaseDocuments' })
export class CaseDocumentsDto {
  @ApiProperty({ type: [IssuedDocumentDto], description: 'Issued documents, oldest first' })
  issued: IssuedDocumentDto[];

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
}
