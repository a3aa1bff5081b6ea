import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from './app.config';
import { checkAuth, checkOverrides, DEV_SECRET, stripEmpty } from './config.checks';

/** The settings from the environment, or an error listing every problem: a bad config fails loudly at start. */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, stripEmpty(env), { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (!/^rediss?:\/\//.test(config.REDIS_URL)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  // The demo sign-in of the web UI is off in production unless explicitly turned on.
  if (config.NODE_ENV === 'production' && (env.AUTH_DEV_LOGIN ?? '') === '') config.AUTH_DEV_LOGIN = false;
  problems.push(...checkAuth(config));
  if (config.NODE_ENV === 'production' && config.AUTH_ACCEPT_HS256 && config.AUTH_JWT_SECRET === DEV_SECRET) {
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
