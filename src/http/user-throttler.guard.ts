import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthedRequest } from '../auth/auth.types';

/**
 * The rate limit's budget is per user (the verified token's subject) on authenticated routes, and per
 * client address otherwise (behind a proxy, the forwarded address when TRUST_PROXY is on). It runs
 * after the AuthGuard, which has verified the token by then.
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { actor, ip } = request as unknown as AuthedRequest;
    return actor ? `sub:${actor.sub}` : `ip:${ip}`;
  }
}
