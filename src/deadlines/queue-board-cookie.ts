import type { FastifyRequest } from 'fastify';

/** Bull Board's page and its API. */
export const QUEUE_BOARD_ROUTE = '/admin/queues';

/** The cookie that carries a board user's token to the board: set by the service, never by page script. */
export const QUEUE_BOARD_COOKIE = 'wenze_board';

/** The longest a board cookie lives, whatever the token's own expiry. */
export const QUEUE_BOARD_COOKIE_MAX_AGE_S = 8 * 60 * 60;

/** What the workbench wrote by page script before the service set the cookie: cleared wherever it remains. */
const LEGACY_COOKIE = 'wenze_token=; Path=/admin; Max-Age=0; SameSite=Strict';

/**
 * The value of cookie `name` in a Cookie header, undecoded (RFC 6265: `name=value` pairs separated
 * by `; `, the value optionally in double quotes); undefined when absent.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}

/** Whether the client reached the service over TLS (X-Forwarded-Proto counts only with TRUST_PROXY). */
export function overTls(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * The Set-Cookie values that hand `token` to the board for `maxAgeSeconds` (0 clears it): HttpOnly,
 * so page script never sees it; SameSite=Strict and only under the board's path; Secure over TLS.
 * The workbench's old script-written cookie is cleared alongside.
 */
export function boardCookies(token: string, maxAgeSeconds: number, secure: boolean): string[] {
  const attributes = [
    `${QUEUE_BOARD_COOKIE}=${encodeURIComponent(token)}`,
    `Path=${QUEUE_BOARD_ROUTE}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ];
  return [attributes.join('; '), LEGACY_COOKIE];
}

/** How long a board cookie for a token expiring at `exp` (seconds since the epoch, if any) may live. */
export function boardCookieMaxAge(exp: number | undefined, nowMs: number): number {
  if (exp === undefined) return QUEUE_BOARD_COOKIE_MAX_AGE_S;
  return Math.max(0, Math.min(QUEUE_BOARD_COOKIE_MAX_AGE_S, Math.floor(exp - nowMs / 1000)));
}

const UNSAFE_EXEMPT = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request authenticated by cookie may not change anything, or null when it may: a method other
 * than GET/HEAD/OPTIONS must come from the service's own origin, by its Origin header or, lacking it,
 * its Referer. The origin's host is compared with the host the client addressed (Host, or
 * X-Forwarded-Host behind a trusted proxy), default ports aside.
 */
export function crossSiteRefusal(
  request: FastifyRequest,
  what = 'A change on the queue board',
  who = 'The queue board',
): string | null {
  if (UNSAFE_EXEMPT.has(request.method)) return null;
  const own = normaliseHost(request.host);
  const origin = request.headers.origin;
  const source = origin ?? request.headers.referer;
  if (!source) {
    return `${what} must say where it comes from (an Origin or Referer header)`;
  }
  let host: string | undefined;
  try {
    host = normaliseHost(new URL(source).host);
  } catch {
    host = undefined; // `Origin: null` and other opaque or malformed values
  }
  if (!host || !own || host !== own) {
    return `${who} refuses changes sent from another site (${origin ? 'Origin' : 'Referer'} ${source.slice(0, 200)})`;
  }
  return null;
}

function normaliseHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/:(80|443)$/, '');
}
