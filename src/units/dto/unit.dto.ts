import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UNIT_CODE } from '../../engine/units/jurisdiction';

const CODE_RULE = 'a unit code: 1 to 64 letters, digits, dots and hyphens, starting with a letter or digit';

export class CreateUnitDto {
  @ApiProperty({ example: 'city', pattern: UNIT_CODE.source, maxLength: 64 })
  @IsString()
  @Matches(UNIT_CODE, { message: `code must be ${CODE_RULE}` })
  code: string;

  @ApiProperty({ example: '市纪委监委', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    example: '市纪',
    minLength: 1,
    maxLength: 64,
    description:
      'The short name (简称) that heads the case numbers of the unit (e.g. 市纪〔2026〕问责3号); the name when absent',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  shortName?: string;

  @ApiPropertyOptional({ description: 'The unit above; omit for a root', pattern: UNIT_CODE.source })
  @IsOptional()
  @IsString()
  @Matches(UNIT_CODE, { message: `parentCode must be ${CODE_RULE}` })
  parentCode?: string;
}

export class UnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The short name (简称) heading case numbers' })
  shortName: string | null;
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty({ description: 'Codes from the root, e.g. /province/city/county/' }) path: string;
}

export class UnitListDto {
  @ApiProperty({ type: [UnitDto] }) items: UnitDto[];
}

export class ProfileDto {
  @ApiProperty() sub: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
  @ApiProperty({
    oneOf: [
      { type: 'array', items: { type: 'string' } },
      { type: 'string', enum: ['all'] },
    ],
    description:
      'The unit codes whose cases you read: your unit and those below it ("all" for an admin without unit)',
  })
  reach: string[] | 'all';
}
