import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class SubjectDto {
  @ApiProperty({ description: 'Stable identifier of the person or organisation (e.g. personnel number)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ref: string;

  @ApiProperty({ enum: ['individual', 'organisation'] })
  @IsIn(['individual', 'organisation'])
  kind: 'individual' | 'organisation';

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ description: 'Current organisation' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ description: 'Current post' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  post?: string;
}

export class OpenCaseDto {
  @ApiProperty({ example: 'accountability' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  workflow: string;

  @ApiPropertyOptional({
    description: 'Unique per workflow; opening the same key again returns the existing case',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  businessKey?: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiProperty({ type: SubjectDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject: SubjectDto;

  @ApiProperty({
    example: 'inspectionTour',
    description: 'inspectionTour, audit, report, incident, caseInvestigation, transfer, superiorInstruction',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  source: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  facts?: string;

  @ApiPropertyOptional({ description: 'Which situation of the regulations it falls under' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  situation?: string;
}

export class SendEventDto {
  @ApiProperty({ example: 'ACCEPT' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  type: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}
