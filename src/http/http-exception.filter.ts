import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  BusyError,
  ConflictError,
  EngineError,
  ForbiddenError,
  IllegalOperationError,
  NotFoundError,
  UserInputError,
} from '../engine/errors';
import { fieldsOf } from '../engine/payload.validator';
import { textRefusal } from '../engine/persistence/driver-errors';

/** The HTTP status of each kind of engine error. */
function statusOf(error: EngineError): number {
  if (error instanceof NotFoundError) return HttpStatus.NOT_FOUND;
  if (error instanceof UserInputError) return HttpStatus.BAD_REQUEST;
  if (error instanceof ForbiddenError) return HttpStatus.FORBIDDEN;
  if (error instanceof IllegalOperationError) return HttpStatus.UNPROCESSABLE_ENTITY;
  if (error instanceof ConflictError) return HttpStatus.CONFLICT;
  if (error instanceof BusyError) return HttpStatus.SERVICE_UNAVAILABLE;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as { statusCode, error, message, code?, details?, messageCode, params }; only our
 * own faults are 5xx. `messageCode` and `params` are what clients render the message from in their
 * reader's language (`message` stays the English text for people and logs).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = withMessageCode(this.toBody(exception), exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): {
    statusCode: number;
    error: string;
    message: string;
    [k: string]: unknown;
  } {
    if (exception instanceof EngineError) {
      const status = statusOf(exception);
      return {
        statusCode: status,
        error: REASON[status],
        message: exception.message,
        code: exception.code,
        ...(exception.details ? { details: exception.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (isHealthReport(response)) {
        const { error: down, ...report } = response;
        const names = Object.keys(down ?? {}).join(', ');
        return {
          ...report,
          statusCode: status,
          error: REASON[status] ?? 'Error',
          message: `Unhealthy: ${names} down`,
          down,
        };
      }
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
      const details = Array.isArray(raw) ? { problems: raw } : undefined;
      return {
        statusCode: status,
        error: REASON[status] ?? 'Error',
        message,
        ...(details ? { details } : {}),
      };
    }
    const refused = textRefusal(exception);
    if (refused === 'nul') {
      // PostgreSQL cannot store NUL (\u0000) in text: the client's text is refused, not our fault.
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        error: REASON[400],
        message: 'Text must not contain NUL (\\u0000) characters',
        code: 'TEXT_INVALID',
      };
    }
    if (refused === 'tooLong') {
      // Longer than its column: the DTO limits count characters as class-validator does (U+FE0F counts
      // as nothing there), PostgreSQL counts every code point.
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        error: REASON[400],
        message: 'A text value is too long for its field',
        code: 'TEXT_TOO_LONG',
      };
    }
    const fastify = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      return {
        statusCode: fastify.statusCode,
        error: REASON[fastify.statusCode] ?? 'Error',
        message: fastify.message ?? 'Bad request',
        code: fastify.code,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: REASON[500],
      message: 'Internal server error',
    };
  }
}

function isHealthReport(response: unknown): response is { status: string; error?: Record<string, unknown> } {
  return typeof response === 'object' && response !== null && 'details' in response && 'status' in response;
}

type Body = { statusCode: number; error: string; message: string; [k: string]: unknown };

/**
 * The message's code and parameters: an engine error's own (its code unless a finer one is given);
 * for a request refused before the engine, its code (TEXT_INVALID, a transport code) or `HTTP_<status>`,
 * with the fields a validation problem names.
 */
function withMessageCode(body: Body, exception: unknown): Body {
  if (exception instanceof EngineError) {
    return { ...body, messageCode: exception.messageCode, params: exception.params ?? {} };
  }
  const problems = (body.details as { problems?: unknown } | undefined)?.problems;
  const fields = Array.isArray(problems) ? fieldsOf(problems.map(String)) : [];
  const code = typeof body.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(body.code) ? body.code : null;
  return {
    ...body,
    messageCode: code ?? (fields.length ? 'REQUEST_INVALID' : `HTTP_${body.statusCode}`),
    params: fields.length ? { fields } : {},
  };
}
