import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const DEV_SECRET = 'wenze-development-secret-change-me-0123456789';

const toBool = ({ value }: { value: unknown }) => (typeof value === 'string' ? value === 'true' : value);

/** Every setting Wenze reads from the environment, validated at start. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** SQLite file (the embedded default), used when DATABASE_URL is not set. */
  @IsString()
  DATABASE_PATH = './data/wenze.sqlite';

  /** postgres://… to run on PostgreSQL instead of SQLite. */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (HS256 key)' })
  AUTH_JWT_SECRET = DEV_SECRET;

  @Transform(toBool)
  @IsBoolean()
  AUTH_DEV_LOGIN = true;

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** JSON object of ISO 8601 durations by deadline kind, e.g. {"appealWindow":"PT5S"}. */
  @IsOptional()
  @IsString()
  DEADLINE_OVERRIDES?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** A client has this long to send a whole request, headers and body (slow senders are cut off). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  REQUEST_TIMEOUT_MS = 30_000;

  /** An idle kept-alive connection is closed after this long. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  KEEP_ALIVE_TIMEOUT_MS = 72_000;

  /** all: API and deadline worker in one process; api or worker: either alone, for scale-out. */
  @IsIn(['all', 'api', 'worker'])
  WENZE_ROLE: 'all' | 'api' | 'worker' = 'all';

  /** Local adjustments to the holiday calendar (see config/calendar.json). */
  @IsString()
  CALENDAR_FILE = './config/calendar.json';

  /** Prefix of the BullMQ keys in Redis; lets several deployments (or test runs) share one Redis. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'wenze';

  /** How often the worker re-enqueues pending deadlines that have no job (lost jobs, Redis outages). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DEADLINE_SWEEP_MS = 30_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  DEADLINE_CONCURRENCY = 8;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Ed25519 private key (PEM) that signs dossiers; or DOSSIER_SIGNING_KEY_FILE, a path to one. */
  @IsOptional()
  @IsString()
  DOSSIER_SIGNING_KEY?: string;

  @IsOptional()
  @IsString()
  DOSSIER_SIGNING_KEY_FILE?: string;

  /**
   * true: answers carry a Server-Timing header (auth, validate, queue, tx, view, total, in ms) — for
   * load tests and diagnosis; off by default, as it tells clients about the server's internals.
   */
  @Transform(toBool)
  @IsBoolean()
  SERVER_TIMING = false;

  /**
   * true: the service is behind a reverse proxy, and the client address is taken from X-Forwarded-For
   * (for the rate limit of requests without a token, and for the logs).
   */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Requests per minute per user (token subject), or per client address for requests without a token. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;
}

export function validateConfig(env: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, stripEmpty(env), { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (!/^rediss?:\/\//.test(config.REDIS_URL)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  // The demo sign-in of the web UI is off in production unless explicitly turned on.
  if (config.NODE_ENV === 'production' && (env.AUTH_DEV_LOGIN ?? '') === '') config.AUTH_DEV_LOGIN = false;
  if (config.NODE_ENV === 'production' && config.AUTH_JWT_SECRET === DEV_SECRET) {
    problems.push('AUTH_JWT_SECRET must be set in production (the built-in development secret is public)');
  }
  if (config.NODE_ENV === 'production' && !config.DOSSIER_SIGNING_KEY && !config.DOSSIER_SIGNING_KEY_FILE) {
    problems.push('DOSSIER_SIGNING_KEY or DOSSIER_SIGNING_KEY_FILE must be set in production');
  }
  problems.push(...checkOverrides(config.DEADLINE_OVERRIDES));
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

function stripEmpty(env: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '' && v !== undefined));
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(\d+WD)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export function isDuration(value: unknown): value is string {
  return typeof value === 'string' && ISO_DURATION.test(value);
}

function checkOverrides(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return ['DEADLINE_OVERRIDES must be a JSON object, e.g. {"appealWindow":"PT5S"}'];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return ['DEADLINE_OVERRIDES must be a JSON object, e.g. {"appealWindow":"PT5S"}'];
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
