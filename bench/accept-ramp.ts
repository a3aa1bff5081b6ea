/*
 * The seconds-long tail without Wenze: a plain Node HTTP server that spends WORK_MS of CPU on each
 * request (0.6 ms by default, about what the service spends), and autocannon opening 100 connections
 * at once, as the bench does at the start of every run. Prints the slowest answers (when their request
 * was written, how long before the server saw it) and the listening socket's accept queue (ss) every
 * 100 ms: established connections the server has not accepted yet.
 *
 *   node -r ts-node/register/transpile-only bench/accept-ramp.ts            (WORK_MS=0: no tail)
 */
import { execFileSync, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

const WORK_MS = Number(process.env.WORK_MS ?? 0.6);
const now = () => performance.timeOrigin + performance.now();

function serve(): void {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const t0 = performance.now();
      while (performance.now() - t0 < WORK_MS) {
        // busy: the CPU a request costs
      }
      res.setHeader('server-timing', `t0;dur=${(performance.timeOrigin + t0).toFixed(3)}`);
      res.end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
}

interface Sent {
  sentAt?: number;
}

function run(port: number, seconds: number, sample: boolean) {
  const start = now();
  const rows: { sentS: number; clientMs: number; beforeServerMs: number }[] = [];
  const queue: string[] = [];
  const timer = sample
    ? setInterval(() => {
        const line =
          execFileSync('ss', ['-ltn', `sport = :${port}`])
            .toString()
            .split('\n')[1] ?? '';
        queue.push(`${((now() - start) / 1000).toFixed(1)} s: ${line.trim().split(/\s+/)[1]}`);
      }, 100)
    : undefined;
  return new Promise<string>((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: 100,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            body: '{"a":1}',
            setupRequest: (req, context: Sent) => {
              context.sentAt = now();
              return req;
            },
            onResponse: (_status, _body, context: Sent, headers) => {
              const t0 = Number(String(headers?.['server-timing']).split('dur=')[1]);
              const sentAt = context.sentAt ?? start;
              rows.push({
                sentS: (sentAt - start) / 1000,
                clientMs: now() - sentAt,
                beforeServerMs: t0 - sentAt,
              });
            },
          },
        ],
      },
      (error, result) => {
        clearInterval(timer);
        if (error) return reject(error);
        const slow = rows.sort((a, b) => b.clientMs - a.clientMs).slice(0, 5);
        resolve(
          [
            `${seconds} s: ${Math.round(result.requests.average)}/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
            ...slow.map(
              (r) =>
                `  written ${r.sentS.toFixed(2)} s into the run: ${r.clientMs.toFixed(0)} ms, ${r.beforeServerMs.toFixed(0)} ms of it before the server saw it`,
            ),
            ...(sample ? [`  accept queue: ${queue.slice(0, 30).join(' · ')}`] : []),
          ].join('\n'),
        );
      },
    );
  });
}

if (process.argv[2] === 'serve') serve();
else {
  const child = fork(__filename, ['serve'], { execArgv: process.execArgv });
  child.once('message', (port: number) => {
    void (async () => {
      process.stdout.write(
        `WORK_MS=${WORK_MS}; warm-up:\n${await run(port, 3, false)}\nrun:\n${await run(port, 8, true)}\n`,
      );
      child.kill();
      process.exit(0);
    })();
  });
}
