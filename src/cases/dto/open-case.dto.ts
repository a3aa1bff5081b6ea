import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateIf } from 'class-validator';
import { acceptQuickly } from '../../http/validation.pipe';

/** For the OpenAPI document only; the engine validates the subject. */
export class SubjectDto {
  @ApiProperty({ maxLength: 200, description: 'Stable identifier of the person or organisation' })
  ref: string;

  @ApiProperty({ enum: ['individual', 'organisation'] })
  kind: 'individual' | 'organisation';

  @ApiProperty({ maxLength: 200 })
  name: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Current organisation' })
  organisation?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Current post' })
  post?: string;
}

/**
 * For the OpenAPI document only: the common fields of POST /cases. Each workflow adds its own open
 * payload, published exactly as `open.schema` by GET /workflows/:name; the engine validates both.
 */
export class OpenCaseBody {
  @ApiProperty({ maxLength: 64 })
  workflow: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Unique per workflow; opening the same key again returns the existing case',
  })
  businessKey?: string;

  @ApiProperty({ maxLength: 500 })
  title: string;

  @ApiProperty({ type: SubjectDto })
  subject: SubjectDto;
}

export class SendEventDto {
  @ApiProperty({ description: 'An event type the workflow declares' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  type: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  // Absent is an empty payload; null is refused like the published schema refuses it.
  @ValidateIf((_o: unknown, value: unknown) => value !== undefined)
  @IsObject()
  payload?: Record<string, unknown>;
}

// What the rules above accept, checked without class-validator on the events route's hot path (a
// type of at most 200 UTF-16 units is at most 200 characters for MaxLength); anything else is left
// to class-validator and its messages.
acceptQuickly(SendEventDto, (value) => {
  const body = value as Record<string, unknown>;
  for (const key in body) if (key !== 'type' && key !== 'payload') return false;
  const { type, payload } = body;
  return (
    typeof type === 'string' &&
    type.length > 0 &&
    type.length <= 200 &&
    (payload === undefined || (typeof payload === 'object' && payload !== null && !Array.isArray(payload)))
  );
});
