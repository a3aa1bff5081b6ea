import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The route option that lets a route take multipart/form-data (a file upload) instead of JSON. */
const MULTIPART = 'wenzeMultipart';

/** Marks a route that reads a multipart/form-data body (uploads); every other route takes JSON only. */
export const AcceptsMultipart = () => RouteConfig({ [MULTIPART]: true });

/** The media type of a Content-Type header, lower-cased and without its parameters ('' when absent). */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A Fastify onRequest hook for the API's routes: a request with a body must send it as
 * application/json (or, on routes marked AcceptsMultipart, as multipart/form-data); anything else is
 * 415 before the body is read, so that no other parser (text/plain) hands a route a body it did not expect.
 */
export function jsonOnly(prefix: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.url.startsWith(prefix) || !hasBody(request)) return;
    const type = mediaType(request.headers['content-type']);
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    const multipart = config?.[MULTIPART] === true;
    const accepted = multipart ? 'multipart/form-data' : 'application/json';
    if (type === accepted) return;
    await reply.code(415).send({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `Send the body as ${accepted}${type ? ` (got ${type})` : ' (no Content-Type was sent)'}`,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  };
}
