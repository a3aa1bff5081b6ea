/*
 * JSON Web Tokens for the tests, built by hand with node:crypto: the tests must be able to craft
 * tokens the service has to refuse (wrong key, expired, `alg: none`, missing claims), and they do
 * not share the service's JWT library (jose is ESM-only and cannot load in Jest's CommonJS runtime).
 */
import { createHmac } from 'node:crypto';

export function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function encodeJson(value: unknown): string {
  return base64url(JSON.stringify(value));
}

/** header.payload.signature, HMAC-signed with `secret` using the header's alg (HS256 by default). */
export function signJwt(
  claims: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[String(header.alg)];
  if (!digest) throw new Error(`signJwt signs HS256/384/512 only, not ${String(header.alg)}`);
  const input = `${encodeJson(header)}.${encodeJson(claims)}`;
  return `${input}.${createHmac(digest, secret).update(input).digest('base64url')}`;
}

/** An unsigned token: {"alg":"none"} header, the claims, and an empty signature. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(claims)}.`;
}

/** Seconds since the epoch, `offset` seconds from now. */
export function epoch(offset = 0): number {
  return Math.floor(Date.now() / 1000) + offset;
}

/** The unit every test app has (see serve-app.ts), and the test users' unit unless a test names another. */
export const TEST_UNIT = 'test';
/** A unit below TEST_UNIT, also in every test app: where the samples transfer cases to. */
export const TEST_SUB_UNIT = 'test-sub';

/** The claims the service expects: sub, name, roles, unit, iat, exp; `unit: null` leaves the claim out. */
export function claims(
  sub: string,
  roles: string[],
  expiresInSeconds = 3600,
  unit: string | null = TEST_UNIT,
): Record<string, unknown> {
  return {
    sub,
    name: sub,
    roles,
    ...(unit === null ? {} : { unit }),
    iat: epoch(),
    exp: epoch(expiresInSeconds),
  };
}
