import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenInvalid, TokenService } from '../auth/token.service';
import { DEADLINE_QUEUE } from './deadline.queue';
import { QueueBoardSessionModule } from './queue-board-session.controller';
import { crossSiteRefusal, QUEUE_BOARD_COOKIE, QUEUE_BOARD_ROUTE, readCookie } from './queue-board-cookie';

export { QUEUE_BOARD_ROUTE } from './queue-board-cookie';

/**
 * Bull Board is a browser page, so besides `Authorization: Bearer` it accepts the token from the
 * `wenze_board` cookie, which the service sets (HttpOnly) when the workbench signs a board user in
 * (POST /api/v1/auth/queue-board-session). Only the roles the catalogue grants `queueBoard` get in — to
 * the page and to its API under the same route (a Fastify hook, because Nest middleware would only
 * match the page). A cookie travels with any request the browser makes, so a change (anything but
 * GET, HEAD, OPTIONS) authenticated by the cookie must come from the service's own origin.
 */
export function queueBoardGuard(tokens: TokenService, allowed: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.url.startsWith(QUEUE_BOARD_ROUTE)) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const cookie = bearer ? undefined : readCookie(request.headers.cookie, QUEUE_BOARD_COOKIE);
    if (!bearer && !cookie) {
      return refuse(reply, 401, `Sign in: send a bearer token or the ${QUEUE_BOARD_COOKIE} cookie`);
    }
    let token: string;
    try {
      token = bearer ?? decodeURIComponent(cookie!);
    } catch {
      return refuse(reply, 401, `The ${QUEUE_BOARD_COOKIE} cookie is not a valid token`);
    }
    if (!bearer) {
      const refusal = crossSiteRefusal(request);
      if (refusal) return refuse(reply, 403, refusal);
    }
    try {
      const actor = await tokens.verify(token);
      if (!actor.roles.some((r) => allowed.includes(r))) {
        return refuse(reply, 403, `The queue board needs one of the roles: ${allowed.join(', ')}`);
      }
    } catch (error) {
      if (error instanceof TokenInvalid) return refuse(reply, 401, error.message);
      throw error;
    }
  };
}

function refuse(reply: FastifyReply, statusCode: 401 | 403, message: string): void {
  const error = statusCode === 401 ? 'Unauthorized' : 'Forbidden';
  void reply.code(statusCode).send({ statusCode, error, message });
}

export const QueueBoardModules = [
  BullBoardModule.forRoot({ route: QUEUE_BOARD_ROUTE, adapter: FastifyAdapter }),
  BullBoardModule.forFeature({ name: DEADLINE_QUEUE, adapter: BullMQAdapter }),
  QueueBoardSessionModule,
];
