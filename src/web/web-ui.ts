import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** web/dist from src/web (ts-node) or dist/src/web (compiled). */
export function webDistDir(): string | undefined {
  const candidates = [
    resolve(__dirname, '..', '..', 'web', 'dist'),
    resolve(__dirname, '..', '..', '..', 'web', 'dist'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wenze 问责</title></head>
<body><h1>Wenze 问责</h1><p>The web UI is not built: run <code>npm run build:web</code>, then reload.</p>
<p>The API is at <a href="/api/v1/health">/api/v1</a>, its documentation at <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

/**
 * Serves the built workbench (web/dist) at `/`, with a fallback to index.html for every GET that is
 * not an API path or a file (the UI routes on the client). Without a build, `/` says how to make one.
 */
export async function serveWebUi(app: NestFastifyApplication): Promise<void> {
  const root = webDistDir();
  const fastify = app.getHttpAdapter().getInstance();
  // preCompressed: the build writes .br and .gz beside each file; sent with Content-Encoding when accepted
  if (root) await app.register(fastifyStatic, { root, serve: false, preCompressed: true });
  fastify.get('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    if (path === '/api' || path.startsWith('/api/')) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
    }
    if (!root) return reply.status(200).type('text/html; charset=utf-8').send(NOT_BUILT);
    const file = normalize(path).replace(/^[/\\]+/, '');
    const full = resolve(root, file);
    if (file && full.startsWith(root) && isFile(full)) {
      const immutable = file.startsWith('assets/');
      return reply.sendFile(file, {
        cacheControl: true,
        maxAge: immutable ? 31_536_000_000 : 0,
        immutable,
      });
    }
    if (/\.[a-z0-9]+$/i.test(file)) {
      return reply.status(404).type('text/plain').send(`No such file: ${path}`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
