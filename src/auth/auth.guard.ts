import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../engine/workflow.types';
import { type AuthedRequest, IS_PUBLIC, REQUIRED_ROLES } from './auth.types';
import { TokenInvalid, TokenService } from './token.service';

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('Missing bearer token: send Authorization: Bearer <JWT>');
    try {
      request.actor = await this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof TokenInvalid) throw new UnauthorizedException(error.message);
      throw error;
    }
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets);
    if (required && !request.actor.roles.some((r) => required.includes(r))) {
      throw new ForbiddenException(`This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
