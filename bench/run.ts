/*
 * npm run bench — Wenze's performance figures, each measured side by side with its baseline in the
 * same run. SQLite by default; PostgreSQL when DATABASE_URL is set (each scenario gets a database of
 * its own on that server, dropped at the end). Prints a table and writes bench/results.md.
 *
 *   BENCH_ONLY=engine,http,deadlines,queries,web   run some scenarios only (results.md is not written)
 *                                                (web: cold loads of the workbench in /usr/bin/chromium, or CHROMIUM_PATH)
 *   BENCH_PROFILE=1                              service processes run with --cpu-prof (profiles in the temp dir;
 *                                                bench/profile-summary.ts summarises one)
 *   BENCH_TSNODE_START=0                         skip timing the ts-node entry's start-up
 *   BENCH_RESULTS=events                         with BENCH_ONLY=engine,http: write the HTTP events figures to a
 *                                                section of results.md of their own (the full runs' sections stay)
 *   BENCH_BEFORE_MAIN=/path/dist/src/main.js     also measure that compile of the service on the same cases
 *                                                (before/after a change in one run)
 *   BENCH_CLIENT_CPUS=1 BENCH_SERVICE_CPUS=0     pin the bench process (the load generator) and the service
 *                                                processes to cores of their own (taskset), so that they stop competing
 *
 * Runs as plain Node with ts-node (NestJS 12 and jose are ESM-only; Node 20.19+ can require them);
 * the service processes run from a fresh compile of src/ (tsc into dist/.bench-build).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { initialTransition, transition } from 'xstate';
import { chainHash } from '../src/engine/history/hash-chain';
import { canonicalJson } from '../src/engine/history/canonical-json';
import { restoreSnapshot } from '../src/engine/machine-snapshot';
import { accountabilityWorkflow } from '../workflows/accountability.workflow';
import { benchToken, call, closeAgent, percentile } from './lib/http';
import {
  cpuMs,
  freePort,
  killAll,
  rssMiB,
  sleep,
  startProcess,
  tail,
  waitForHttp,
  type Proc,
} from './lib/proc';
import { rawWriter, type RawCaseRow } from './lib/raw-writer';
import { coldLoad, type LoadTiming } from './lib/web-load';
import { launch } from '../test/browser/support/browser';
import { ensureWebBuilt } from '../test/browser/support/build-web';
import { cloneInvestigationCases, loadQueryDataset, readSeed, ACTORS, type SeedCase } from './lib/seed';
import { BENCH_UNIT, createStore, PG_BASE_URL, type BenchStore } from './lib/store';

const ROOT = resolve(__dirname, '..');
const STORE = PG_BASE_URL ? 'postgres' : 'sqlite';
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const PROFILE = process.env.BENCH_PROFILE === '1';
const RUN_ID = randomBytes(4).toString('hex');
const QUEUE_PREFIX = `wenze-bench-${RUN_ID}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(32).toString('hex');
const WORK = mkdtempSync(join(tmpdir(), 'wenze-bench-run-'));
// Inside this checkout (dist/ is ignored by git, tsc, Jest and ESLint): node_modules may be a link
// shared by several checkouts, and a compile there would be overwritten by the other checkouts' runs.
const BUILD = join(ROOT, 'dist', '.bench-build');
const CONCURRENCY = STORE === 'postgres' ? 10 : 1;

const wanted = (name: string) => !ONLY || ONLY.includes(name);

interface Figure {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}
const figures: Figure[] = [];
const notes: string[] = [];
const stores: BenchStore[] = [];

function log(msg: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;

/** Environment every service process of this run gets. */
function serviceEnv(store: BenchStore, extra: Record<string, string>): Record<string, string> {
  return {
    ...store.env,
    ...(store.kind === 'sqlite' ? { DATABASE_URL: '' } : {}),
    HOST: '127.0.0.1',
    REDIS_URL,
    QUEUE_PREFIX,
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    NODE_ENV: 'development',
    ...extra,
  };
}

async function newStore(label: string): Promise<BenchStore> {
  const store = await createStore(`${label}`);
  stores.push(store);
  await store.migrate();
  return store;
}

async function dropStore(store: BenchStore): Promise<void> {
  await store.drop();
  stores.splice(stores.indexOf(store), 1);
}

// ---------------------------------------------------------------------------------------------
// Build: the service processes run compiled JavaScript, as `node dist/src/main.js` does.

function build(): { main: string; bare: string; bareNode: string } {
  log('compiling src/ and bench/ (tsc) for the service processes …');
  const started = Date.now();
  mkdirSync(BUILD, { recursive: true });
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        join(BUILD, 'dist'),
        '--incremental',
        '--tsBuildInfoFile',
        join(BUILD, 'tsbuildinfo'),
        '--sourceMap',
        'false',
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (error) {
    // tsc emits even when it reports type errors (other work in progress); carry on if the entry exists.
    const out = String((error as { stdout?: Buffer }).stdout ?? '');
    log(
      `tsc reported problems (continuing with the emitted JavaScript):\n${out.split('\n').slice(0, 10).join('\n')}`,
    );
  }
  const main = join(BUILD, 'dist', 'src', 'main.js');
  const bare = join(BUILD, 'dist', 'bench', 'bare-server.js');
  const bareNode = join(BUILD, 'dist', 'bench', 'bare-node-server.js');
  if (!existsSync(main) || !existsSync(bare) || !existsSync(bareNode))
    throw new Error('the compile produced no src/main.js');
  log(`compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { main, bare, bareNode };
}

function nodeFlags(name: string): string[] {
  if (!PROFILE) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${join(WORK, 'profiles')}`,
    `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`,
    '-r',
    join(ROOT, 'bench', 'lib', 'exit-on-usr2.js'),
  ];
}

async function stopProc(proc: Proc): Promise<void> {
  if (PROFILE && proc.child.exitCode === null) {
    // Exit normally so that --cpu-prof writes its profile.
    proc.child.kill('SIGUSR2');
    await Promise.race([proc.exited, sleep(10_000)]);
  }
  await proc.stop();
}

// ---------------------------------------------------------------------------------------------
// 1. Engine apply vs the raw driver vs XState's transition()

const OFFICER = {
  sub: 'bench-officer',
  name: 'Bench Officer',
  roles: ['officer', 'integration'] as const,
  unit: BENCH_UNIT.code,
};
const LEADER = {
  sub: 'bench-leader',
  name: 'Bench Leader',
  roles: ['leader'] as const,
  unit: BENCH_UNIT.code,
};

async function runPool<T>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

