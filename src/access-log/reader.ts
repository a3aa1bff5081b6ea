import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthedRequest } from '../auth/auth.types';
import type { Actor } from '../engine/actor';

/** Who reads, in which request: what the access log records with every read. */
export interface Reader {
  actor: Actor;
  requestId: string;
}

export const CurrentReader = createParamDecorator((_: unknown, ctx: ExecutionContext): Reader => {
  const request = ctx.switchToHttp().getRequest<AuthedRequest>();
  return { actor: request.actor, requestId: String(request.id) };
});
