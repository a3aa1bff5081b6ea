/*
 * Runs the real service for the end-to-end tests, in its own Node process (see test-app.ts for why).
 * Configuration comes from the environment; prints "WENZE_TEST_LISTENING <port>" once it listens,
 * and shuts down cleanly on SIGTERM or when the parent closes stdin (so it never outlives the tests).
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';

const LISTENING = 'WENZE_TEST_LISTENING'; // test-app.ts waits for this line

async function main(): Promise<void> {
  const app = await createApp({ logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`close failed: ${error.stack ?? error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${LISTENING} ${port}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`the test app could not start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
