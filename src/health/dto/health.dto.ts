import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** GET /health/live. */
@ApiSchema({ name: 'Liveness' })
export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: string;
}

const INDICATOR: SchemaObject = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['up', 'down'] } },
  required: ['status'],
  additionalProperties: true,
};
const INDICATORS = { type: 'object', additionalProperties: INDICATOR } as const;

/**
 * GET /health when a dependency is down: the terminus report with the error body's fields, as the
 * exception filter (src/http/http-exception.filter.ts) shapes it; `down` lists the failing indicators.
 */
@ApiSchema({ name: 'HealthDown' })
export class HealthDownDto {
  @ApiProperty({ type: 'integer', enum: [503] })
  statusCode: number;

  @ApiProperty({ example: 'Service Unavailable' })
  error: string;

  @ApiProperty({ example: 'Unhealthy: redis down' })
  message: string;

  @ApiProperty({ enum: ['error', 'shutting_down'] })
  status: string;

  @ApiPropertyOptional({ ...INDICATORS, description: 'The indicators that are up' })
  info?: Record<string, unknown>;

  @ApiProperty({ ...INDICATORS, description: 'Every indicator' })
  details: Record<string, unknown>;

  @ApiPropertyOptional({ ...INDICATORS, description: 'The indicators that are down' })
  down?: Record<string, unknown>;
}
