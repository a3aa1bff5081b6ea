import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AppConfig } from '../config/app.config';
import type { Actor } from '../engine/actor';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { VerifiedTokens } from './verified-tokens';

export class TokenInvalid extends Error {}

/** HS256 bearer tokens with claims sub, name and roles. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly known: Set<string>;
  private readonly verified = new VerifiedTokens();

  constructor(config: ConfigService<AppConfig, true>, registry: WorkflowRegistry) {
    this.key = new TextEncoder().encode(config.get('AUTH_JWT_SECRET', { infer: true }));
    this.known = new Set(registry.roles().map((r) => r.id));
  }

  async verify(token: string): Promise<Actor> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      const actor = toActor(payload, this.known);
      this.verified.set(token, actor, payload.exp);
      return actor;
    } catch (error) {
      if (error instanceof TokenInvalid) throw error;
      if (error instanceof errors.JWTExpired) throw new TokenInvalid('The token has expired');
      if (error instanceof errors.JWTClaimValidationFailed)
        throw new TokenInvalid(`Token claim invalid: ${error.message}`);
      if (error instanceof errors.JOSEAlgNotAllowed) throw new TokenInvalid('Only HS256 tokens are accepted');
      throw new TokenInvalid('The token is malformed or its signature does not verify');
    }
  }

  sign(
    claims: { sub: string; name?: string; roles: string[]; unit?: string },
    expiresIn = '8h',
  ): Promise<string> {
    return signToken(this.key, claims, expiresIn);
  }
}

export function signToken(
  key: Uint8Array,
  claims: { sub: string; name?: string; roles: string[]; unit?: string },
  expiresIn: string,
): Promise<string> {
  const unit = claims.unit === undefined ? {} : { unit: claims.unit };
  return new SignJWT({ name: claims.name ?? claims.sub, roles: claims.roles, ...unit })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

/** The caller from verified claims; roles the catalogue does not declare are dropped. */
function toActor(payload: Record<string, unknown>, known: Set<string>): Actor {
  const { sub, name, roles, unit } = payload;
  if (typeof sub !== 'string' || !sub) throw new TokenInvalid('The token has no subject (sub)');
  // The history's actor column holds 200 characters.
  if (sub.length > 200) throw new TokenInvalid('The token subject (sub) is longer than 200 characters');
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
    throw new TokenInvalid('The token has no roles claim (an array of strings)');
  }
  if (unit !== undefined && (typeof unit !== 'string' || unit.length === 0 || unit.length > 64)) {
    throw new TokenInvalid('The token unit claim must be a unit code (1 to 64 characters)');
  }
  return {
    sub,
    name: typeof name === 'string' ? name : sub,
    roles: roles.filter((r) => known.has(r)),
    ...(unit === undefined ? {} : { unit }),
  };
}
