/** The settings the identity checks look at (a part of AppConfig; not imported, to keep the two files apart). */
interface AuthSettings {
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  AUTH_ACCEPT_HS256: boolean;
  AUTH_DEV_LOGIN: boolean;
}

export function checkAuth(config: AuthSettings): string[] {
  const problems: string[] = [];
  if (config.AUTH_JWKS_URL !== undefined && !isHttpUrl(config.AUTH_JWKS_URL)) {
    problems.push(
      "AUTH_JWKS_URL must be an http:// or https:// URL (the identity provider's JSON Web Key Set)",
    );
  }
  if (
    config.AUTH_JWKS_URL === undefined &&
    (config.AUTH_ISSUER !== undefined || config.AUTH_AUDIENCE !== undefined)
  ) {
    problems.push(
      "AUTH_ISSUER and AUTH_AUDIENCE apply to the identity provider's tokens: set AUTH_JWKS_URL too",
    );
  }
  if (config.AUTH_AUDIENCE !== undefined && audiences(config.AUTH_AUDIENCE).length === 0) {
    problems.push('AUTH_AUDIENCE must name at least one audience (comma-separated)');
  }
  if (!config.AUTH_ACCEPT_HS256 && config.AUTH_JWKS_URL === undefined) {
    problems.push('AUTH_ACCEPT_HS256=false needs AUTH_JWKS_URL: otherwise no token could be verified');
  }
  if (!config.AUTH_ACCEPT_HS256 && config.AUTH_DEV_LOGIN) {
    problems.push(
      'AUTH_DEV_LOGIN needs AUTH_ACCEPT_HS256 (the demo sign-in issues HS256 tokens): turn one of them off',
    );
  }
  return problems;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** AUTH_AUDIENCE's comma-separated audiences. */
export function audiences(raw: string): string[] {
  return raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

export function stripEmpty(env: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '' && v !== undefined));
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(\d+WD)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export function isDuration(value: unknown): value is string {
  return typeof value === 'string' && ISO_DURATION.test(value);
}

export function checkOverrides(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [
      'DEADLINE_OVERRIDES must be a JSON object, mapping a deadline kind or delay name to a duration, e.g. {"<kind>":"PT5S"}',
    ];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return [
      'DEADLINE_OVERRIDES must be a JSON object, mapping a deadline kind or delay name to a duration, e.g. {"<kind>":"PT5S"}',
    ];
  }
  return Object.entries(parsed)
    .filter(([, v]) => !isDuration(v))
    .map(
      ([k, v]) =>
        `DEADLINE_OVERRIDES.${k}: ${JSON.stringify(v)} is not an ISO 8601 duration (P3M, P15D, PT5S, P15WD)`,
    );
}

export function parseOverrides(raw: string | undefined): Record<string, string> {
  return raw ? (JSON.parse(raw) as Record<string, string>) : {};
}

/** The built-in development secret (public: refused in production). */
export const DEV_SECRET = 'wenze-development-secret-change-me-0123456789';
