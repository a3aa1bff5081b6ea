// npm run dev: the API (ts-node, port 3000) and the Vite dev server (port 5173, /api proxied to the API).
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'web'], { stdio: 'inherit' }),
];
const stop = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const child of children) child.once('exit', (code) => stop(code ?? 1));
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
