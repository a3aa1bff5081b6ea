/*
 * Runs the real service for the end-to-end tests, in its own Node process (see test-app.ts for why).
 * Configuration comes from the environment; prints "WENZE_TEST_LISTENING <port>" once it listens,
 * and shuts down cleanly on SIGTERM or when the parent closes stdin (so it never outlives the tests).
 */
import 'reflect-metadata';
import { createApp } from '../../src/http/app.factory';
import { Jurisdiction } from '../../src/engine/units/jurisdiction';
import { TEST_SUB_UNIT, TEST_UNIT } from './jwt';
import { stopWithParent } from './stop-with-parent';

const LISTENING = 'WENZE_TEST_LISTENING'; // test-app.ts waits for this line

async function main(): Promise<void> {
  // Logs as in production: pino JSON on stdout, at LOG_LEVEL (warn in the tests).
  const app = await createApp();
  // The units of the test users (test/support/jwt.ts): every test app has them.
  await app.get(Jurisdiction).ensure([
    { code: TEST_UNIT, name: 'Test unit' },
    { code: TEST_SUB_UNIT, name: 'Test sub-unit', parentCode: TEST_UNIT },
  ]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  stopWithParent(app);
  process.stdout.write(`${LISTENING} ${port}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`the test app could not start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
