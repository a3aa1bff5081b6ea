/**
 * The tests talk to a real Redis. When none answers on REDIS_URL, start a throwaway
 * redis-server on a free port for this run (and say so); without redis-server, stop with
 * a message that says how to get one.
 */
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');

function answers(url) {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await answers(url)) return;
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `No Redis answers on ${url} and redis-server is not installed: apt-get install redis-server, or set REDIS_URL`,
    );
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  globalThis.__WENZE_TEST_REDIS__ = child;
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(process.env.REDIS_URL)); i++)
    await new Promise((r) => setTimeout(r, 100));
  process.stdout.write(`\nNo Redis on ${url}: started one for the tests on ${process.env.REDIS_URL}\n`);
};
