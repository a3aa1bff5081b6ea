import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { UNIT_CODE_PATTERN } from '../../engine/payload-fields';
import { NOTICE_KINDS } from '../../notices/notice.queue';

@ApiSchema({ name: 'CreateWebhookBody' })
export class CreateWebhookDto {
  @ApiProperty({
    maxLength: 2000,
    description:
      'http(s) URL the notices are POSTed to; its host must be in WEBHOOK_ALLOWED_HOSTS when that is set',
  })
  @IsString()
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  url: string;

  @ApiProperty({
    minLength: 16,
    maxLength: 200,
    description: 'Shared secret the Wenze-Signature header is computed with (HMAC-SHA256); never shown again',
  })
  @IsString()
  @Length(16, 200, { message: 'secret must be 16 to 200 characters' })
  secret: string;

  @ApiProperty({ enum: NOTICE_KINDS, isArray: true, minItems: 1, uniqueItems: true })
  @IsArray({ message: 'kinds must be a list of notice kinds' })
  @ArrayMinSize(1, { message: 'kinds must name at least one notice kind' })
  @ArrayUnique({ message: 'kinds must not repeat a kind' })
  @IsIn(NOTICE_KINDS, { each: true, message: `kinds must be among: ${NOTICE_KINDS.join(', ')}` })
  kinds: string[];

  @ApiPropertyOptional({
    pattern: UNIT_CODE_PATTERN,
    description: 'The unit whose subtree’s cases it hears of; default your own unit; within your reach',
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(UNIT_CODE_PATTERN), { message: 'unitId must be a unit code' })
  unitId?: string;
}

export class WebhookDto {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ enum: NOTICE_KINDS, isArray: true }) kinds: string[];
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty() noticeId: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last answer' })
  lastStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: String, nullable: true }) deliveredAt: string | null;
  @ApiProperty({ description: 'The exact body sent (and signed)' }) body: string;
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
}
