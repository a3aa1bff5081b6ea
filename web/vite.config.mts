import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside each text file of the build, which the service
 * sends with Content-Encoding when the browser accepts it (@fastify/static's preCompressed).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'wenze-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file) || statSync(file).size < 1024) continue;
        const data = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/**
 * The workbench. Built with `npm run build:web` (root web/, output web/dist, served by the service at /);
 * `npm run dev` serves it with the API proxied to the service on 127.0.0.1:3000.
 * JSX is compiled by Vite's own transformer (no React plugin, so no fast refresh; a reload does it).
 */
export default defineConfig({
  base: '/',
  plugins: [precompress()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No public source map: the service serves web/dist as it is.
    sourcemap: false,
    // ELK alone is ~1.5 MB; it is a chunk of its own, loaded with a case's diagram.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // React Flow marks its entry "use client" (for React Server Components); meaningless in a SPA.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
