import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { markTiming } from '../http/server-timing';
import { ACCESS_NAMES, type AuthedRequest, IS_PUBLIC, REQUIRED_ACCESS } from './auth.types';
import { TokenInvalid, TokenService } from './token.service';

/** Every route needs a valid bearer token unless marked @Public(); @Access() narrows it to the catalogue's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly registry: WorkflowRegistry,
  ) {
    // Refuse to start when a route names a capability the catalogue does not grant to anyone.
    for (const capability of ACCESS_NAMES) registry.rolesFor(capability);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('Missing bearer token: send Authorization: Bearer <JWT>');
    const started = performance.now();
    try {
      request.actor = await this.tokens.verify(match[1]);
      markTiming(request, 'auth', performance.now() - started);
    } catch (error) {
      if (error instanceof TokenInvalid) throw new UnauthorizedException(error.message);
      throw error;
    }
    const capability = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_ACCESS, targets);
    const required = capability ? this.registry.rolesFor(capability) : undefined;
    if (required && !request.actor.roles.some((r) => required.includes(r))) {
      const roles = request.actor.roles.join(', ') || 'none';
      throw new ForbiddenException(
        `Your roles (${roles}) may not use this (${capability}); it needs one of the roles: ${required.join(', ')}`,
      );
    }
    return true;
  }
}
