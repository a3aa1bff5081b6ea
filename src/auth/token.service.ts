import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  SignJWT,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import { audiences, type AppConfig } from '../config/app.config';
import type { Actor } from '../engine/actor';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { checkLifetime, type ClaimNames, DEFAULT_CLAIMS, toActor, TokenInvalid } from './token-claims';
import { VerifiedTokens } from './verified-tokens';

export { TokenInvalid } from './token-claims';

/** Algorithms verified against the identity provider's key set (AUTH_JWKS_URL). */
const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** The key set could not be fetched or read: the provider is down, answers non-200, or sends no key set. */
class KeysUnavailable extends Error {}

/**
 * Bearer tokens: HS256 signed with AUTH_JWT_SECRET (unless AUTH_ACCEPT_HS256=false), and RS256 or
 * ES256 signed by the identity provider whose key set is at AUTH_JWKS_URL. The token's alg picks the
 * key: never the key set for an HS alg, never the secret for RS256/ES256 (no algorithm confusion).
 * Every token needs an exp and may live at most AUTH_MAX_TOKEN_AGE; the provider's tokens must also
 * carry AUTH_ISSUER and AUTH_AUDIENCE when those are set.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);
  private readonly secret?: Uint8Array;
  private readonly keySet?: JWTVerifyGetKey;
  private readonly providerChecks: Pick<JWTVerifyOptions, 'issuer' | 'audience'>;
  private readonly accepted: string[];
  private readonly maxAge: number;
  private readonly claims: ClaimNames;
  private readonly known: Set<string>;
  private readonly verified = new VerifiedTokens();

  constructor(config: ConfigService<AppConfig, true>, registry: WorkflowRegistry) {
    if (config.get('AUTH_ACCEPT_HS256', { infer: true })) {
      this.secret = new TextEncoder().encode(config.get('AUTH_JWT_SECRET', { infer: true }));
    }
    const jwksUrl = config.get('AUTH_JWKS_URL', { infer: true });
    if (jwksUrl) {
      // Fetched on first use and kept for cacheMaxAge; a token naming an unknown kid fetches it again
      // (key rotation), at most once per cooldownDuration. Concurrent fetches are shared.
      const remote = createRemoteJWKSet(new URL(jwksUrl), {
        cacheMaxAge: config.get('AUTH_JWKS_CACHE_MAX_AGE_MS', { infer: true }),
        cooldownDuration: config.get('AUTH_JWKS_COOLDOWN_MS', { infer: true }),
      });
      this.keySet = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (error) {
          // No key (or several keys) for the token: the token's problem. Anything else is the set's.
          if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
            throw error;
          }
          throw new KeysUnavailable((error as Error).message, { cause: error });
        }
      };
    }
    const issuer = config.get('AUTH_ISSUER', { infer: true });
    const audience = config.get('AUTH_AUDIENCE', { infer: true });
    this.providerChecks = {
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience: audiences(audience) } : {}),
    };
    this.accepted = [...(this.secret ? ['HS256'] : []), ...(this.keySet ? JWKS_ALGORITHMS : [])];
    this.maxAge = config.get('AUTH_MAX_TOKEN_AGE', { infer: true });
    this.claims = {
      name: config.get('AUTH_NAME_CLAIM', { infer: true }),
      roles: config.get('AUTH_ROLES_CLAIM', { infer: true }),
      unit: config.get('AUTH_UNIT_CLAIM', { infer: true }),
    };
    this.known = new Set(registry.roles().map((r) => r.id));
  }

  async verify(token: string): Promise<Actor> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    try {
      const { payload, fromProvider } = await this.verifySignature(token);
      checkLifetime(payload, this.maxAge, Date.now() / 1000);
      // Wenze's own HS256 tokens have a fixed layout; the claim names map the identity provider's.
      const actor = toActor(payload, this.known, fromProvider ? this.claims : DEFAULT_CLAIMS);
      this.verified.set(token, actor, payload.exp);
      return actor;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** A token for the demo sign-in: HS256, valid for 8 hours or AUTH_MAX_TOKEN_AGE if that is shorter. */
  sign(claims: { sub: string; name?: string; roles: string[]; unit?: string }): Promise<string> {
    if (!this.secret) throw new Error('HS256 tokens are turned off (AUTH_ACCEPT_HS256=false)');
    return signToken(this.secret, claims, `${Math.min(8 * 3600, this.maxAge)}s`);
  }

  private async verifySignature(token: string): Promise<JWTVerifyResult & { fromProvider: boolean }> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenInvalid('The token is malformed (not a signed JWT)');
    }
    if (alg === 'HS256' && this.secret) {
      return { ...(await jwtVerify(token, this.secret, { algorithms: ['HS256'] })), fromProvider: false };
    }
    if (typeof alg === 'string' && JWKS_ALGORITHMS.includes(alg)) {
      if (!this.keySet) {
        throw new TokenInvalid(
          `${alg} tokens need an identity provider, and none is configured (AUTH_JWKS_URL); ` +
            `accepted: ${this.accepted.join(', ')}`,
        );
      }
      return { ...(await this.verifyWithKeySet(token, this.keySet)), fromProvider: true };
    }
    throw new TokenInvalid(
      `The token's algorithm ${typeof alg === 'string' ? alg : '(none)'} is not accepted; ` +
        `only ${this.accepted.join(', ')} tokens are`,
    );
  }

  private async verifyWithKeySet(token: string, keySet: JWTVerifyGetKey): Promise<JWTVerifyResult> {
    const options: JWTVerifyOptions = { algorithms: JWKS_ALGORITHMS, ...this.providerChecks };
    try {
      return await jwtVerify(token, keySet, options);
    } catch (error) {
      // A token without a kid, and several keys of its type in the set: try each (jose's documented way).
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      for await (const key of error) {
        try {
          return await jwtVerify(token, key, options);
        } catch (inner) {
          if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
        }
      }
      throw new errors.JWSSignatureVerificationFailed();
    }
  }

  /** The error a failed verification becomes: TokenInvalid (401) saying why, or 503 when the keys are out of reach. */
  private explain(error: unknown): Error {
    if (error instanceof TokenInvalid) return error;
    if (error instanceof errors.JWTExpired) return new TokenInvalid('The token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) return new TokenInvalid(claimProblem(error));
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return new TokenInvalid(
        `The token's algorithm is not accepted; only ${this.accepted.join(', ')} tokens are`,
      );
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      return new TokenInvalid(
        "No key of the identity provider's key set matches the token (its kid and alg)",
      );
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return new TokenInvalid('The token signature does not verify');
    }
    if (error instanceof KeysUnavailable) {
      const cause =
        error.cause instanceof Error && error.cause.cause instanceof Error ? error.cause.cause : undefined;
      this.logger.warn(
        `The identity provider's key set (AUTH_JWKS_URL) could not be fetched: ${error.message}` +
          (cause ? ` (${cause.message})` : ''),
      );
      return new ServiceUnavailableException(
        "The identity provider's signing keys could not be fetched; try again later",
      );
    }
    return new TokenInvalid('The token is malformed or its signature does not verify');
  }
}

function claimProblem(error: InstanceType<typeof errors.JWTClaimValidationFailed>): string {
  const missing = error.reason === 'missing';
  if (error.claim === 'iss') {
    return `The token issuer (iss) ${missing ? 'is missing' : 'is not the one accepted'} (AUTH_ISSUER)`;
  }
  if (error.claim === 'aud') {
    return `The token audience (aud) ${missing ? 'is missing' : 'is not one accepted'} (AUTH_AUDIENCE)`;
  }
  if (missing) return `The token has no ${error.claim} claim, which is required`;
  if (error.claim === 'nbf') return 'The token is not valid yet (nbf)';
  return `Token claim invalid: ${error.message}`;
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