async function benchEngine(): Promise<SeedCase> {
  log('1. engine apply: opening cases through EngineService.open …');
  const store = await newStore('engine');
  Object.assign(process.env, serviceEnv(store, { WENZE_ROLE: 'api' }));
  if (store.kind === 'sqlite') delete process.env.DATABASE_URL;
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { EngineService } = await import('../src/engine/engine.service');
  const app = await NestFactory.createApplicationContext(AppModule.register('api'), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  const engine = app.get(EngineService);
  const officer = { ...OFFICER, roles: [...OFFICER.roles] };
  const leader = { ...LEADER, roles: [...LEADER.roles] };
  const N = 1000;
  const WARM = 200;
  const open = async (i: number) =>
    (
      await engine.open(
        {
          workflow: 'accountability',
          title: `Bench case ${i}: late disbursement of flood relief`,
          subject: {
            ref: `bench-subject-${i % 200}`,
            kind: 'individual',
            name: `Cadre ${i % 200}`,
            organisation: 'County Bureau 3',
          },
          source: 'incident',
          facts: 'Relief funds reached the townships three weeks late',
        },
        officer,
      )
    ).caseId;
  const ids = (n: number, offset: number) => Array.from({ length: n }, (_, i) => offset + i);
  const engineCases: string[] = [];
  const rawCases: string[] = [];
  await runPool(ids(N + WARM, 0), CONCURRENCY, async (i) => engineCases.push(await open(i)));
  await runPool(ids(N + WARM, N + WARM), CONCURRENCY, async (i) => rawCases.push(await open(i)));

  // The XState baseline works on the same stored snapshots, restored beforehand (not timed).
  const wf = accountabilityWorkflow;
  const storedSnapshots = await store.query<{ snapshot: string }>(
    `SELECT snapshot FROM "case" WHERE id IN (${engineCases
      .slice(WARM, WARM + 100)
      .map(() => '?')
      .join(',')})`,
    engineCases.slice(WARM, WARM + 100),
  );

  const writer = await rawWriter(store.env, 10);
  const rawAccept = (id: string) =>
    writer.apply(id, (row: RawCaseRow) => {
      const at = new Date().toISOString();
      const snapshot = JSON.parse(row.snapshot) as { value: unknown; context: Record<string, unknown> };
      snapshot.value = 'pendingApproval';
      snapshot.context.accepted = { at, actor: officer.sub };
      const fields = {
        caseId: id,
        seq: row.revision + 1,
        type: 'ACCEPT',
        payload: canonicalJson({}),
        actorSub: officer.sub,
        actorRoles: canonicalJson([...officer.roles].sort()),
        fromState: row.state,
        toState: 'pendingApproval',
        at,
        prevHash: row.head_hash,
      };
      return {
        snapshot: canonicalJson(snapshot),
        state: 'pendingApproval',
        at,
        history: { ...fields, hash: chainHash(fields) },
      };
    });
  const engineAccept = async (id: string) => {
    const r = await engine.apply(id, 'ACCEPT', {}, officer);
    if (!('to' in r) || r.to !== 'pendingApproval')
      throw new Error(`engine apply went to ${JSON.stringify(r)}`);
  };

  log('1. engine apply: measuring (interleaved rounds: engine, raw driver, engine, raw driver) …');
  await runPool(engineCases.slice(0, WARM), CONCURRENCY, engineAccept);
  await runPool(rawCases.slice(0, WARM), CONCURRENCY, rawAccept);
  let engineMs = 0;
  let rawMs = 0;
  const half = N / 2;
  for (let round = 0; round < 2; round++) {
    const slice = (xs: string[]) => xs.slice(WARM + round * half, WARM + (round + 1) * half);
    let t = performance.now();
    await runPool(slice(engineCases), CONCURRENCY, engineAccept);
    engineMs += performance.now() - t;
    t = performance.now();
    await runPool(slice(rawCases), CONCURRENCY, rawAccept);
    rawMs += performance.now() - t;
  }
  await writer.close();
  if (PROFILE) await profileEngine(engineAccept, open);
  const [{ n: rawRows }] = await store.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM "transition" WHERE type = 'ACCEPT'`,
  );
  if (Number(rawRows) < 2 * (N + WARM))
    throw new Error(`expected ${2 * (N + WARM)} ACCEPT rows, found ${rawRows}`);

  // XState's pure transition() alone, on the restored snapshots.
  const restored = storedSnapshots.map((s) => restoreSnapshot(wf.machine, s.snapshot));
  const at = new Date().toISOString();
  const event = { type: 'ACCEPT', payload: {}, at, actor: officer.sub };
  for (let i = 0; i < 2000; i++) transition(wf.machine, restored[i % restored.length], event);
  const XN = 20_000;
  const t = performance.now();
  for (let i = 0; i < XN; i++) transition(wf.machine, restored[i % restored.length], event);
  const xstateMs = performance.now() - t;
  void initialTransition;

  const engineRate = (N / engineMs) * 1000;
  const rawRate = (N / rawMs) * 1000;
  const xstateRate = (XN / xstateMs) * 1000;
  figures.push({
    figure: `1. Engine apply, persisted transitions/s (1,000 cases, ACCEPT, concurrency ${CONCURRENCY})`,
    value: `${fmt(engineRate)}/s`,
    baseline: `raw driver ${fmt(rawRate)}/s`,
    ratio: `${fmt((engineRate / rawRate) * 100)}%`,
    target: '≥ 40% of raw',
    met: engineRate / rawRate >= 0.4,
  });
  figures.push({
    figure: '1b. Engine apply vs XState transition() alone',
    value: `${fmt(engineRate)}/s`,
    baseline: `transition() ${fmt(xstateRate)}/s`,
    ratio: `${fmt((engineRate / xstateRate) * 100, 1)}%`,
    target: '—',
    met: null,
  });
  notes.push(
    `Engine apply: ${fmt(engineMs)} ms for 1,000 EngineService.apply(ACCEPT) calls in a Nest application context (AppModule, role api, ` +
      `Nest logger at error/warn), vs ${fmt(rawMs)} ms for the raw driver doing, per event, one transaction: read the case, update it ` +
      `with the revision check (new canonical snapshot), insert the history row with the same SHA-256 chain hash. Both after 200 warm-up events, ` +
      `in two interleaved rounds of 500. XState: ${fmt(XN)} pure transition() calls on 100 restored snapshots, ${fmt(xstateMs)} ms.`,
  );

  // The seed for the bulk set-ups: one case really opened and walked to investigation by the engine.
  const seedId = await open(999_999);
  await engine.apply(seedId, 'ACCEPT', {}, officer);
  await engine.apply(seedId, 'APPROVE_INVESTIGATION', {}, leader);
  const seed = await readSeed(store, seedId);
  await sleep(300); // let the scheduler's fire-and-forget enqueue finish before the queue closes
  await app.close();
  await dropStore(store);
  return seed;
}

/** BENCH_PROFILE=1: a CPU profile of 1,000 more engine applies (in this process), written to the temp dir. */
async function profileEngine(accept: (id: string) => Promise<void>, open: (i: number) => Promise<string>) {
  const { Session } = await import('node:inspector/promises');
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) ids.push(await open(500_000 + i));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  for (const id of ids) await accept(id);
  const { profile } = await session.post('Profiler.stop');
  mkdirSync(join(WORK, 'profiles'), { recursive: true });
  const file = join(WORK, 'profiles', `engine-apply-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  log(`engine apply profile: ${file}`);
}

// ---------------------------------------------------------------------------------------------
// 2. HTTP events/s and p99 at 100 connections vs a bare Fastify route doing the same writes

interface CannonResult {
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Server-Timing of each answer that carried one (the service with SERVER_TIMING=true). */
  timings: Record<string, number>[];
  /** CPU time the service process used per answer during the run (user + system), ms. */
  cpuPerAnswer: number;
  /** The load generator's CPU time per answer, ms. */
  clientCpuPerAnswer: number;
  /** Event-loop delay of the load generator (the bench process) during the run, ms. */
  clientLoopP99: number;
  clientLoopMax: number;
}

function parseServerTiming(header: string | string[] | undefined): Record<string, number> | null {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (!text) return null;
  return Object.fromEntries(
    text.split(',').map((part) => {
      const [name, dur] = part.trim().split(';dur=');
      return [name, Number(dur)];
    }),
  );
}

/** What the bench keeps in autocannon's context of a request: when it was written. */
interface Sent {
  sentAt?: number;
}

function cannon(
  url: string,
  ids: string[],
  token: string | undefined,
  seconds: number,
  extraHeaders: Record<string, string> = {},
  servicePid?: number,
  connections = 100,
): Promise<CannonResult> {
  const cpuBefore = servicePid ? cpuMs(servicePid) : NaN;
  const runStart = performance.timeOrigin + performance.now();
  const clientBefore = process.cpuUsage();
  const timings: Record<string, number>[] = [];
  // The load generator's own event loop: a client that cannot keep up shows up here, not in the service.
  const clientLoop = monitorEventLoopDelay({ resolution: 10 });
  clientLoop.enable();
  let next = 0;
  const body = JSON.stringify({
    type: 'RECORD_STATEMENT',
    payload: { statement: 'I followed the instructions I was given' },
  });
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...extraHeaders,
        },
        requests: [
          {
            method: 'POST',
            body,
            setupRequest: (req, context: Sent) => {
              // Called just before autocannon writes the request (the first one of a connection: when
              // the connection is opened, before it is established).
              context.sentAt = performance.timeOrigin + performance.now();
              return { ...req, path: `/api/v1/cases/${ids[next++ % ids.length]}/events` };
            },
            onResponse: (_status, _body, context: Sent, headers) => {
              const received = performance.timeOrigin + performance.now();
              const timing = parseServerTiming(headers?.['server-timing']);
              if (!timing) return;
              if (context.sentAt !== undefined && timing.t0 !== undefined) {
                timing.client = received - context.sentAt;
                timing.before = timing.t0 - context.sentAt;
                timing.after = received - (timing.t0 + timing.total);
                // autocannon clears the context after every request: the first second of the run,
                // when the 100 connections are opened, stands for "first on its connection".
                timing.sentAt = (context.sentAt - runStart) / 1000;
              }
              timings.push(timing);
            },
          },
        ],
      },
      (error, result) => {
        clientLoop.disable();
        if (error) return reject(error);
        const ok = result['2xx'];
        const clientCpu = process.cpuUsage(clientBefore);
        resolvePromise({
          rate: ok / seconds,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          p999: result.latency.p99_9,
          max: result.latency.max,
          ok,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          timings,
          cpuPerAnswer: servicePid && ok ? (cpuMs(servicePid) - cpuBefore) / ok : NaN,
          clientCpuPerAnswer: (clientCpu.user + clientCpu.system) / 1000 / ok,
          clientLoopP99: clientLoop.percentile(99) / 1e6,
          clientLoopMax: clientLoop.max / 1e6,
        });
      },
    );
    void instance;
  });
}

