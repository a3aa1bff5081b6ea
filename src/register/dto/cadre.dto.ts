import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { UNIT_CODE } from '../../engine/units/jurisdiction';
import { CADRE_STATUSES, type CadreStatus } from '../cadre.entity';

/** Text that is not only spaces; leading and trailing spaces are dropped. */
const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class CreateCadreDto {
  @ApiProperty({
    description: 'The person’s identifier (人员编号/身份标识): unique on the unit’s register',
    minLength: 1,
    maxLength: 200,
    example: 'GB-0001',
  })
  @trimmed()
  @IsString()
  @MinLength(1, { message: 'ref must not be empty' })
  @MaxLength(200)
  ref: string;

  @ApiProperty({ description: '姓名', minLength: 1, maxLength: 200, example: '张伟' })
  @trimmed()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '职务, e.g. 局长', maxLength: 200 })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(200)
  post?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '职级, e.g. 正处级', maxLength: 64 })
  @IsOptional()
  @trimmed()
  @IsString()
  @MaxLength(64)
  rank?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A department (unit of kind department) directly under the unit',
    pattern: UNIT_CODE.source,
  })
  @IsOptional()
  @IsString()
  @Matches(UNIT_CODE, { message: 'departmentCode must be a unit code' })
  departmentCode?: string | null;
}

export class UpdateCadreDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @trimmed()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @trimmed()
  @IsString()
  @MaxLength(200)
  post?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @trimmed()
  @IsString()
  @MaxLength(64)
  rank?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: UNIT_CODE.source })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @Matches(UNIT_CODE, { message: 'departmentCode must be a unit code' })
  departmentCode?: string | null;

  @ApiPropertyOptional({ enum: CADRE_STATUSES, description: '`left` records the date the person left' })
  @IsOptional()
  @IsIn(CADRE_STATUSES)
  status?: CadreStatus;
}

export class CadreListQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name or ref (any case)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: [...CADRE_STATUSES, 'all'], default: 'active' })
  @IsOptional()
  @IsIn([...CADRE_STATUSES, 'all'])
  status?: CadreStatus | 'all';

  @ApiPropertyOptional({ pattern: UNIT_CODE.source })
  @IsOptional()
  @IsString()
  @Matches(UNIT_CODE, { message: 'departmentCode must be a unit code' })
  departmentCode?: string;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number in decimal digits' })
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ImportQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Check every row and say what would be imported; write nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class ImportUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      '.xlsx (first sheet) or .csv (UTF-8 with or without BOM, or GBK): a header row with 姓名/name, ' +
      '人员编号/身份标识/ref, 职务/post, 职级/rank, 所在部门/department (a department code or name)',
  })
  file: unknown;
}

@ApiSchema({ name: 'CadreDepartment' })
export class CadreDepartmentDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

@ApiSchema({ name: 'Cadre' })
export class CadreDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() unitCode: string;
  @ApiProperty() ref: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) post: string | null;
  @ApiProperty({ type: String, nullable: true }) rank: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
  @ApiProperty({ type: CadreDepartmentDto, nullable: true }) department: CadreDepartmentDto | null;
  @ApiProperty({ enum: CADRE_STATUSES }) status: CadreStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) leftAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

@ApiSchema({ name: 'CadrePage' })
export class CadrePageDto {
  @ApiProperty({ type: [CadreDto] }) items: CadreDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'Active cadres on the unit’s register' }) activeCount: number;
}

@ApiSchema({ name: 'CadreImportRow' })
export class CadreImportRowDto {
  @ApiProperty() ref: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) post: string | null;
  @ApiProperty({ type: String, nullable: true }) rank: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
}

@ApiSchema({ name: 'CadreImportResult' })
export class CadreImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) format: 'xlsx' | 'csv';
  @ApiProperty({ description: 'Rows read (without the header and empty rows)' }) rows: number;
  @ApiProperty({ description: 'Rows added to the register (0 on a dry run)' }) imported: number;
  @ApiProperty({ type: [String], description: 'Headers that name no column of the register (left out)' })
  ignoredColumns: string[];
  @ApiProperty({ type: [CadreImportRowDto], description: 'The first ten rows as added' })
  preview: CadreImportRowDto[];
}
