import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenInvalid, TokenService } from '../auth/token.service';
import { DEADLINE_QUEUE } from './deadline.queue';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board is a browser page, so besides `Authorization: Bearer` it accepts the token from the
 * `wenze_token` cookie that the web UI sets at sign-in. Only the roles the catalogue grants `queueBoard` get in — to the page and to
 * its API under the same route (a Fastify hook, because Nest middleware would only match the page).
 */
export function queueBoardGuard(tokens: TokenService, allowed: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.url.startsWith(QUEUE_BOARD_ROUTE)) return;
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const cookie = /(?:^|;\s*)wenze_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const token = bearer ?? cookie;
    if (!token) return refuse(reply, 401, 'Sign in: send a bearer token or the wenze_token cookie');
    let decoded: string;
    try {
      decoded = decodeURIComponent(token);
    } catch {
      return refuse(reply, 401, 'The wenze_token cookie is not a valid token');
    }
    try {
      const actor = await tokens.verify(decoded);
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
];
