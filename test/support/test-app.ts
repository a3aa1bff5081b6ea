import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { claims, signJwt } from './jwt';
import { createTestStore, type TestStore } from './test-store';

export const TEST_SECRET = 'test-secret-for-wenze-e2e-0123456789abcdef';

const ROOT = resolve(__dirname, '..', '..');
const SERVER = join(__dirname, 'serve-app.ts');
/** `node -r TS_REGISTER file.ts`: the children's TypeScript, compiled once per run (see ts-register.js). */
export const TS_REGISTER = join(__dirname, 'ts-register.js');
const LISTENING = /WENZE_TEST_LISTENING (\d+)/;
// A machine shared by many test runs may need longer (WENZE_TEST_START_TIMEOUT_MS).
const START_TIMEOUT_MS = Number(process.env.WENZE_TEST_START_TIMEOUT_MS) || 45_000;

export interface TestApp {
  baseUrl: string;
  /** The SQLite file ('' on PostgreSQL); use `store` to reach either directly. */
  dbPath: string;
  store: TestStore;
  /** The service's process; its stderr is kept in `logs()`. */
  process: ChildProcess;
  logs(): string;
  /** What the service printed on stdout (its JSON log lines), the last 200,000 characters. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts the real service on 127.0.0.1 with a random port and its own SQLite file
 * (or DATABASE_URL's PostgreSQL when set), with the given extra environment.
 *
 * The service runs in a child Node process (TypeScript transpiled as by ts-node's transpile-only,
 * cached: ts-register.js), not inside Jest: NestJS 12
 * and jose are ESM-only packages, which Node >= 20.19 can require() natively but Jest's CommonJS
 * module runtime cannot (it needs Node >= 24.9 for that). A separate process is also the honest
 * setup for end-to-end tests: real HTTP, real SQLite file, nothing shared with the test process.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { store?: TestStore } = {},
): Promise<TestApp> {
  // A store passed in is shared with other processes and belongs to the caller: it is not dropped here.
  const shared = options.store;
  const store = shared ?? (await createTestStore());
  const dropStore = () => (shared ? Promise.resolve() : store.drop());
  const dbPath = store.path ?? '';
  const child = spawn(process.execPath, ['-r', TS_REGISTER, SERVER], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Specs refuse many tokens from one address on purpose; abuse.e2e-spec sets its own limit.
      AUTH_FAILURE_LIMIT: '1000000',
      ...store.env,
      // Its own BullMQ keys, so apps of parallel spec files never take each other's deadline jobs.
      QUEUE_PREFIX: `wenze-test-${randomUUID().slice(0, 8)}`,
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  let stdout = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    const port = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`the test app did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout = (stdout + chunk).slice(-200_000);
        const match = LISTENING.exec(stdout);
        if (match) {
          clearTimeout(timer);
          ok(Number(match[1]));
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`the test app exited with code ${code} before listening`));
      });
    });
    let closed: Promise<void> | undefined;
    return {
      baseUrl: `http://127.0.0.1:${port}/api/v1`,
      dbPath,
      store,
      process: child,
      logs: () => stderr,
      output: () => stdout,
      close: () =>
        (closed ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.stdin!.end();
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(killer);
          }
          await dropStore();
        })()),
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await dropStore();
    throw new Error(`${(error as Error).message}\n--- stderr ---\n${stderr}`, { cause: error });
  }
}

/** A signed HS256 token for the test secret, like `npm run token` prints. */
export async function token(sub: string, roles: string[], expiresInSeconds = 3600): Promise<string> {
  return signJwt(claims(sub, roles, expiresInSeconds), TEST_SECRET);
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client bound to one user's token. */
export class Client {
  constructor(
    private readonly baseUrl: string,
    private readonly bearer?: string,
  ) {}

  static async as(baseUrl: string, sub: string, roles: string[]): Promise<Client> {
    return new Client(baseUrl, await token(sub, roles));
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  send<T = Record<string, unknown>>(
    caseId: string,
    type: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) {
    return this.post<T>(
      `/cases/${caseId}/events`,
      payload === undefined ? { type } : { type, payload },
      headers,
    );
  }
}
