import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const WEB = join(ROOT, 'web');
const BUILT = join(WEB, 'dist', 'index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether web/dist is missing or older than any source of the UI. */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.mts', 'tsconfig.json']
    .map((p) => join(WEB, p))
    .filter(existsSync);
  return Math.max(...sources.map(newest)) > statSync(BUILT).mtimeMs;
}

/** Builds the UI (vite build web) when web/dist is missing or stale, so the service under test serves it. */
export function ensureWebBuilt(): void {
  if (!webBuildIsStale()) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      // Jest sets NODE_ENV=test, which would make Vite build React's development code into the bundle
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    },
  );
}