/** Event-loop delay and GC time of the service, from its Prometheus metrics (prom-client defaults). */
async function processFigures(
  base: string,
  token: string,
): Promise<{ lagP99: number; lagMax: number; gcMs: number }> {
  const text = (await call(base, 'GET', '/api/v1/metrics', token)).body;
  const value = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
  return {
    lagP99: value('wenze_process_nodejs_eventloop_lag_p99_seconds') * 1000,
    lagMax: value('wenze_process_nodejs_eventloop_lag_max_seconds') * 1000,
    gcMs: value('wenze_process_nodejs_gc_duration_seconds_sum') * 1000,
  };
}

const PARTS = ['auth', 'validate', 'queue', 'tx', 'view'] as const;

/** The Server-Timing parts of the median answers and of the slowest 1%, as a markdown table. */
function tailBreakdown(label: string, run: CannonResult): string[] {
  const sorted = [...run.timings].sort((a, b) => a.total - b.total);
  if (!sorted.length) return [`(${label}: no Server-Timing headers)`];
  const band = (from: number, to: number) =>
    sorted.slice(Math.floor(from * sorted.length), Math.ceil(to * sorted.length));
  const mean = (rows: Record<string, number>[], k: string) =>
    rows.reduce((n, r) => n + (r[k] ?? 0), 0) / rows.length;
  const row = (name: string, rows: Record<string, number>[]) => {
    const total = mean(rows, 'total');
    const parts = PARTS.map((k) => mean(rows, k));
    const rest = total - parts.reduce((a, b) => a + b, 0);
    return `| ${name} | ${rows.length} | ${[...parts, rest, total].map((v) => ms(v)).join(' | ')} |`;
  };
  return [
    `**${label}** — server-side time per answer (Server-Timing), ${fmt(sorted.length)} answers; client-side p50 ${ms(run.p50)}, p99 ${ms(run.p99)}:`,
    '',
    '| answers | n | auth (JWT) | validate (read + payload) | queue (wait for the transaction) | tx (inside it) | view (build the answer) | rest (Nest/Fastify, JSON) | total |',
    '|---|---|---|---|---|---|---|---|---|',
    row('p45–p55 (the median)', band(0.45, 0.55)),
    row('p99 and slower', band(0.99, 1)),
    row('p99.9 and slower', band(0.999, 1)),
    '',
    ...outsideBreakdown(run),
    `Slowest answer inside the service: ${ms(sorted[sorted.length - 1].total)}; slowest seen by the client: ${ms(run.max)}. ` +
      `The load generator's own event-loop delay during the run: p99 ${ms(run.clientLoopP99)}, max ${ms(run.clientLoopMax)}.`,
    '',
  ];
}

/**
 * The slowest answers as the client saw them, split by the service's t0 and total: waiting before the
 * service saw the request (in the client, the kernel, or the service's event loop before Fastify
 * parsed it), inside the service (onRequest → onSend), and after (writing, the client reading).
 */
function outsideBreakdown(run: CannonResult): string[] {
  const rows = run.timings.filter((t) => t.client !== undefined).sort((a, b) => a.client - b.client);
  if (!rows.length) return [];
  const band = (from: number) => rows.slice(Math.floor(from * rows.length));
  const mean = (xs: Record<string, number>[], k: string) => xs.reduce((n, r) => n + r[k], 0) / xs.length;
  const row = (name: string, xs: Record<string, number>[]) =>
    `| ${name} | ${xs.length} | ${ms(mean(xs, 'client'))} | ${ms(mean(xs, 'before'))} | ${ms(mean(xs, 'total'))} | ${ms(mean(xs, 'after'))} | ${xs.filter((x) => x.sentAt < 1).length} | ${fmt(Math.min(...xs.map((x) => x.sentAt)), 2)}–${fmt(Math.max(...xs.map((x) => x.sentAt)), 2)} s |`;
  return [
    'Where the client-side latency went (the load generator’s write → the service’s onRequest → onSend → the answer read; same clock):',
    '',
    '| answers by client latency | n | client latency | before the service saw it | inside the service | after onSend | of them sent in the first second (connections opening) | sent between (into the run) |',
    '|---|---|---|---|---|---|---|---|',
    row('p45–p55', rows.slice(Math.floor(0.45 * rows.length), Math.ceil(0.55 * rows.length))),
    row('p99 and slower', band(0.99)),
    row('p99.9 and slower', band(0.999)),
    row('the slowest 5', rows.slice(-5)),
    '',
  ];
}

/**
 * The same run without its first second, from the bench's own per-answer latencies (write → answer
 * read): the answers to requests written once the 100 connections were open. The seconds-long waits
 * fall on the requests written as the connections open (see outsideBreakdown).
 */
