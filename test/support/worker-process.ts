import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TEST_SECRET, TS_REGISTER } from './test-app';

const ROOT = resolve(__dirname, '..', '..');
const SERVER = join(__dirname, 'serve-worker.ts');
const READY = /WENZE_TEST_WORKER_READY (\d+)/;
// A machine shared by many test runs may need longer (WENZE_TEST_START_TIMEOUT_MS).
const START_TIMEOUT_MS = Number(process.env.WENZE_TEST_START_TIMEOUT_MS) || 45_000;

export interface WorkerProcess {
  process: ChildProcess;
  /** The worker's stdout and stderr (its warnings and errors), the last 20 000 characters. */
  logs(): string;
  /** Kills it hard (a crash): no shutdown hooks run, BullMQ gets no chance to clean up. */
  kill(): Promise<void>;
  /** Stops it cleanly (stdin closed, then SIGKILL after 10 s); safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts a deadline worker (createWorker, role worker) in a child Node process. The caller passes
 * the shared store and queue explicitly: DATABASE_PATH (or DATABASE_URL), QUEUE_PREFIX, REDIS_URL.
 */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  for (const required of ['QUEUE_PREFIX']) {
    if (!env[required]) throw new Error(`startWorker needs ${required} (the queue it shares with the API)`);
  }
  if (!env.DATABASE_PATH && !env.DATABASE_URL)
    throw new Error('startWorker needs DATABASE_PATH or DATABASE_URL');
  const child = spawn(process.execPath, ['-r', TS_REGISTER, SERVER], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: TEST_SECRET,
      WENZE_ROLE: 'worker',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stderr!.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`the test worker did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      let stdout = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        keep(chunk);
        stdout += chunk;
        if (READY.test(stdout)) {
          clearTimeout(timer);
          ok();
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        fail(new Error(`the test worker exited (${child.exitCode ?? child.signalCode}) before it was ready`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`, { cause: error });
  }
  let closed: Promise<void> | undefined;
  return {
    process: child,
    logs: () => output,
    kill: async () => {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    close: () =>
      (closed ??= (async () => {
        if (alive()) {
          child.stdin!.end();
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        }
      })()),
  };
}
