import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

/** An HS256 token with the claims the service expects (sub, name, roles, unit, iat, exp); no unit: none. */
export function benchToken(secret: string, sub: string, roles: string[], unit?: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, name: sub, roles, ...(unit ? { unit } : {}), iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

/** One request on a kept-alive connection; ms is the client-side latency to the last byte. */
export function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<Reply> {
  const started = process.hrtime.bigint();
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export function closeAgent(): void {
  agent.destroy();
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}
