import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';

/** What each status means for every route that declares it; a route may name its own reason. */
const REASONS: Record<number, string> = {
  400: 'The request is invalid (details.problems lists what is wrong)',
  401: 'No valid bearer token',
  403: 'The token has no role that may do this',
  404: 'Not found',
  409: 'The case changed since it was read (If-Match), or its stored state no longer fits',
  415: 'The body is not application/json',
  422: 'The case does not accept this now (state, guard, settled deadline)',
  429: 'Too many requests',
  503: 'Busy or a dependency is down; the same request may succeed later',
};

/** Every error body the service sends: the one filter (src/http/http-exception.filter.ts) shapes them all. */
@ApiSchema({ name: 'ErrorBody' })
export class ErrorBodyDto {
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode: number;

  @ApiProperty({ description: 'The reason phrase of the status', example: 'Not Found' })
  error: string;

  @ApiProperty({ description: 'For people' })
  message: string;

  @ApiPropertyOptional({
    description: 'For programs: an engine error code (CASE_NOT_FOUND, REVISION_STALE, …) or a transport one',
    example: 'CASE_NOT_FOUND',
  })
  code?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'For programs: `problems` (string[]) on validation errors; `allowedEvents`, `revision`, `state` … on engine errors; ' +
      '`rule` ({id, source, text}) when a guard of a named rule refused an event (GET /workflows/{name}/rules)',
  })
  details?: Record<string, unknown>;

  @ApiProperty({
    description:
      "For the reader: the code of the message, rendered with `params` in the reader's language (the engine " +
      'error code, a finer one such as EVENT_NOT_ALLOWED_YET, REQUEST_INVALID, or HTTP_<status>)',
    example: 'EVENT_GUARD_FAILED',
  })
  messageCode: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The values of the message: `event`, `state`, `allowedEvents`, `fields` (the fields a validation ' +
      "problem names), `rule` (its id), `reason` ({zh, en, params}: a workflow's own words, `{name}` " +
      'placeholders filled from its params; ISO times are shown in Beijing time), …',
  })
  params: Record<string, unknown>;
}

/** Declares error responses with the ErrorBody schema: `ApiErrors(400, 404)` or `ApiErrors([422, 'why'])`. */
export function ApiErrors(...statuses: (number | [number, string])[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...statuses.map((s) => {
      const [status, description] = Array.isArray(s) ? s : [s, REASONS[s] ?? 'Error'];
      return ApiResponse({ status, description, schema: { $ref: getSchemaPath(ErrorBodyDto) } });
    }),
  );
}
