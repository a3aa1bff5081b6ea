/*
 * Writes the service's OpenAPI document to web/src/api/openapi.json (or the path given), without
 * listening on a port: the app is built as the server builds it and the document taken from it.
 * Run with `npm run openapi`; then `npm run openapi:types` regenerates web/src/api/schema.d.ts.
 * test/openapi.e2e-spec.ts fails when the served document differs from the committed one.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { createApp, openApiDocument } from '../src/http/app.factory';

const OUT = resolve(__dirname, '..', 'web', 'src', 'api', 'openapi.json');

async function main(): Promise<void> {
  const out = process.argv[2] ? resolve(process.argv[2]) : OUT;
  // A throwaway SQLite file: the document does not depend on the data, only on the routes.
  const dir = mkdtempSync(join(tmpdir(), 'wenze-openapi-'));
  process.env.DATABASE_PATH = join(dir, 'openapi.sqlite');
  delete process.env.DATABASE_URL;
  process.env.LOG_LEVEL = 'silent';
  const app = await createApp({ logger: false });
  try {
    const document = openApiDocument(app);
    const options = await resolveConfig(out);
    const text = await format(JSON.stringify(document), { ...options, filepath: out });
    writeFileSync(out, text);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
