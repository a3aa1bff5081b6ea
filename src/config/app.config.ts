import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { DEV_SECRET } from './config.checks';
import { StoreConfig } from './store.config';

/** Where Redis is when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const toBool = ({ value }: { value: unknown }) => (typeof value === 'string' ? value === 'true' : value);

/** Every setting Wenze reads from the environment, validated at start (the store's: StoreConfig). */
export class AppConfig extends StoreConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (HS256 key)' })
  AUTH_JWT_SECRET = DEV_SECRET;

  @Transform(toBool)
  @IsBoolean()
  AUTH_DEV_LOGIN = true;

  /**
   * true: HS256 tokens signed with AUTH_JWT_SECRET are accepted (what `npm run token` and the demo
   * sign-in issue). false: only tokens of the identity provider (AUTH_JWKS_URL).
   */
  @Transform(toBool)
  @IsBoolean()
  AUTH_ACCEPT_HS256 = true;

  /** The identity provider's JSON Web Key Set (http or https URL): RS256 and ES256 tokens are verified against it. */
  @IsOptional()
  @IsString()
  AUTH_JWKS_URL?: string;

  /** When set, tokens of the identity provider must carry this iss. */
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  /** When set, tokens of the identity provider must name one of these audiences (comma-separated) in aud. */
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /** Longest token lifetime accepted, in seconds (exp − iat, or exp − now without iat); every token needs an exp. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60, { message: 'AUTH_MAX_TOKEN_AGE must be at least 60 (seconds)' })
  AUTH_MAX_TOKEN_AGE = 86_400;

  /**
   * The claim of the identity provider's tokens holding the roles (an array of strings); a dotted path
   * reaches into objects, e.g. realm_access.roles. (HS256 tokens, Wenze's own, always use roles, name, unit.)
   */
  @IsString()
  @MinLength(1)
  AUTH_ROLES_CLAIM = 'roles';

  /** The claim of the identity provider's tokens holding the user's unit code (optional); a dotted path works too. */
  @IsString()
  @MinLength(1)
  AUTH_UNIT_CLAIM = 'unit';

  /** The claim of the identity provider's tokens holding the display name; preferred_username, then sub, when missing. */
  @IsString()
  @MinLength(1)
  AUTH_NAME_CLAIM = 'name';

  /** The key set is fetched again after this long (ms), so that keys the provider removed stop verifying. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  AUTH_JWKS_CACHE_MAX_AGE_MS = 600_000;

  /**
   * A token naming a key (kid) the cached set lacks makes the key set be fetched again (key rotation),
   * but at most once per this many ms, so that made-up kids cannot flood the identity provider.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  AUTH_JWKS_COOLDOWN_MS = 30_000;

  /**
   * Failed authentications (no token, or a token refused) one client address may have in
   * AUTH_FAILURE_WINDOW_SECONDS; beyond them its failures are answered 429 with Retry-After.
   */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'AUTH_FAILURE_LIMIT must be a whole number of failures (at least 1)' })
  @Min(1, { message: 'AUTH_FAILURE_LIMIT must be at least 1' })
  AUTH_FAILURE_LIMIT = 30;

  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'AUTH_FAILURE_WINDOW_SECONDS must be a whole number of seconds (1 to 86400)' })
  @Min(1, { message: 'AUTH_FAILURE_WINDOW_SECONDS must be at least 1' })
  @Max(86_400, { message: 'AUTH_FAILURE_WINDOW_SECONDS must be at most 86400 (a day)' })
  AUTH_FAILURE_WINDOW_SECONDS = 60;

  @IsString()
  REDIS_URL = DEFAULT_REDIS_URL;

  /** JSON object of ISO 8601 durations by deadline kind or delay name, e.g. {"<kind>":"PT5S"}. */
  @IsOptional()
  @IsString()
  DEADLINE_OVERRIDES?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** The most cases one export (GET /cases/export, 台账) holds; more matching cases: 400. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100_000)
  EXPORT_MAX_CASES = 10_000;

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

  /** How often the worker drains the change outbox and looks for time limits about to lapse (notices). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  NOTICE_SWEEP_MS = 30_000;

  /** A pending time limit this many working days ahead (or less) gets a 即将到期 notice; 0: none. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(30)
  NOTICE_DUE_SOON_WORKING_DAYS = 3;

  /**
   * Hosts webhooks may be registered for (comma-separated, exact host names or IP addresses). Unset:
   * any http(s) host — a deployment that lets admins register endpoints should set it (SSRF).
   */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** Attempts per webhook delivery (BullMQ), with exponential backoff from WEBHOOK_BACKOFF_MS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_ATTEMPTS = 8;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_MS = 10_000;

  /** An endpoint that does not answer within this long counts as a failed attempt. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 10_000;

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

  /** Where attached files and issued documents are kept, content-addressed (by SHA-256). */
  @IsString()
  FILES_DIR = './data/files';

  /** The largest file that may be attached to a case (bytes). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_073_741_824)
  ATTACHMENT_MAX_BYTES = 20_971_520;

  /**
   * A stored file no record references is removed by the file sweep once it is this old (seconds):
   * an upload in flight (stored, not yet committed) is never younger than its own grace.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  FILES_GRACE_SECONDS = 3600;

  /** How often the file sweep runs (seconds). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  FILES_SWEEP_SECONDS = 900;

  /**
   * A TrueType/OpenType font (.ttf, .otf, .ttc) with Chinese glyphs for the documents (文书) in PDF;
   * unset: the first of the Debian CJK fonts found (fonts-noto-cjk, fonts-arphic-*, fonts-wqy-*).
   */
  @IsOptional()
  @IsString()
  DOCUMENT_FONT?: string;

  /**
   * The deployment's language: the words the service itself writes into data, e.g. the titles of the
   * cases a workflow opens (a 倒查, a rectification of an assessment's problems). `zh` or `en`.
   */
  @IsIn(['zh', 'en'])
  LANGUAGE: 'zh' | 'en' = 'zh';
}

export { audiences, isDuration, parseOverrides } from './config.checks';
