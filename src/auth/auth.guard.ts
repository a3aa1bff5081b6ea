import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app.config';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { markTiming } from '../http/server-timing';
import { AuthFailures } from './auth-failures';
import { cookieWriteRefusal, sessionToken } from './session-cookie';
import { ACCESS_NAMES, type AuthedRequest, IS_PUBLIC, REQUIRED_ACCESS } from './auth.types';
import { TokenInvalid, TokenService } from './token.service';

/** Every route needs a valid bearer token unless marked @Public(); @Access() narrows it to the catalogue's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly failures: AuthFailures;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly registry: WorkflowRegistry,
    config: ConfigService<AppConfig, true>,
  ) {
    // Refuse to start when a route names a capability the catalogue does not grant to anyone.
    for (const capability of ACCESS_NAMES) registry.rolesFor(capability);
    this.failures = new AuthFailures(
      config.get('AUTH_FAILURE_LIMIT', { infer: true }),
      config.get('AUTH_FAILURE_WINDOW_SECONDS', { infer: true }) * 1000,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // Without a bearer header, the workbench's session cookie (set at sign-in) may stand for it.
    const cookie = match || header ? undefined : sessionToken(request);
    const token = match?.[1] ?? cookie;
    if (!token) this.refuse(context, 'Missing bearer token: send Authorization: Bearer <JWT>');
    if (cookie) {
      const why = cookieWriteRefusal(request);
      if (why) throw new ForbiddenException(why);
    }
    const started = performance.now();
    try {
      request.actor = await this.tokens.verify(token);
      request.credential = { token, via: cookie ? 'cookie' : 'bearer' };
      markTiming(request, 'auth', performance.now() - started);
    } catch (error) {
      if (error instanceof TokenInvalid) this.refuse(context, error.message);
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

  /**
   * A failed authentication: 401 saying why, counted against the client's address; once the client
   * has failed AUTH_FAILURE_LIMIT times in the window, 429 with Retry-After instead. A good token is
   * never refused here, so a client that authenticates is not slowed by its earlier failures.
   */
  private refuse(context: ExecutionContext, why: string): never {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const wait = this.failures.limitedFor(request.ip);
    if (wait > 0) {
      void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(wait));
      throw new HttpException(
        `Too many failed authentications from your address (${this.failures.limit} in the window); ` +
          `retry after ${wait} s (Retry-After)`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.failures.failed(request.ip);
    throw new UnauthorizedException(why);
  }
}
