import { ApiProperty } from '@nestjs/swagger';
import {
  IsInt,
  IsObject,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'stateMapping' })
class StateMappingConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).length <= 100 &&
      Object.entries(value).every(
        ([k, v]) => k.length <= 200 && typeof v === 'string' && v.length > 0 && v.length <= 200,
      )
    );
  }

  defaultMessage(): string {
    return 'stateMapping must map state paths to state paths, e.g. {"submitted": "inReview"}';
  }
}

export class MigrateCaseDto {
  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  toVersion: number;

  @ApiProperty({
    example: { submitted: 'inReview' },
    description: 'Old leaf state path → new one; unmapped paths are kept',
  })
  @IsObject()
  @Validate(StateMappingConstraint)
  stateMapping: Record<string, string>;
}
