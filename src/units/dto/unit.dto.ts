import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '../../engine/persistence/unit.entity';
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
    description: 'The full name its documents are headed and signed with (全称)',
    example: '中共青龙县纪律检查委员会',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

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

  @ApiPropertyOptional({
    enum: UNIT_KINDS,
    default: 'committee',
    description: 'A department (部门) lies under a committee or government unit',
  })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({
    description:
      "A department's overseeing leader (分管领导): the ref of an active cadre on the register of the parent unit (422 otherwise)",
    minLength: 1,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  leaderRef?: string;
}

export class UpdateUnitDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "A department's overseeing leader (分管领导): an active cadre's ref on the parent unit's register (422 otherwise); null clears it",
    maxLength: 200,
  })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  leaderRef: string | null;
}

export class UnitLeaderDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The ref; only to those whose reach holds the department',
  })
  ref: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) post: string | null;
  @ApiProperty({ type: String, nullable: true }) rank: string | null;
  @ApiProperty({ enum: ['active', 'left'], description: '`left`: no longer on the register; name another' })
  status: 'active' | 'left';
}

export class UnitDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'The full name documents sign with (全称)' })
  fullName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The short name (简称) heading case numbers' })
  shortName: string | null;
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty({ description: 'Codes from the root, e.g. /province/city/county/' }) path: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty({
    type: UnitLeaderDto,
    nullable: true,
    description: "A department's overseeing leader (分管领导), as the parent unit's register names them",
  })
  leader: UnitLeaderDto | null;
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
