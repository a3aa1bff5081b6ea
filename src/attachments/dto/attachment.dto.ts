import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** The bodies of the attachment routes, as AttachmentsService (attachments.service.ts) builds them. */

@ApiSchema({ name: 'Attachment' })
export class AttachmentDto {
  @ApiProperty({ type: 'integer', description: 'The history row (seq) that records the file' })
  seq: number;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ description: 'Who attached it (token sub)' })
  actor: string;

  @ApiProperty({ description: 'The file name as uploaded, without folders' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Bytes' })
  size: number;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes; on the hash chain' })
  sha256: string;

  @ApiProperty({ description: 'Judged from the first bytes, e.g. application/pdf' })
  mediaType: string;

  @ApiProperty({ description: 'One of the catalogue attachment kinds (see AttachmentList.kinds)' })
  kind: string;

  @ApiPropertyOptional()
  description?: string;
}

@ApiSchema({ name: 'AttachmentList' })
export class AttachmentListDto {
  @ApiProperty({ type: [AttachmentDto], description: 'In seq order' })
  items: AttachmentDto[];

  @ApiProperty({ type: [String], description: 'The kinds a new attachment may have' })
  kinds: string[];

  @ApiProperty({ type: 'integer', description: 'The largest file accepted (bytes)' })
  maxBytes: number;

  @ApiProperty({ description: 'Whether your roles may attach files (the catalogue access `attach`)' })
  mayAttach: boolean;
}

@ApiSchema({ name: 'AttachmentCreated' })
export class AttachmentCreatedDto {
  @ApiProperty({ type: AttachmentDto })
  attachment: AttachmentDto;

  @ApiProperty({ type: 'integer', description: 'The case revision after the record (also the ETag)' })
  revision: number;
}

/** The multipart form of an upload (documentation only: the route reads the stream itself). */
@ApiSchema({ name: 'AttachmentUpload' })
export class AttachmentUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'One file: PDF, JPEG, PNG, TIFF, DOCX, XLSX, PPTX or UTF-8 text',
  })
  file: unknown;

  @ApiProperty({ description: 'One of AttachmentList.kinds' })
  kind: string;

  @ApiPropertyOptional({ maxLength: 500 })
  description?: string;
}
