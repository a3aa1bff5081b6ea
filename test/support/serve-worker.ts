/*
 * Runs a deadline worker (role worker, no HTTP server) for the end-to-end tests, in its own Node
 * process. Configuration comes from the environment; prints "WENZE_TEST_WORKER_READY <pid>" once the
 * application context is initialised (the BullMQ worker and the sweeper have started), and shuts down
 * cleanly on SIGTERM or when the parent closes stdin. SIGKILL is how the tests simulate a crash.
 */
import 'reflect-metadata';
import { createWorker } from '../../src/http/app.factory';
import { stopWithParent } from './stop-with-parent';

const READY = 'WENZE_TEST_WORKER_READY'; // worker-process.ts waits for this line

async function main(): Promise<void> {
  const app = await createWorker({ logger: ['error', 'warn'] });
  stopWithParent(app);
  process.stdout.write(`${READY} ${process.pid}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`the test worker could not start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
