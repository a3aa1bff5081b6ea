import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

const START_TIMEOUT_MS = 10_000;

export interface RedisServer {
  port: number;
  url: string;
  process(): ChildProcess | undefined;
  /** Starts it (again) on the same port; a restarted server is empty (no persistence). */
  start(): Promise<void>;
  /** Stops it (SIGTERM, SIGKILL after 5 s) and waits until the port is closed. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, as the kernel hands them out. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

/**
 * A private redis-server (no RDB, no AOF) on its own port, for tests that take Redis away.
 * Call `start()` first and `stop()` in afterAll.
 */
export async function redisServer(port?: number): Promise<RedisServer> {
  const p = port ?? (await freePort());
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const server: RedisServer = {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    process: () => child,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      output = '';
      child = spawn(
        'redis-server',
        ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const c = child;
      c.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-5000)));
      c.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-5000)));
      exited = new Promise((done) => c.once('exit', () => done()));
      const deadline = Date.now() + START_TIMEOUT_MS;
      while (!(await answersPing(p))) {
        if (c.exitCode !== null || Date.now() > deadline) {
          c.kill('SIGKILL');
          await exited;
          throw new Error(`redis-server did not start on port ${p}:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGTERM');
      const killer = setTimeout(() => c.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
  return server;
}
