import { defineConfig } from 'vite';

/**
 * The workbench. Built with `npm run build:web` (root web/, output web/dist, served by the service at /);
 * `npm run dev` serves it with the API proxied to the service on 127.0.0.1:3000.
 * JSX is compiled by Vite's own transformer (no React plugin, so no fast refresh; a reload does it).
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No public source map: the service serves web/dist as it is.
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
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
