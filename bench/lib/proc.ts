/* Child processes of the benchmark: every one is tracked and killed at the end, whatever happens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';

const children = new Set<ChildProcess>();

export interface Proc {
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startProcess(
  args: string[],
  env: Record<string, string>,
  logFile: string,
  nodeFlags: string[] = [],
): Proc {
  const fd = openSync(logFile, 'a');
  // BENCH_SERVICE_CPUS: the service processes run on these cores only (taskset execs node: same pid).
  const cpus = process.env.BENCH_SERVICE_CPUS;
  const [command, prefix] = cpus ? ['taskset', ['-c', cpus, process.execPath]] : [process.execPath, []];
  const child = spawn(command, [...prefix, ...nodeFlags, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  return {
    child,
    pid: child.pid!,
    logFile,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A TCP port nobody listens on now (other people's services share this machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the time (ms) when GET url answers 200, polling every 20 ms; rejects after timeoutMs. */
export async function waitForHttp(url: string, proc: Proc, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) {
      throw new Error(`process exited with ${proc.child.exitCode} before answering:\n${tail(proc.logFile)}`);
    }
    if ((await httpStatus(url)) === 200) return Date.now();
    if (Date.now() > deadline)
      throw new Error(`no answer from ${url} in ${timeoutMs} ms:\n${tail(proc.logFile)}`);
    await sleep(20);
  }
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resident set size of a process, in MiB (from /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, ms; from /proc (clock ticks of 10 ms); NaN once it is gone. */
export function cpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return NaN; // the process is gone (the run then fails on its own, with the service's log)
  }
  // Fields after the command name (which may hold spaces) — utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
