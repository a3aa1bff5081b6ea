/*
 * A client that sends its request slowly (slowloris) is cut off after REQUEST_TIMEOUT_MS, and an
 * idle kept-alive connection after KEEP_ALIVE_TIMEOUT_MS; answers under /api/v1 are never cached.
 */
import { connect, type Socket } from 'node:net';
import { openCase, users } from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Resolves with how long the server took to end the connection (ms) and what it sent, if anything.
 * A reset (ECONNRESET, when the server destroys the socket while the client still writes) is one way
 * of being cut off, so socket errors are noted rather than thrown.
 */
function whenClosed(socket: Socket): Promise<{ ms: number; data: string; error?: string }> {
  const started = Date.now();
  let data = '';
  let error: string | undefined;
  socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  return new Promise((resolve) =>
    socket.once('close', () => resolve({ ms: Date.now() - started, data, error })),
  );
}

describe('slow and idle clients', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await startTestApp({ REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '1500' });
    port = Number(new URL(app.baseUrl).port);
  }, 60_000);

  afterAll(() => app?.close());

  it('cuts off a request whose headers trickle in (slowloris) after REQUEST_TIMEOUT_MS', async () => {
    const socket = connect(port, '127.0.0.1');
    const closed = whenClosed(socket);
    socket.write('GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => socket.writable && socket.write(`X-Slow-${Date.now()}: 1\r\n`), 300);
    const { ms, data, error } = await closed;
    clearInterval(drip);
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(ms).toBeLessThan(10_000);
    // Cut off with a 408, or reset while the client was still writing — never by anything else.
    if (data) expect(data).toMatch(/^HTTP\/1\.1 408/);
    if (error) expect(error).toBe('ECONNRESET');
  });

  it('closes an idle kept-alive connection after KEEP_ALIVE_TIMEOUT_MS', async () => {
    const socket = connect(port, '127.0.0.1');
    const closed = whenClosed(socket);
    socket.write('GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const { ms, data } = await closed;
    expect(data).toMatch(/^HTTP\/1\.1 200/);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(10_000);
  });

  it('marks answers under /api/v1 as not to be stored by any cache', async () => {
    const u = await users(app.baseUrl);
    const c = await openCase(u);
    const reply = await u.officer.get(`/cases/${c.id}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });
});