function steadyRow(run: CannonResult): string {
  const xs = run.timings
    .filter((t) => t.client !== undefined && t.sentAt >= 1)
    .map((t) => t.client)
    .sort((a, b) => a - b);
  const p = (q: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
  return `${fmt(xs.length)} answers | ${ms(p(0.5))} | ${ms(p(0.9))} | ${ms(p(0.99))} | ${ms(p(0.999))} | ${ms(xs[xs.length - 1])}`;
}

function httpRow(run: CannonResult): string {
  return `${fmt(run.rate)}/s | ${ms(run.p50)} | ${ms(run.p90)} | ${ms(run.p99)} | ${ms(run.p999)} | ${ms(run.max)} | ${run.errors} | ${run.non2xx} | ${ms(run.cpuPerAnswer)} | ${ms(run.clientCpuPerAnswer)}`;
}

async function benchHttp(
  seed: SeedCase,
  bin: { main: string; bare: string; bareNode: string },
): Promise<void> {
  log('2. HTTP: 1,000 cases in investigation (cloned from the seed) …');
  const store = await newStore('http');
  const { ids } = await cloneInvestigationCases(store, seed, 1000, () =>
    new Date(Date.now() + 90 * 86_400_000).toISOString(),
  );
  await store.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const token = benchToken(SECRET, 'bench-officer', ['officer'], BENCH_UNIT.code);
  const admin = benchToken(SECRET, 'bench-admin', ['admin']);
  const env = serviceEnv(store, { PORT: String(port), WENZE_ROLE: 'api', SERVER_TIMING: 'true' });

  // Start-up time of the ts-node entry (what `npm run start:dev` does), for the record
  // (BENCH_TSNODE_START=0 skips it: on a loaded machine the transpile of src/ takes minutes).
  let t = Date.now();
  let tsNodeStart = NaN;
  if (process.env.BENCH_TSNODE_START !== '0') {
    const tsNode = startProcess(
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
      { ...env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      join(WORK, 'service-tsnode.log'),
    );
    // The transpile of the whole of src/ takes long on a loaded machine: more time than the compiled entry.
    tsNodeStart = (await waitForHttp(`${base}/api/v1/health`, tsNode, 240_000)) - t;
    await tsNode.stop();
  }

  t = Date.now();
  let proc = startProcess([bin.main], env, join(WORK, 'service-http.log'), nodeFlags('service-http'));
  const serviceStart = (await waitForHttp(`${base}/api/v1/health`, proc)) - t;
  const idleRss = rssMiB(proc.pid);
  const probe = await call(base, 'POST', `/api/v1/cases/${ids[0]}/events`, token, {
    type: 'RECORD_STATEMENT',
    payload: { statement: 'probe' },
  });
  if (probe.status !== 200)
    throw new Error(`probe event answered ${probe.status}: ${probe.body.slice(0, 300)}`);
  const loadBefore = loadavg()[0];
  log('2. HTTP: Wenze service, 3 s warm-up then 10 s at 100 connections …');
  await cannon(base, ids, token, 3);
  const before = await processFigures(base, admin);
  const service = await cannon(base, ids, token, 10, {}, proc.pid);
  const after = await processFigures(base, admin);
  log('2. HTTP: Wenze service with Prefer: return=minimal, 10 s at 100 connections …');
  const minimal = await cannon(base, ids, token, 10, { prefer: 'return=minimal' }, proc.pid);
  log('2. HTTP: Wenze service, full view, 10 s at 50 connections …');
  const service50 = await cannon(base, ids, token, 10, {}, proc.pid, 50);
  const serviceRss = rssMiB(proc.pid);
  await stopProc(proc);

  // BENCH_BEFORE_MAIN: another compile of the service (e.g. of the commit before a change), measured
  // on the same cases right after this one, for a before/after in one run.
  let earlier: { full: CannonResult; minimal: CannonResult } | undefined;
  const beforeMain = process.env.BENCH_BEFORE_MAIN;
  if (beforeMain) {
    proc = startProcess([beforeMain], env, join(WORK, 'service-before.log'), nodeFlags('service-before'));
    await waitForHttp(`${base}/api/v1/health`, proc);
    log(`2. HTTP: the service of BENCH_BEFORE_MAIN, 3 s warm-up, 10 s full view, 10 s minimal …`);
    await cannon(base, ids, token, 3);
    const full = await cannon(base, ids, token, 10, {}, proc.pid);
    const minimalBefore = await cannon(base, ids, token, 10, { prefer: 'return=minimal' }, proc.pid);
    earlier = { full, minimal: minimalBefore };
    await stopProc(proc);
  }

  const startBare = async (file: string, name: string) => {
    const begun = Date.now();
    const p = startProcess([file], env, join(WORK, `${name}.log`), nodeFlags(name));
    const startMs = (await waitForHttp(`${base}/api/v1/health`, p)) - begun;
    const idle = rssMiB(p.pid);
    const answer = await call(base, 'POST', `/api/v1/cases/${ids[0]}/events`, undefined, {
      type: 'RECORD_STATEMENT',
      payload: { statement: 'probe' },
    });
    if (answer.status !== 200)
      throw new Error(`${name} probe answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return { p, startMs, idle };
  };
  const fastify = await startBare(bin.bare, 'bare-http');
  proc = fastify.p;
  log('2. HTTP: bare Fastify route, 3 s warm-up then 10 s at 100 and 10 s at 50 connections …');
  await cannon(base, ids, undefined, 3);
  const bare = await cannon(base, ids, undefined, 10, {}, proc.pid);
  const bare50 = await cannon(base, ids, undefined, 10, {}, proc.pid, 50);
  await stopProc(proc);
  const nodeBare = await startBare(bin.bareNode, 'bare-node-http');
  proc = nodeBare.p;
  log('2. HTTP: bare node:http route (one read, one write), 3 s warm-up then 10 s at 100 connections …');
  await cannon(base, ids, undefined, 3);
  const floor = await cannon(base, ids, undefined, 10, {}, proc.pid);
  await stopProc(proc);
  closeAgent();
  const bareStart = fastify.startMs;
  const bareIdleRss = fastify.idle;

  const fullGoal = 0.7;
  const minimalGoal = 0.85;
  const clean = (r: CannonResult) => r.non2xx === 0 && r.errors === 0;
  figures.push({
    figure: '2. HTTP events/s, RECORD_STATEMENT, 100 connections, 10 s',
    value: `${fmt(service.rate)}/s`,
    baseline: `bare Fastify ${fmt(bare.rate)}/s`,
    ratio: `${fmt((service.rate / bare.rate) * 100)}%`,
    target: `≥ ${fullGoal * 100}% of bare`,
    met: service.rate / bare.rate >= fullGoal,
  });
  figures.push({
    figure: '2a. HTTP events/s vs the floor: bare node:http, one read + one write',
    value: `${fmt(service.rate)}/s`,
    baseline: `node:http ${fmt(floor.rate)}/s`,
    ratio: `${fmt((service.rate / floor.rate) * 100)}% (1/${fmt(floor.rate / service.rate, 1)})`,
    target: '—',
    met: null,
  });
  figures.push({
    figure: '2b. HTTP p99 latency at 100 connections',
    value: ms(service.p99),
    baseline: `bare Fastify ${ms(bare.p99)}`,
    ratio: `${fmt(service.p99 / bare.p99, 1)}×`,
    target: '≤ 4× bare, 0 errors',
    met: service.p99 <= 4 * bare.p99 && clean(service),
  });
  figures.push({
    figure: '2b50. HTTP p99 latency at 50 connections (full view)',
    value: `${ms(service50.p99)} (${fmt(service50.rate)}/s)`,
    baseline: `bare Fastify ${ms(bare50.p99)} (${fmt(bare50.rate)}/s)`,
    ratio: `${fmt(service50.p99 / bare50.p99, 1)}×`,
    target: '≤ 2× bare, 0 errors',
    met: service50.p99 <= 2 * bare50.p99 && clean(service50),
  });
  figures.push({
    figure: '2c. HTTP events/s with Prefer: return=minimal',
    value: `${fmt(minimal.rate)}/s, p99 ${ms(minimal.p99)}`,
    baseline: `bare Fastify ${fmt(bare.rate)}/s, p99 ${ms(bare.p99)}`,
    ratio: `${fmt((minimal.rate / bare.rate) * 100)}%`,
    target: `≥ ${minimalGoal * 100}% of bare, p99 ≤ 4×`,
    met: minimal.rate / bare.rate >= minimalGoal && minimal.p99 <= 4 * bare.p99 && clean(minimal),
  });
  figures.push({
    figure: '2d. Service CPU per answered event (full view, 100 connections)',
    value: ms(service.cpuPerAnswer),
    baseline: `bare Fastify ${ms(bare.cpuPerAnswer)}, node:http ${ms(floor.cpuPerAnswer)}`,
    ratio: `${fmt(service.cpuPerAnswer / bare.cpuPerAnswer, 1)}× / ${fmt(service.cpuPerAnswer / floor.cpuPerAnswer, 1)}×`,
    target: STORE === 'sqlite' ? '≤ 0.3 ms' : '—',
    met: STORE === 'sqlite' ? service.cpuPerAnswer <= 0.3 : null,
  });
  if (earlier) {
    figures.push({
      figure: '2f. Service CPU per answered event, this build vs BENCH_BEFORE_MAIN (full view / minimal)',
      value: `${ms(service.cpuPerAnswer)} / ${ms(minimal.cpuPerAnswer)}`,
      baseline: `before ${ms(earlier.full.cpuPerAnswer)} / ${ms(earlier.minimal.cpuPerAnswer)}`,
      ratio: `${fmt((service.cpuPerAnswer / earlier.full.cpuPerAnswer) * 100)}% / ${fmt((minimal.cpuPerAnswer / earlier.minimal.cpuPerAnswer) * 100)}%`,
      target: '—',
      met: null,
    });
  }
  figures.push({
    figure: '2e. Service CPU per answered event, Prefer: return=minimal',
    value: ms(minimal.cpuPerAnswer),
    baseline: `bare Fastify ${ms(bare.cpuPerAnswer)}`,
    ratio: `${fmt(minimal.cpuPerAnswer / bare.cpuPerAnswer, 1)}×`,
    target: '—',
    met: null,
  });
  httpDetail.push(
    ...(pinned ? [`Pinned: ${pinned}.`, ''] : []),
    `Machine load average (1 min) at the start of the Wenze runs ${fmt(loadBefore, 2)}, after the bare run ${fmt(loadavg()[0], 2)} (${cpus().length} cores).`,
    '',
    '| run (100 connections, 10 s) | answers/s | p50 | p90 | p99 | p99.9 | max | errors | non-2xx | service CPU per answer | load generator CPU per answer |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    `| Wenze, full view | ${httpRow(service)} |`,
    `| Wenze, Prefer: return=minimal | ${httpRow(minimal)} |`,
    `| bare Fastify + driver | ${httpRow(bare)} |`,
    `| bare node:http + driver, one read + one write | ${httpRow(floor)} |`,
    `| Wenze, full view, 50 connections | ${httpRow(service50)} |`,
    ...(earlier
      ? [
          `| BENCH_BEFORE_MAIN (${beforeMain}), full view | ${httpRow(earlier.full)} |`,
          `| BENCH_BEFORE_MAIN, Prefer: return=minimal | ${httpRow(earlier.minimal)} |`,
        ]
      : []),
    `| bare Fastify + driver, 50 connections | ${httpRow(bare50)} |`,
    '',
    'The same runs without the requests written in their first second (while the 100 connections open):',
    '',
    '| run, from 1 s on | answers | p50 | p90 | p99 | p99.9 | max |',
    '|---|---|---|---|---|---|---|',
    `| Wenze, full view | ${steadyRow(service)} |`,
    `| Wenze, Prefer: return=minimal | ${steadyRow(minimal)} |`,
    `| bare Fastify + driver | ${steadyRow(bare)} |`,
    `| bare node:http + driver | ${steadyRow(floor)} |`,
    '',
    `Service process during the full-view run: event-loop delay p99 ${ms(after.lagP99)}, max ${ms(after.lagMax)} ` +
      `(prom-client's monitor, last window); GC ${ms(after.gcMs - before.gcMs)} in 10 s.`,
    '',
    ...tailBreakdown('Wenze, full view', service),
    ...tailBreakdown('Wenze, Prefer: return=minimal', minimal),
    `**bare Fastify + driver** — client-side p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}:`,
    '',
    ...outsideBreakdown(bare),
  );
  notes.push(
    `HTTP: autocannon (in the bench process) → the compiled service (role api, LOG_LEVEL=warn, rate limit off, SERVER_TIMING on) with a valid JWT, ` +
      `POST /api/v1/cases/:id/events RECORD_STATEMENT spread round-robin over 1,000 cases in investigation. The bare baseline is Fastify + the raw driver on the same port ` +
      `(no Nest, auth, validation or XState; it answers {id, state, revision}). ` +
      `The floor (bench/bare-node-server.ts): node:http and the driver alone, per request the body read and parsed, the case's row read by id and the body inserted ` +
      `into a table of its own (autocommit: one durable write), answering {id, state, revision}. ` +
      `Client and server share the machine's ${cpus().length} cores. With 100 closed-loop connections the mean latency is 100 ÷ throughput (Little's law).`,
  );
  startupFigures.push({ label: 'service, 1,000 cases (compiled)', ms: serviceStart });
  startupFigures.push({ label: 'service, 1,000 cases (ts-node transpile-only entry)', ms: tsNodeStart });
  startupFigures.push({ label: 'bare Fastify + driver', ms: bareStart });
  startupFigures.push({ label: 'bare node:http + driver', ms: nodeBare.startMs });
  memoryFigures.push({ label: 'service idle, 1,000 cases', mib: idleRss });
  memoryFigures.push({ label: 'service after the 100-connection runs', mib: serviceRss });
  memoryFigures.push({ label: 'bare Fastify + driver, idle', mib: bareIdleRss });
  memoryFigures.push({ label: 'bare node:http + driver, idle', mib: nodeBare.idle });
  await dropStore(store);
}

const httpDetail: string[] = [];
const startupFigures: { label: string; ms: number }[] = [];
const memoryFigures: { label: string; mib: number }[] = [];

// ---------------------------------------------------------------------------------------------
// 3. Deadline firing lag with N pending

async function benchDeadlines(seed: SeedCase, bin: { main: string }, pending: number): Promise<void> {
  const WINDOW_COUNT = 1000;
  const WINDOW_MS = 20_000;
  log(
    `3. deadlines: ${fmt(pending)} pending (${WINDOW_COUNT} due in a ${WINDOW_MS / 1000} s window) — bulk set-up …`,
  );
  const store = await newStore(`dl${pending}`);
  const t = Date.now();
  const farAway = Date.now() + 30 * 86_400_000;
  const { deadlineIds } = await cloneInvestigationCases(store, seed, pending, (i) =>
    new Date(farAway + i * 10).toISOString(),
  );
  const setupMs = Date.now() - t;
  // The window: the first WINDOW_COUNT deadlines fall due at a steady rate, starting once the worker has
  // had time to start and sweep every pending row into BullMQ.
  const lead = 12_000 + pending * 0.12;
  const windowStart = Date.now() + lead;
  const due = new Map<string, number>();
  const window = deadlineIds.slice(0, WINDOW_COUNT);
  window.forEach((id, i) => due.set(id, windowStart + Math.round((i * WINDOW_MS) / WINDOW_COUNT)));
  if (store.kind === 'sqlite') {
    await store.exec('BEGIN');
    for (const id of window)
      await store.query('UPDATE deadline SET due_at = ? WHERE id = ?', [
        new Date(due.get(id)!).toISOString(),
        id,
      ]);
    await store.exec('COMMIT');
  } else {
    await store.query(
      'UPDATE deadline d SET due_at = v.due FROM unnest(?::text[], ?::text[]) AS v(id, due) WHERE d.id = v.id',
      [window, window.map((id) => new Date(due.get(id)!).toISOString())],
    );
  }
  await store.analyze();

  const prefix = `${QUEUE_PREFIX}-dl${pending}`;
  const queue = new Queue('deadlines', { connection: { url: REDIS_URL } as never, prefix });
  const started = Date.now();
  const worker = startProcess(
    [bin.main, '--role', 'worker'],
    serviceEnv(store, { WENZE_ROLE: 'worker', QUEUE_PREFIX: prefix }),
    join(WORK, `worker-${pending}.log`),
    nodeFlags(`worker-${pending}`),
  );
  // Ready when the start-up sweep has put every pending row into BullMQ.
  let enqueuedAt = 0;
  while (Date.now() < windowStart + WINDOW_MS) {
    if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${tail(worker.logFile)}`);
    const c = await queue.getJobCounts('delayed', 'waiting', 'active', 'prioritized', 'waiting-children');
    if (Object.values(c).reduce((a, b) => a + b, 0) >= pending) {
      enqueuedAt = Date.now();
      break;
    }
    await sleep(100);
  }
  const sweepReadyMs = enqueuedAt ? enqueuedAt - started : NaN;
  log(
    `3. deadlines: worker started and swept ${fmt(pending)} rows into BullMQ in ${fmt(sweepReadyMs / 1000, 1)} s; window starts in ${fmt((windowStart - Date.now()) / 1000, 1)} s`,
  );

  // Poll for fired deadlines: the timeout's transaction marks the row fired together with the history
  // row, so a fired row seen by this independent reader is a committed transition.
  const seenAt = new Map<string, number>();
  const end = windowStart + WINDOW_MS + 15_000;
  while (Date.now() < end && seenAt.size < WINDOW_COUNT) {
    const rows = await store.query<{ id: string }>(`SELECT id FROM deadline WHERE status = 'fired'`);
    const now = Date.now();
    for (const r of rows) if (!seenAt.has(r.id)) seenAt.set(r.id, now);
    await sleep(10);
  }
  const workerRss = rssMiB(worker.pid);
  await stopProc(worker);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();

  const lags = window.filter((id) => seenAt.has(id)).map((id) => seenAt.get(id)! - due.get(id)!);
  const missing = WINDOW_COUNT - lags.length;
  const [{ n: firedTotal }] = await store.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM deadline WHERE status = 'fired'`,
  );
  const p50 = percentile(lags, 50);
  const p99 = missing > WINDOW_COUNT / 100 ? Infinity : percentile(lags, 99);
  figures.push({
    figure: `3. Deadline firing lag, ${fmt(pending)} pending: p50 / p99`,
    value: `${ms(p50)} / ${Number.isFinite(p99) ? ms(p99) : `> ${ms(15_000)}`}`,
    baseline: `—`,
    ratio: '—',
    target: pending >= 100_000 ? 'p99 < 1 s' : '—',
    met: pending >= 100_000 ? p99 < 1000 : null,
  });
  notes.push(
    `Deadlines, ${fmt(pending)} pending: bulk set-up ${fmt(setupMs / 1000, 1)} s (copies of a case walked to investigation by the engine, chains recomputed); ` +
      `worker (compiled, role worker, DEADLINE_CONCURRENCY default, DEADLINE_SWEEP_MS default 30 s) started and its start-up sweep had all rows in BullMQ after ` +
      `${fmt(sweepReadyMs / 1000, 1)} s; ${WINDOW_COUNT} deadlines fell due at a steady rate over ${WINDOW_MS / 1000} s; ${lags.length} seen fired ` +
      `(${fmt(Number(firedTotal))} fired in all, ${missing} missing after 15 s grace); max lag ${ms(Math.max(...lags))}. ` +
      `Lag = time an independent reader polling the deadline table every 10 ms first sees the row fired (committed with the history row) − due_at; ` +
      `it includes up to ~10 ms of polling granularity. Worker RSS at the end: ${fmt(workerRss)} MiB.`,
  );
  memoryFigures.push({ label: `deadline worker, ${fmt(pending)} pending`, mib: workerRss });
  await dropStore(store);
}

// ---------------------------------------------------------------------------------------------
// 4 + 5. Reads on 100,000 cases / 1,000,000 history rows; memory and start-up

interface ReadVariant {
  kind: 'history' | 'audit' | 'list';
  name: string;
  path: string;
  sql: string;
  params: unknown[];
}

function readVariants(
  ds: Awaited<ReturnType<typeof loadQueryDataset>>,
  isPg: boolean,
  i: number,
): ReadVariant[] {
  const caseId = ds.caseIds[(i * 7919) % ds.caseIds.length];
  const subjectId = ds.subjectIds[(i * 104729) % ds.subjectIds.length];
  const actor = ACTORS[i % (ACTORS.length - 1)];
  const from = new Date(Date.parse(ds.from) + ((i * 86_400_000 * 17) % (600 * 86_400_000))).toISOString();
  const to = new Date(Date.parse(from) + 30 * 86_400_000).toISOString();
  const yes = isPg ? true : 1;
  const listSql = (where: string) =>
    `SELECT * FROM "case" c ${where ? `WHERE ${where}` : ''} ORDER BY c.created_at DESC, c.id DESC LIMIT 21`;
  const auditSql = (where: string) =>
    `SELECT * FROM "transition" t ${where ? `WHERE ${where}` : ''} ORDER BY t.at DESC, t.id DESC LIMIT 21`;
  const stateWhere = `((',' || c.state || ',') LIKE ? ESCAPE '\\' OR (',' || c.state) LIKE ? ESCAPE '\\')`;
  return [
    {
      kind: 'history',
      name: 'history of one case',
      path: `/api/v1/cases/${caseId}/history`,
      sql: 'SELECT * FROM "transition" WHERE case_id = ? ORDER BY seq ASC',
      params: [caseId],
    },
    { kind: 'audit', name: 'audit: newest page', path: '/api/v1/audit', sql: auditSql(''), params: [] },
    {
      kind: 'audit',
      name: 'audit: actor',
      path: `/api/v1/audit?actor=${actor}`,
      sql: auditSql('t.actor_sub = ?'),
      params: [actor],
    },
    {
      kind: 'audit',
      name: 'audit: type=DECIDE',
      path: '/api/v1/audit?type=DECIDE',
      sql: auditSql('t.type = ?'),
      params: ['DECIDE'],
    },
    {
      kind: 'audit',
      name: 'audit: 30-day range',
      path: `/api/v1/audit?from=${from}&to=${to}`,
      sql: auditSql('t.at >= ? AND t.at < ?'),
      params: [from, to],
    },
    {
      kind: 'audit',
      name: 'audit: actor + type',
      path: `/api/v1/audit?actor=${actor}&type=RECORD_STATEMENT`,
      sql: auditSql('t.actor_sub = ? AND t.type = ?'),
      params: [actor, 'RECORD_STATEMENT'],
    },
    { kind: 'list', name: 'list: no filter', path: '/api/v1/cases', sql: listSql(''), params: [] },
    {
      kind: 'list',
      name: 'list: state=investigation',
      path: '/api/v1/cases?state=investigation',
      sql: listSql(stateWhere),
      params: ['%,investigation,%', '%,investigation.%'],
    },
    {
      kind: 'list',
      name: 'list: status=active&state=execution.appeal',
      path: '/api/v1/cases?status=active&state=execution.appeal',
      sql: listSql(`c.status = ? AND ${stateWhere}`),
      params: ['active', '%,execution.appeal,%', '%,execution.appeal.%'],
    },
    {
      kind: 'list',
      name: 'list: subjectId',
      path: `/api/v1/cases?subjectId=${subjectId}`,
      sql: listSql('c.subject_id = ?'),
      params: [subjectId],
    },
    {
      kind: 'list',
      name: 'list: overdue=true',
      path: '/api/v1/cases?overdue=true',
      sql: listSql(
        `EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.status = 'fired' AND d.flags_overdue = ? AND d.settled_at IS NULL)`,
      ),
      params: [yes],
    },
    {
      kind: 'list',
      name: 'list: workflow + status=closed',
      path: '/api/v1/cases?workflow=accountability&status=closed',
      sql: listSql('c.workflow = ? AND c.status = ?'),
      params: ['accountability', 'closed'],
    },
    {
      kind: 'list',
      name: 'list: q=flood',
      path: '/api/v1/cases?q=flood',
      sql: listSql(`(c.title LIKE ? ESCAPE '\\' OR c.business_key LIKE ? ESCAPE '\\')`),
      params: ['%flood%', '%flood%'],
    },
  ];
}

async function benchQueries(bin: { main: string; bare: string }): Promise<void> {
  log('4. reads: bulk-loading 100,000 cases and 1,000,000 history rows …');
  const store = await newStore('query');
  let t = Date.now();
  const ds = await loadQueryDataset(store, 100_000, 10);
  const loadMs = Date.now() - t;
  const [{ n: historyRows }] = await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM "transition"');
  const [{ n: caseRows }] = await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM "case"');
  log(
    `4. reads: loaded ${fmt(Number(caseRows))} cases, ${fmt(Number(historyRows))} history rows in ${fmt(loadMs / 1000, 1)} s`,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = serviceEnv(store, { PORT: String(port), WENZE_ROLE: 'api' });
  const token = benchToken(SECRET, 'bench-supervisor', ['supervisor', 'officer'], BENCH_UNIT.code);

  // Start-up on the big data set: three times, median; the third start serves the read benchmark.
  const starts: number[] = [];
  let proc: Proc | undefined;
  for (let k = 0; k < 3; k++) {
    t = Date.now();
    proc = startProcess(
      [bin.main],
      env,
      join(WORK, `service-reads-${k}.log`),
      k === 2 ? nodeFlags('service-reads') : [],
    );
    starts.push((await waitForHttp(`${base}/api/v1/health`, proc)) - t);
    if (k < 2) await proc.stop();
  }
  const service = proc!;

  const byKind: Record<string, number[]> = { history: [], audit: [], list: [] };
  const byVariant = new Map<string, number[]>();
  const sqlByKind: Record<string, number[]> = { history: [], audit: [], list: [] };
  const sqlByVariant = new Map<string, number[]>();
  log('4. reads: warm-up, then 200 sequential requests per figure over HTTP …');
  for (const kind of ['history', 'audit', 'list'] as const) {
    for (let i = 0; i < 250; i++) {
      const variants = readVariants(ds, store.kind === 'postgres', i).filter((v) => v.kind === kind);
      const v = variants[i % variants.length];
      const reply = await call(base, 'GET', v.path, token);
      if (reply.status !== 200)
        throw new Error(`${v.path} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
      if (i < 50) continue; // warm-up
      byKind[kind].push(reply.ms);
      byVariant.set(v.name, [...(byVariant.get(v.name) ?? []), reply.ms]);
    }
  }
  const serviceRss = rssMiB(service.pid);
  await stopProc(service);
  // The baseline: the endpoint's main SQL query alone, through the raw driver in this process.
  for (const kind of ['history', 'audit', 'list'] as const) {
    for (let i = 0; i < 250; i++) {
      const variants = readVariants(ds, store.kind === 'postgres', i).filter((v) => v.kind === kind);
      const v = variants[i % variants.length];
      const s = performance.now();
      await store.query(v.sql, v.params);
      const took = performance.now() - s;
      if (i < 50) continue;
      sqlByKind[kind].push(took);
      sqlByVariant.set(v.name, [...(sqlByVariant.get(v.name) ?? []), took]);
    }
  }
  await store.close();

  const targets = { history: 5, audit: 50, list: 50 };
  const labels = {
    history: '4a. History of one case (10 rows), HTTP p50 / p99',
    audit: '4b. Cross-case audit page (20 rows, rotating filters), HTTP p50 / p99',
    list: '4c. Case list with filters (20 rows, rotating filters), HTTP p50 / p99',
  };
  for (const kind of ['history', 'audit', 'list'] as const) {
    const p50 = percentile(byKind[kind], 50);
    const p99 = percentile(byKind[kind], 99);
    const b50 = percentile(sqlByKind[kind], 50);
    const b99 = percentile(sqlByKind[kind], 99);
    figures.push({
      figure: labels[kind],
      value: `${ms(p50)} / ${ms(p99)}`,
      baseline: `SQL alone ${ms(b50)} / ${ms(b99)}`,
      ratio: `${fmt(p50 / b50, 1)}×`,
      target: `< ${targets[kind]} ms`,
      met: p99 < targets[kind],
    });
  }
  notes.push(
    `Reads: ${fmt(Number(caseRows))} cases, ${fmt(Number(historyRows))} history rows (10 per case; 39 actors, 10 event types, 2 years of dates, 11 states), ` +
      `20,000 subjects, a deadline row for most cases; bulk-loaded in ${fmt(loadMs / 1000, 1)} s, then ANALYZE. Hash chains of this data set are not valid ` +
      `(the read paths do not check them). 50 warm-up requests then 200 sequential requests per figure over one kept-alive connection, token verified on each. ` +
      `Target met = p99 under the target. Baseline = the endpoint's main SQL query alone through the raw driver (no HTTP, no framework).`,
  );
  const breakdown = [...byVariant.entries()].map(
    ([name, v]) =>
      `| ${name} | ${ms(percentile(v, 50))} | ${ms(percentile(v, 99))} | ${ms(percentile(sqlByVariant.get(name) ?? [], 50))} | ${v.length} |`,
  );
  readBreakdown.push(
    '| request | HTTP p50 | HTTP p99 | SQL alone p50 | n |',
    '|---|---|---|---|---|',
    ...breakdown,
  );

  // 5. Start-up and memory, against the bare server on the same data set.
  const bareStarts: number[] = [];
  let bareRss = NaN;
  for (let k = 0; k < 3; k++) {
    t = Date.now();
    const bare = startProcess([bin.bare], env, join(WORK, `bare-reads-${k}.log`));
    bareStarts.push((await waitForHttp(`${base}/api/v1/health`, bare)) - t);
    bareRss = rssMiB(bare.pid);
    await bare.stop();
  }
  const median = (xs: number[]) => percentile(xs, 50);
  startupFigures.unshift({ label: 'service, 100,000 cases (compiled, median of 3)', ms: median(starts) });
  startupFigures.push({
    label: 'bare Fastify + driver, 100,000 cases (median of 3)',
    ms: median(bareStarts),
  });
  memoryFigures.unshift({
    label: 'service after the read benchmark, 100,000 cases / 1,000,000 history rows',
    mib: serviceRss,
  });
  figures.push({
    figure: '5a. Memory (RSS) of the service, 100,000 cases / 1M history rows, after the reads',
    value: `${fmt(serviceRss)} MiB`,
    baseline: `bare Fastify + driver ${fmt(bareRss)} MiB`,
    ratio: `${fmt(serviceRss / bareRss, 1)}×`,
    target: '—',
    met: null,
  });
  figures.push({
    figure: '5b. Start-up, spawn → /api/v1/health answers (compiled, 100,000 cases, median of 3)',
    value: ms(median(starts)),
    baseline: `bare Fastify + driver ${ms(median(bareStarts))}`,
    ratio: `${fmt(median(starts) / median(bareStarts), 1)}×`,
    target: '—',
    met: null,
  });
  await dropStore(store);
}

const readBreakdown: string[] = [];

// ---------------------------------------------------------------------------------------------
// 6. The workbench in a browser: a case page usable, cold, against the sign-in page

const WEB_LOADS = 5;

async function benchWeb(bin: { main: string }): Promise<void> {
  log('6. web: building the workbench if web/dist is missing or stale (vite build, production) …');
  ensureWebBuilt();
  // The compiled service looks for web/dist beside its dist/ folder: here, dist/.bench-build/web.
  const link = join(BUILD, 'web');
  rmSync(link, { force: true });
  symlinkSync(join(ROOT, 'web'), link, 'dir');
  const store = await newStore('web');
  await store.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = startProcess(
    [bin.main],
    serviceEnv(store, { PORT: String(port), WENZE_ROLE: 'api' }),
    join(WORK, 'service-web.log'),
    nodeFlags('service-web'),
  );
  let browser: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    await waitForHttp(`${base}/api/v1/health`, proc);
    const officer = benchToken(SECRET, 'bench-officer', ['integration', 'officer'], BENCH_UNIT.code);
    const leader = benchToken(SECRET, 'bench-leader', ['leader'], BENCH_UNIT.code);
    const index = await call(base, 'GET', '/');
    if (!index.body.includes('<script')) throw new Error(`the service serves no built workbench at /`);

    // One case with history and time limits: opened, accepted, investigation approved, three statements.
    const opened = await call(base, 'POST', '/api/v1/cases', officer, {
      workflow: 'accountability',
      title: 'Bench case: late disbursement of flood relief',
      subject: {
        ref: 'bench-web-subject',
        kind: 'individual',
        name: 'Cadre 1',
        organisation: 'County Bureau 3',
      },
      source: 'incident',
      facts: 'Relief funds reached the townships three weeks late',
    });
    if (opened.status !== 201) throw new Error(`opening a case answered ${opened.status}: ${opened.body}`);
    const caseId = (JSON.parse(opened.body) as { id: string }).id;
    const events: [string, string, Record<string, unknown>][] = [
      [officer, 'ACCEPT', {}],
      [leader, 'APPROVE_INVESTIGATION', {}],
      [officer, 'RECORD_STATEMENT', { statement: 'I followed the instructions I was given' }],
      [officer, 'RECORD_STATEMENT', { statement: 'The township accounts were closed for audit' }],
      [officer, 'RECORD_STATEMENT', { statement: 'The bank transfer was held for two weeks' }],
    ];
    let deadlines = 0;
    for (const [token, type, payload] of events) {
      const r = await call(base, 'POST', `/api/v1/cases/${caseId}/events`, token, { type, payload });
      if (r.status !== 200) throw new Error(`${type} answered ${r.status}: ${r.body.slice(0, 300)}`);
      deadlines = (JSON.parse(r.body) as { deadlines: unknown[] }).deadlines.length;
    }
    if (!deadlines) throw new Error('the case in investigation has no deadlines to show');
    closeAgent();

    browser = await launch();
    const caseLoad = (cpuRate: number) =>
      coldLoad(browser!, {
        url: `${base}/cases/${caseId}`,
        // The actions panel with its event buttons, and the deadlines, of a loaded case page.
        selectors: [
          '.case-page[data-phase="ready"] #actions .action-list button[data-event]',
          '.case-page[data-phase="ready"] #deadlines ul.deadlines li',
        ],
        session: { key: 'wenze.token', value: officer },
        cpuRate,
      });
    const signInLoad = (cpuRate: number) =>
      coldLoad(browser!, {
        url: `${base}/`,
        selectors: ['.signin form button[type="submit"]'],
        cpuRate,
      });
    log(`6. web: ${WEB_LOADS} cold loads each of the sign-in page and a case page, CPU 1× then 4× slower …`);
    // One load of each first (not counted): the service's own first answers (JIT, file cache).
    await signInLoad(1);
    await caseLoad(1);
    const runs: Record<string, LoadTiming[]> = {};
    for (const rate of [1, 4]) {
      runs[`signin${rate}`] = [];
      runs[`case${rate}`] = [];
      // Interleaved, so that a busy moment of the shared machine falls on both.
      for (let k = 0; k < WEB_LOADS; k++) {
        runs[`signin${rate}`].push(await signInLoad(rate));
        runs[`case${rate}`].push(await caseLoad(rate));
      }
    }
    const med = (xs: LoadTiming[], k: keyof LoadTiming) =>
      percentile(
        xs.map((x) => x[k]),
        50,
      );
    const kib = (n: number) => `${fmt(n / 1024)} KiB`;
    for (const rate of [1, 4]) {
      const page = runs[`case${rate}`];
      const signIn = runs[`signin${rate}`];
      const value = med(page, 'usableMs');
      const base1 = med(signIn, 'usableMs');
      figures.push({
        figure: `6${rate === 1 ? 'a' : 'b'}. Case page usable, cold load (actions + deadlines shown), median of ${WEB_LOADS}${rate === 1 ? '' : ', CPU 4× slower'}`,
        value: ms(value),
        baseline: `sign-in page ${ms(base1)}`,
        ratio: `${fmt(value / base1, 1)}×`,
        target: rate === 1 ? '< 1 s' : '—',
        met: rate === 1 ? value < 1000 : null,
      });
    }
    const scripts = runs.case1;
    figures.push({
      figure: '6c. Case page scripts transferred until usable (cold, compressed)',
      value: `${kib(med(scripts, 'scriptTransferBytes'))} (${fmt(med(scripts, 'scripts'))} files)`,
      baseline: `sign-in page ${kib(med(runs.signin1, 'scriptTransferBytes'))}`,
      ratio: `${fmt(med(scripts, 'scriptTransferBytes') / med(runs.signin1, 'scriptTransferBytes'), 1)}×`,
      target: '—',
      met: null,
    });
    const row = (label: string, xs: LoadTiming[]) =>
      `| ${label} | ${xs.map((x) => fmt(x.usableMs)).join(', ')} | ${ms(med(xs, 'usableMs'))} | ${ms(Math.max(...xs.map((x) => x.usableMs)))} | ${ms(med(xs, 'domContentLoadedMs'))} | ${fmt(med(xs, 'scripts'))} | ${kib(med(xs, 'scriptTransferBytes'))} | ${kib(med(xs, 'scriptDecodedBytes'))} | ${kib(med(xs, 'allTransferBytes'))} |`;
    webDetail.push(
      '| page, CPU | usable, each load (ms) | median | max | DOMContentLoaded (median) | script files | scripts transferred | scripts decoded | all transferred |',
      '|---|---|---|---|---|---|---|---|---|',
      row('sign-in, 1×', runs.signin1),
      row('case page, 1×', runs.case1),
      row('sign-in, 4× slower', runs.signin4),
      row('case page, 4× slower', runs.case4),
      '',
    );
    notes.push(
      `Web: the compiled service (role api) serving the production build of web/ (vite build), Debian Chromium ${browser.version()} headless ` +
        `through playwright-core, on the same machine. A case opened over HTTP and walked to investigation (6 history rows, ${deadlines} deadline(s)); ` +
        `the officer's token put into sessionStorage before the app's scripts run. Each load in a new browser context with the cache disabled (cold), ` +
        `sign-in and case page interleaved, after one load of each not counted. "Usable" = navigation start → the first frame after the case page ` +
        `(phase ready) shows the actions panel's event buttons and the deadlines (sign-in page: its token form), timed by the page's own clock. ` +
        `Bytes from the page's resource timing up to that moment (transferred = headers + compressed body). CPU 4× slower: CDP Emulation.setCPUThrottlingRate.`,
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await stopProc(proc);
    await dropStore(store);
  }
}

const webDetail: string[] = [];

// ---------------------------------------------------------------------------------------------
// Report

function table(): string {
  const head = ['figure', 'value', 'baseline', 'ratio', 'target', 'met?'];
  const rows = figures.map((f) => [
    f.figure,
    f.value,
    f.baseline,
    f.ratio,
    f.target,
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
  ]);
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function printTable(): void {
  const head = ['figure', 'value', 'baseline', 'ratio', 'target', 'met?'];
  const rows = figures.map((f) => [
    f.figure,
    f.value,
    f.baseline,
    f.ratio,
    f.target,
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  process.stdout.write(
    `\n${line(head)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n${rows.map(line).join('\n')}\n\n`,
  );
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let load = '';
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    // not Linux
  }
  return `${cpus().length} cores (nproc), ${cpu}; ${fmt(totalmem() / 2 ** 30, 1)} GiB memory; Node ${process.version}; ${process.platform} ${process.arch}; load average at the end ${load}`;
}

function writeResults(totalMs: number): void {
  const file = join(ROOT, 'bench', 'results.md');
  const section = [
    `<!-- store:${STORE} -->`,
    `## ${STORE === 'sqlite' ? 'SQLite (better-sqlite3, WAL)' : 'PostgreSQL'}`,
    '',
    `Run ${new Date().toISOString()} · ${machine()} · whole run ${fmt(totalMs / 1000)} s`,
    '',
    table(),
    '',
    '### HTTP events: the whole distribution, and where the time goes',
    '',
    ...httpDetail,
    '### Reads, by request',
    '',
    ...readBreakdown,
    '',
    ...(webDetail.length ? ['### The workbench: cold loads in Chromium', '', ...webDetail] : []),
    '### Start-up (spawn → /api/v1/health answers 200)',
    '',
    ...startupFigures.map((s) => `- ${s.label}: ${ms(s.ms)}`),
    '',
    '### Memory (RSS)',
    '',
    ...memoryFigures.map((m) => `- ${m.label}: ${fmt(m.mib)} MiB`),
    '',
    '### Notes',
    '',
    ...notes.map((n) => `- ${n}`),
    `<!-- /store:${STORE} -->`,
  ].join('\n');
  const header = [
    '# Wenze benchmark results',
    '',
    'Written by `npm run bench` (SQLite) and `DATABASE_URL=postgres://… npm run bench` (PostgreSQL); each run replaces its own section.',
    'Every figure is measured in the same run as its baseline. Ratios: throughput = value ÷ baseline; latency, memory and start-up = value ÷ baseline (× slower/larger).',
    'The machine is shared: other processes may run beside the benchmark, so compare ratios rather than absolute figures across runs.',
    '',
  ].join('\n');
  let existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const block = (name: string) =>
    new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`).exec(existing)?.[0];
  const other = STORE === 'sqlite' ? 'postgres' : 'sqlite';
  const keep = block(`store:${other}`);
  // The events runs of BENCH_RESULTS=events stay: a full run does not replace them.
  const events = [block('events:sqlite'), block('events:postgres')];
  // So do the reads at scale of `npm run bench:reads` (bench/reads.ts).
  const reads = [block('reads:sqlite'), block('reads:postgres')];
  existing = [header, ...events, ...(STORE === 'sqlite' ? [section, keep] : [keep, section]), ...reads]
    .filter(Boolean)
    .join('\n\n');
  writeFileSync(file, `${existing.trimEnd()}\n`);
  log(`wrote ${file}`);
}

/**
 * BENCH_ONLY=engine,http BENCH_RESULTS=events: the HTTP events figures of this run into a section of
 * results.md of their own (per store), leaving the full runs' sections as they are.
 */
function writeEventResults(totalMs: number): void {
  const file = join(ROOT, 'bench', 'results.md');
  const name = `events:${STORE}`;
  const section = [
    `<!-- ${name} -->`,
    `## Events over HTTP, ${STORE === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (\`BENCH_ONLY=engine,http BENCH_RESULTS=events\`)`,
    '',
    `Run ${new Date().toISOString()} · ${machine()} · whole run ${fmt(totalMs / 1000)} s`,
    '',
    table(),
    '',
    ...httpDetail,
    '### Notes',
    '',
    ...notes.map((n) => `- ${n}`),
    `<!-- /${name} -->`,
  ].join('\n');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Wenze benchmark results\n';
  const pattern = new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`);
  let text: string;
  if (pattern.test(existing)) text = existing.replace(pattern, () => section);
  else {
    // After the header, before the full runs' sections.
    const at = existing.search(/<!-- (store|events):/);
    text =
      at < 0
        ? `${existing.trimEnd()}\n\n${section}\n`
        : `${existing.slice(0, at)}${section}\n\n${existing.slice(at)}`;
  }
  writeFileSync(file, `${text.trimEnd()}\n`);
  log(`wrote the events section of ${file}`);
}

async function cleanRedis(): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`store ${STORE}; run ${RUN_ID}; temp ${WORK}; Redis prefix ${QUEUE_PREFIX}`);
  pinClient();
  const bin = build();
  // The engine scenario also makes the seed case the bulk set-ups of http and deadlines copy.
  const seed = ['engine', 'http', 'deadlines'].some(wanted) ? await benchEngine() : undefined;
  if (!wanted('engine')) {
    figures.length = 0;
    notes.length = 0;
  }
  if (wanted('http')) await benchHttp(seed!, bin);
  if (wanted('deadlines')) {
    await benchDeadlines(seed!, bin, 10_000);
    await benchDeadlines(seed!, bin, 100_000);
  }
  if (wanted('queries')) await benchQueries(bin);
  if (wanted('web')) await benchWeb(bin);
  const total = Date.now() - started;
  if (readBreakdown.length) process.stdout.write(`\n${readBreakdown.join('\n')}\n`);
  if (httpDetail.length) process.stdout.write(`\n${httpDetail.join('\n')}\n`);
  if (webDetail.length) process.stdout.write(`\n${webDetail.join('\n')}\n`);
  printTable();
  if (!ONLY) writeResults(total);
  else if (process.env.BENCH_RESULTS === 'events' && wanted('http')) writeEventResults(total);
  log(`done in ${fmt(total / 1000)} s`);
}

let pinned = '';

/** BENCH_CLIENT_CPUS: every thread of this process (autocannon's included) on those cores. */
function pinClient(): void {
  const client = process.env.BENCH_CLIENT_CPUS;
  const service = process.env.BENCH_SERVICE_CPUS;
  if (client) execFileSync('taskset', ['-a', '-p', '-c', client, String(process.pid)], { stdio: 'pipe' });
  if (client || service) {
    pinned = `load generator on CPU ${client ?? 'any'}, services on CPU ${service ?? 'any'} (taskset)`;
    log(pinned);
  }
}

async function cleanup(): Promise<void> {
  killAll();
  for (const s of [...stores]) await s.drop().catch(() => undefined);
  await cleanRedis().catch((e: Error) => log(`could not clean Redis keys ${QUEUE_PREFIX}*: ${e.message}`));
  if (!PROFILE) rmSync(WORK, { recursive: true, force: true });
  else log(`profiles and logs kept in ${WORK}`);
}

process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
main()
  .then(cleanup)
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack}\n`);
    process.stderr.write(`logs in ${WORK}\n`);
    killAll();
    for (const s of [...stores]) await s.drop().catch(() => undefined);
    await cleanRedis().catch(() => undefined);
    process.exit(1);
  });

void randomUUID;
