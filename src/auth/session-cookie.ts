import type { FastifyRequest } from 'fastify';
import { crossSiteRefusal, readCookie } from '../deadlines/queue-board-cookie';

/**
 * The workbench's session cookie: set by the service at sign-in (POST /auth/session with the bearer
 * token), HttpOnly so page script never reads it, SameSite=Strict so no other site's page sends it,
 * Secure over TLS, only under the API's path. A tab opened from a signed-in one (a deep link, a new
 * tab) reaches the API with it and needs no sign-in of its own.
 */
export const SESSION_COOKIE = 'wenze_session';

/** The path the cookie is sent to: the API only (not the static workbench files). */
export const SESSION_COOKIE_PATH = '/api/v1';

/** The longest a session cookie lives, whatever the token's own expiry. */
export const SESSION_COOKIE_MAX_AGE_S = 12 * 60 * 60;

/** The Set-Cookie value that hands `token` to later requests for `maxAgeSeconds` (0 clears it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    `Path=${SESSION_COOKIE_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** How long a session cookie for a token expiring at `exp` (seconds since the epoch, if any) may live. */
export function sessionCookieMaxAge(exp: number | undefined, nowMs: number): number {
  if (exp === undefined) return SESSION_COOKIE_MAX_AGE_S;
  return Math.max(0, Math.min(SESSION_COOKIE_MAX_AGE_S, Math.floor(exp - nowMs / 1000)));
}

/** The token the request's session cookie carries, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const raw = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Why a request authenticated by the session cookie may not change anything (CSRF), or null when it
 * may. Besides SameSite=Strict (browsers do not send the cookie from another site's page), a write
 * must come from the service's own origin (its Origin header or, lacking it, its Referer) and carry
 * the workbench's header `X-Wenze-Client` — which a cross-site form or image cannot send, and a
 * cross-site script could only send after a CORS preflight the service does not grant.
 */
export function cookieWriteRefusal(request: FastifyRequest): string | null {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return null;
  const site = crossSiteRefusal(
    request,
    'A change signed in by the session cookie',
    'The service, for a session signed in by cookie,',
  );
  if (site) return site;
  if (!request.headers['x-wenze-client']) {
    return 'A change signed in by the session cookie must carry the X-Wenze-Client header (or send Authorization: Bearer)';
  }
  return null;
}
