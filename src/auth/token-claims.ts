/*
 * What a verified token's claims mean to Wenze: who the caller is (sub, name, roles, unit, read from
 * configurable claim names) and whether the token's lifetime is acceptable. Plain functions without
 * the JWT library, so that they can be unit-tested in Jest (jose is ESM-only).
 */
import type { Actor } from '../engine/actor';
import { textProblem } from '../http/forbidden-text';

/**
 * Subjects the engine itself acts as (system:deadline, system:linked-case): a token naming one would
 * sign the audit trail as the timer or a linked case. Compared without case and surrounding spaces.
 */
const RESERVED_SUB = /^\s*system:/i;

/** A token Wenze refuses; the message says why and is sent to the client (401). */
export class TokenInvalid extends Error {}

/** Where the caller's details are in the token (AUTH_NAME_CLAIM, AUTH_ROLES_CLAIM, AUTH_UNIT_CLAIM). */
export interface ClaimNames {
  name: string;
  roles: string;
  unit: string;
}

export const DEFAULT_CLAIMS: ClaimNames = { name: 'name', roles: 'roles', unit: 'unit' };

/**
 * The claim `name` of `payload`: the top-level member of that exact name when there is one (so that
 * namespaced claims such as `https://example.org/roles` work), else the dotted path into nested
 * objects (`realm_access.roles`, as Keycloak issues). Only own members are read.
 */
export function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The caller from verified claims; roles the catalogue does not declare are dropped. */
export function toActor(
  payload: Record<string, unknown>,
  known: ReadonlySet<string>,
  names: ClaimNames = DEFAULT_CLAIMS,
): Actor {
  const { sub } = payload;
  if (typeof sub !== 'string' || !sub) throw new TokenInvalid('The token has no subject (sub)');
  // The history's actor column holds 200 characters.
  if (sub.length > 200) throw new TokenInvalid('The token subject (sub) is longer than 200 characters');
  if (RESERVED_SUB.test(sub)) {
    throw new TokenInvalid(
      "The token subject (sub) is reserved: names beginning with system: are the service's own actors",
    );
  }
  const subProblem = textProblem('The token subject (sub)', sub);
  if (subProblem) throw new TokenInvalid(subProblem);
  const roles = claimAt(payload, names.roles);
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
    throw new TokenInvalid(`The token has no roles claim (${names.roles}, an array of strings)`);
  }
  const unit = claimAt(payload, names.unit);
  if (unit !== undefined && (typeof unit !== 'string' || unit.length === 0 || unit.length > 64)) {
    throw new TokenInvalid(`The token unit claim (${names.unit}) must be a unit code (1 to 64 characters)`);
  }
  return {
    sub,
    name: displayName(payload, names.name) ?? sub,
    roles: roles.filter((r) => known.has(r)),
    ...(unit === undefined ? {} : { unit }),
  };
}

/** The configured name claim, else preferred_username (OpenID Connect); undefined when neither is a usable string. */
function displayName(payload: Record<string, unknown>, claim: string): string | undefined {
  for (const candidate of [claimAt(payload, claim), payload.preferred_username]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate;
  }
  return undefined;
}

/**
 * Refuses a token without an expiry, or one that is valid for longer than `maxAgeSeconds`
 * (AUTH_MAX_TOKEN_AGE): counted from its iat, or from now when it has none or its iat lies in the
 * future — a far-future iat does not stretch the window. (jose has already checked that exp and iat,
 * when present, are numbers and that exp has not passed.)
 */
export function checkLifetime(
  payload: Record<string, unknown>,
  maxAgeSeconds: number,
  nowSeconds: number,
): void {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new TokenInvalid('The token has no expiry (exp)');
  const fromIat = typeof iat === 'number' && iat <= nowSeconds;
  const from = fromIat ? iat : nowSeconds;
  if (exp - from > maxAgeSeconds) {
    throw new TokenInvalid(
      `The token is valid for too long: ${Math.round(exp - from)} s from ${fromIat ? 'its iat' : 'now'}, ` +
        `at most ${maxAgeSeconds} s are accepted (AUTH_MAX_TOKEN_AGE)`,
    );
  }
}
