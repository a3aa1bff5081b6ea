import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApp, createWorker } from './http/app.factory';
import { validateConfig } from './config/config.validate';

async function bootstrap(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' } }, strict: true });
  if (values.role) process.env.WENZE_ROLE = values.role;
  const config = validateConfig(process.env);
  if (config.WENZE_ROLE === 'worker') {
    await createWorker();
    process.stdout.write(`Wenze deadline worker started (Redis ${redactUrl(config.REDIS_URL)})\n`);
    return;
  }
  const app = await createApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const store = config.DATABASE_URL
    ? `PostgreSQL ${redactUrl(config.DATABASE_URL)}`
    : `SQLite ${config.DATABASE_PATH}`;
  process.stdout.write(
    `Wenze (${config.WENZE_ROLE}) is listening on ${url}\n` +
      `  API ${url}/api/v1   docs ${url}/api/docs   health ${url}/api/v1/health\n` +
      `  store: ${store}   deadlines: Redis ${redactUrl(config.REDIS_URL)}\n`,
  );
}

function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Wenze could not start: ${error.message}\n`);
  process.exit(1);
});
