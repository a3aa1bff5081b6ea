import 'reflect-metadata';
import { createApp } from './app.factory';
import { validateConfig } from './config/app.config';

async function bootstrap(): Promise<void> {
  const config = validateConfig(process.env);
  const app = await createApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const store = config.DATABASE_URL ? 'PostgreSQL' : `SQLite ${config.DATABASE_PATH}`;
  process.stdout.write(`Wenze is listening on ${url} (API ${url}/api/v1, docs ${url}/api/docs; store: ${store})\n`);
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`Wenze could not start: ${error.message}\n`);
  process.exit(1);
});
