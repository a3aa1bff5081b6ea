/*
 * `npm run bench:reads`: the reads at scale (issue 21). Loads (or resumes loading) a data set of
 * BENCH_READS_CASES cases (default 1,000,000; 10 history rows each on average, see lib/reads-data.ts)
 * into a SQLite file under BENCH_READS_DIR (default /tmp/wenze-reads) or, with DATABASE_URL, into a
 * database of its own on that PostgreSQL server (wenze_reads_<cases>), kept between runs so that a
 * load interrupted resumes and a second run measures at once. Then starts the compiled service on it
 * and sends bounded, sequential requests (warm-up, then BENCH_READS_REQUESTS per figure) over one
 * kept-alive connection: the case list (default page and common filters), audit search (filtered and
 * unfiltered), a subject's record, the inbox and the indices. Writes its own section of
 * bench/results.md (`<!-- reads:sqlite -->` / `<!-- reads:postgres -->`).
 *
 *   npm run bench:reads                           SQLite, 1,000,000 cases
 *   DATABASE_URL=postgres://… npm run bench:reads PostgreSQL
 *   BENCH_READS_CASES=100000 npm run bench:reads  a smaller scale
 *   BENCH_READS_LOAD_ONLY=1                       load (or resume) and stop
 *   BENCH_READS_DROP=1                            delete the data set at the end
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/engine/persistence/data-source.options';
import { benchToken, call, closeAgent, percentile } from './lib/http';
import { freePort, killAll, startProcess, tail, waitForHttp, type Proc } from './lib/proc';
import {
  BULK_TABLES,
  CHUNK,
  CHUNK_TABLES,
  CITIES,
  COUNTIES,
  ROOT_UNIT,
  UNIT_TABLE,
  caseIdOf,
  chunkRows,
  historyRowsFor,
  refOf,
  saveIndexes,
  savedIndexes,
  subjectIdOf,
  unitRows,
  type ChunkRows,
} from './lib/reads-data';
import { ACTORS } from './lib/seed';
import type { TableSpec } from './lib/store';

const ROOT = resolve(__dirname, '..');
const CASES = Number(process.env.BENCH_READS_CASES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_READS_REQUESTS ?? 200);
const WARMUP = 10;
/** The engine's read models built at start-up (table read_model): case_waiting and case_tally. */
const READ_MODELS = 2;
/** A request whose warm-up takes longer than this (on median) is sampled SLOW_REQUESTS times only. */
const SLOW_MS = 150;
const SLOW_REQUESTS = 30;
const PG_URL = process.env.DATABASE_URL || undefined;
const STORE: 'sqlite' | 'postgres' = PG_URL ? 'postgres' : 'sqlite';
const DIR = join(process.env.BENCH_READS_DIR ?? '/tmp/wenze-reads', `${STORE}-${CASES}`);
const SECRET = randomBytes(32).toString('hex');
const GOAL_MS = 50;

function log(msg: string): void {
  process.stdout.write(`[reads ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;

// ---------------------------------------------------------------------------------------------
// The store: a SQLite file or a PostgreSQL database, both kept between runs.

interface Loader {
  /** The application's migrations (the schema); idempotent. */
  migrate(): Promise<void>;
  count(table: string): Promise<number>;
  /** One chunk, all tables, one transaction. */
  insertChunk(rows: ChunkRows): Promise<void>;
  insert(table: TableSpec, rows: unknown[][]): Promise<void>;
  /** The secondary indexes of the bulk tables (DDL), dropped. */
  dropIndexes(): Promise<string[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  env: Record<string, string>;
  drop(): Promise<void>;
  /** Size on disk, bytes. */
  size(): Promise<number>;
}

const pgDbName = `wenze_reads_${CASES}`;
function pgUrl(): string {
  const url = new URL(PG_URL!);
  url.pathname = `/${pgDbName}`;
  return url.toString();
}

function sqliteLoader(): Loader {
  const path = join(DIR, 'wenze.sqlite');
  let db: BetterSqlite3.Database | undefined;
  const open = () => {
    if (!db) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Database = require('better-sqlite3') as typeof BetterSqlite3;
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -1000000');
    }
    return db;
  };
  const bool = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  const statements = new Map<string, BetterSqlite3.Statement>();
  const stmt = (t: TableSpec) => {
    let s = statements.get(t.name);
    if (!s) {
      s = open().prepare(
        `INSERT INTO "${t.name}" (${t.columns.map(([c]) => `"${c}"`).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
      );
      statements.set(t.name, s);
    }
    return s;
  };
  return {
    env: { DATABASE_PATH: path, DATABASE_URL: '' },
    async migrate() {
      const ds = new DataSource(dataSourceOptions({ DATABASE_PATH: path, DATABASE_URL: undefined }));
      await ds.initialize();
      await ds.destroy();
    },
    async count(table) {
      return Number((open().prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
    },
    async insertChunk(rows) {
      open().transaction(() => {
        for (const [t, key] of CHUNK_TABLES) {
          const s = stmt(t);
          for (const r of rows[key]) s.run(r.map(bool));
        }
      })();
    },
    async insert(t, rows) {
      open().transaction(() => {
        for (const r of rows) stmt(t).run(r.map(bool));
      })();
    },
    async dropIndexes() {
      const list = open()
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map((t) => `'${t}'`).join(', ')})`,
        )
        .all() as { name: string; sql: string }[];
      for (const i of list) open().exec(`DROP INDEX "${i.name}"`);
      return list.map((i) => i.sql);
    },
    async exec(sql) {
      open().exec(sql);
    },
    async close() {
      statements.clear();
      db?.close();
      db = undefined;
    },
    async drop() {
      statements.clear();
      db?.close();
      db = undefined;
      rmSync(DIR, { recursive: true, force: true });
    },
    async size() {
      const p = open().pragma('page_count', { simple: true }) as number;
      const s = open().pragma('page_size', { simple: true }) as number;
      return p * s;
    },
  };
}

async function pgLoader(): Promise<Loader> {
  const admin = new PgClient({ connectionString: PG_URL });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [pgDbName]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${pgDbName}`);
  await admin.end();
  let client: PgClient | undefined;
  const get = async () => {
    if (!client) {
      client = new PgClient({ connectionString: pgUrl() });
      await client.connect();
      await client.query('SET synchronous_commit = off');
      await client.query("SET maintenance_work_mem = '1GB'");
    }
    return client;
  };
  const pgType = { text: 'text', int: 'int', bool: 'bool' } as const;
  const insert = async (c: PgClient, t: TableSpec, rows: unknown[][]) => {
    const cols = t.columns.map(([n]) => `"${n}"`).join(', ');
    const unnest = t.columns.map(([, ty], i) => `$${i + 1}::${pgType[ty]}[]`).join(', ');
    for (let i = 0; i < rows.length; i += 20_000) {
      const part = rows.slice(i, i + 20_000);
      await c.query(
        `INSERT INTO "${t.name}" (${cols}) SELECT * FROM unnest(${unnest})`,
        t.columns.map((_, k) => part.map((r) => r[k])),
      );
    }
  };
  return {
    env: { DATABASE_URL: pgUrl() },
    async migrate() {
      const ds = new DataSource(dataSourceOptions({ DATABASE_URL: pgUrl(), DATABASE_PATH: '' }));
      await ds.initialize();
      await ds.destroy();
    },
    async count(table) {
      const c = await get();
      return Number((await c.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n);
    },
    async insertChunk(rows) {
      const c = await get();
      await c.query('BEGIN');
      try {
        for (const [t, key] of CHUNK_TABLES) await insert(c, t, rows[key]);
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK');
        throw error;
      }
    },
    async insert(t, rows) {
      await insert(await get(), t, rows);
    },
    async dropIndexes() {
      const c = await get();
      const { rows } = await c.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
        [BULK_TABLES],
      );
      for (const r of rows) await c.query(`DROP INDEX "${r.indexname}"`);
      return rows.map((r) => r.indexdef);
    },
    async exec(sql) {
      await (await get()).query(sql);
    },
    async close() {
      await client?.end();
      client = undefined;
    },
    async drop() {
      await client?.end();
      client = undefined;
      const a = new PgClient({ connectionString: PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${pgDbName} WITH (FORCE)`);
      await a.end();
      rmSync(DIR, { recursive: true, force: true });
    },
    async size() {
      const c = await get();
      return Number((await c.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Load (resumable)

async function load(store: Loader): Promise<{ loadMs: number; resumedAt: number }> {
  mkdirSync(DIR, { recursive: true });
  // Not while a load is half done: its indexes are dropped, and a migration added since (an index on
  // them) runs when the service starts on the loaded data set.
  if (savedIndexes(DIR) === null) await store.migrate();
  if ((await store.count('unit')) === 0) await store.insert(UNIT_TABLE, unitRows());
  let done = await store.count('case');
  // BENCH_READS_LOAD_UNTIL: stop after this many cases (the oldest part of the data set), e.g. when
  // the machine is too busy to load it all before a deadline; the figures then state that scale.
  const until = Math.min(CASES, Number(process.env.BENCH_READS_LOAD_UNTIL ?? CASES));
  const chunks = Math.ceil(until / CHUNK);
  const resumedAt = done;
  if (done >= until && savedIndexes(DIR) === null) return { loadMs: 0, resumedAt };
  if (done % CHUNK !== 0) throw new Error(`${done} cases: not a whole number of chunks (${CHUNK})`);
  if (savedIndexes(DIR) === null) {
    saveIndexes(DIR, await store.dropIndexes());
    log(`dropped ${savedIndexes(DIR)!.length} secondary indexes for the bulk load (rebuilt at the end)`);
  }
  const started = Date.now();
  let lastLine = 0;
  for (let k = done / CHUNK; k < chunks; k++) {
    await store.insertChunk(chunkRows(k, CASES));
    done = Math.min(CASES, (k + 1) * CHUNK);
    if (Date.now() - lastLine > 5_000 || done === until) {
      lastLine = Date.now();
      const rate = (done - resumedAt) / ((Date.now() - started) / 1000);
      log(
        `loaded ${fmt(done)} / ${fmt(until)} cases (${fmt(historyRowsFor(done))} history rows), ` +
          `${fmt(rate)} cases/s, about ${fmt((until - done) / rate)} s to go`,
      );
    }
  }
  const ddl = savedIndexes(DIR) ?? [];
  for (const [i, sql] of ddl.entries()) {
    const t = Date.now();
    await store.exec(sql);
    log(`index ${i + 1}/${ddl.length} built in ${fmt((Date.now() - t) / 1000, 1)} s: ${sql.slice(0, 90)}`);
  }
  rmSync(join(DIR, 'indexes.json'));
  const t = Date.now();
  // PostgreSQL: also the visibility map, as autovacuum leaves a table some time after a bulk insert
  // (without it, a count the index covers reads every row: a city's overdue limits 140 ms, not 3 ms)
  const analyse = STORE === 'postgres' ? 'VACUUM (ANALYZE)' : 'ANALYZE';
  await store.exec(analyse);
  log(`${analyse} in ${fmt((Date.now() - t) / 1000, 1)} s`);
  return { loadMs: Date.now() - started, resumedAt };
}

// ---------------------------------------------------------------------------------------------
// Measure

interface Variant {
  figure: string;
  name: string;
  path: (i: number) => string;
  token: string;
}

/** The requests; ids are drawn from the `loaded` cases (a partial load has fewer than CASES). */
function variants(loaded: number): Variant[] {
  const root = benchToken(SECRET, 'bench-supervisor', ['supervisor', 'officer', 'leader'], ROOT_UNIT);
  const county = (i: number) => COUNTIES[(i * 37) % COUNTIES.length];
  const countyToken = benchToken(SECRET, 'officer-3', ['officer', 'supervisor'], 'c03k04');
  const leaderToken = benchToken(SECRET, 'leader-2', ['leader'], 'c05k06');
  const cityLeader = benchToken(SECRET, 'leader-7', ['leader'], 'c07');
  const operator = benchToken(SECRET, 'ops-1', ['admin'], ROOT_UNIT);
  const caseAt = (i: number) => caseIdOf((i * 7919 + 13) % loaded);
  const actor = (i: number) => ACTORS[i % (ACTORS.length - 1)];
  const t0 = Date.parse('2025-01-01T00:00:00.000Z');
  const from = (i: number) => new Date(t0 + ((i * 17) % 600) * 86_400_000).toISOString();
  const to = (i: number) => new Date(Date.parse(from(i)) + 30 * 86_400_000).toISOString();
  const v = (figure: string, name: string, path: (i: number) => string, token = root): Variant => ({
    figure,
    name,
    path,
    token,
  });
  return [
    v('case list', 'default page (root unit: every case)', () => '/api/v1/cases'),
    v('case list', 'default page, a county officer', () => '/api/v1/cases', countyToken),
    v('case list', 'status=active', () => '/api/v1/cases?status=active'),
    v(
      'case list',
      'workflow=accountability&status=closed',
      () => '/api/v1/cases?workflow=accountability&status=closed',
    ),
    v('case list', 'state=investigation', () => '/api/v1/cases?state=investigation'),
    v('case list', 'overdue=true', () => '/api/v1/cases?overdue=true'),
    v('case list', 'unitId=<a county>', (i) => `/api/v1/cases?unitId=${county(i)}`),
    v(
      'case list',
      'subjectId=<a person>',
      (i) => `/api/v1/cases?subjectId=${subjectIdOf((i * 104729) % loaded)}`,
    ),
    v('case list', 'q=flood', () => '/api/v1/cases?q=flood'),
    v('case list', 'second page (cursor)', () => '/api/v1/cases?status=active&cursor=@next'),
    v('audit search', 'unfiltered', () => '/api/v1/audit'),
    v('audit search', 'unfiltered, a county supervisor', () => '/api/v1/audit', countyToken),
    v('audit search', 'actor=<an officer>', (i) => `/api/v1/audit?actor=${actor(i)}`),
    v('audit search', 'type=DECIDE', () => '/api/v1/audit?type=DECIDE'),
    v('audit search', '30-day range', (i) => `/api/v1/audit?from=${from(i)}&to=${to(i)}`),
    v('audit search', 'caseId=<a case>', (i) => `/api/v1/audit?caseId=${caseAt(i)}`),
    v('subject record', 'by subject id', (i) => `/api/v1/subjects/${subjectIdOf((i * 104729 + 7) % loaded)}`),
    v(
      'subject record',
      'by personal reference',
      (i) => `/api/v1/subjects/${refOf((i * 104729 + 7) % loaded)}`,
    ),
    v('inbox', 'a county officer', () => '/api/v1/inbox', countyToken),
    v('inbox', 'a county leader', () => '/api/v1/inbox', leaderToken),
    v('indices', 'a county, this year', (i) => `/api/v1/indices?year=2026&unit=${county(i)}`),
    v(
      'indices',
      'a city (11 units), this year',
      (i) => `/api/v1/indices?year=2026&unit=${CITIES[i % CITIES.length]}`,
      root,
    ),
    v('indices', 'a city leader, own city, last year', () => '/api/v1/indices?year=2025', cityLeader),
    v('indices', 'the province (111 units), this year', () => '/api/v1/indices?year=2026', root),
    v('indices', 'the province (111 units), last year', () => '/api/v1/indices?year=2025', root),
    // what operators poll: each scrape counts the deadlines, each health check (once a minute) the states
    v('operations', 'GET /metrics (a scrape)', () => '/api/v1/metrics', operator),
    v('operations', 'GET /health', () => '/api/v1/health', root),
  ];
}

function build(): string {
  const out = join(ROOT, 'dist', `.bench-reads-build-${STORE}`);
  log('compiling src/ (tsc) for the service …');
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        join(out, 'dist'),
        '--incremental',
        '--tsBuildInfoFile',
        join(out, 'tsbuildinfo'),
        '--sourceMap',
        'false',
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (error) {
    log(`tsc reported problems: ${String((error as { stdout?: Buffer }).stdout ?? '').slice(0, 500)}`);
  }
  const main = join(out, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error('the compile produced no src/main.js');
  return main;
}

interface Row {
  figure: string;
  name: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  items: number;
}

async function measure(
  store: Loader,
  main: string,
  loaded: number,
): Promise<{ rows: Row[]; startMs: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...store.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    WENZE_ROLE: 'api',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `wenze-bench-reads-${randomBytes(4).toString('hex')}`,
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    NODE_ENV: 'development',
    FILES_DIR: join(DIR, 'files'),
    DOSSIER_SIGNING_KEY_FILE: join(DIR, 'dossier-key.pem'),
  };
  const logFile = join(DIR, 'service.log');
  const t = Date.now();
  const proc: Proc = startProcess([main], env, logFile);
  try {
    // A first start on the data set runs pending migrations (index builds): allow for it.
    await waitForHttp(`${base}/api/v1/health`, proc, 30 * 60_000);
    const startMs = Date.now() - t;
    log(`service up in ${fmt(startMs / 1000, 1)} s`);
    // The read models of a data set loaded around the service (the inbox's case_waiting, the indices'
    // case_tally) are built at start-up, in the background (the old reads answer meanwhile): measure
    // once both are there.
    while ((await store.count('read_model')) < READ_MODELS) await new Promise((r) => setTimeout(r, 1000));
    await store.close();
    log(`read models built ${fmt((Date.now() - t - startMs) / 1000, 1)} s after start-up`);
    const rows: Row[] = [];
    for (const v of variants(loaded)) {
      const times: number[] = [];
      let items = 0;
      let cursor: string | null = null;
      const warm: number[] = [];
      let count = REQUESTS;
      for (let i = 0; i < WARMUP + count; i++) {
        let path = v.path(i);
        if (path.includes('@next')) {
          if (!cursor) {
            const first = await call(base, 'GET', path.replace(/&?cursor=@next/, ''), v.token);
            cursor = (JSON.parse(first.body) as { nextCursor: string | null }).nextCursor;
          }
          path = path.replace('@next', encodeURIComponent(cursor ?? ''));
        }
        const reply = await call(base, 'GET', path, v.token);
        if (reply.status !== 200) {
          throw new Error(`${path} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
        }
        if (i < WARMUP) {
          warm.push(reply.ms);
          if (i === WARMUP - 1 && percentile(warm, 50) > SLOW_MS) count = Math.min(REQUESTS, SLOW_REQUESTS);
          continue;
        }
        times.push(reply.ms);
        // /metrics answers Prometheus' text: its lines count as items
        if (!reply.body.startsWith('{'))
          items += reply.body.split('\n').filter((l) => /^wenze_/.test(l)).length;
        else {
          const body = JSON.parse(reply.body) as { items?: unknown[]; rows?: unknown[]; cases?: unknown[] };
          items += (body.items ?? body.rows ?? body.cases ?? []).length;
        }
      }
      const row = {
        figure: v.figure,
        name: v.name,
        n: times.length,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        max: Math.max(...times),
        items: items / times.length,
      };
      rows.push(row);
      log(`${v.figure} — ${v.name}: p50 ${ms(row.p50)}, p99 ${ms(row.p99)}, ${fmt(row.items, 1)} items`);
    }
    return { rows, startMs };
  } catch (error) {
    log(tail(logFile));
    throw error;
  } finally {
    await proc.stop();
    closeAgent();
  }
}

function machine(): string {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${cpus().length} cores, ${cpu}; ${fmt(totalmem() / 2 ** 30, 1)} GiB; Node ${process.version}`;
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`;
  }
}

function writeSection(rows: Row[], info: string[]): void {
  const file = join(ROOT, 'bench', 'results.md');
  const figures = [...new Set(rows.map((r) => r.figure))];
  const summary = figures.map((f) => {
    const of = rows.filter((r) => r.figure === f);
    const worst = of.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    const met = of.every((r) => r.p99 < GOAL_MS);
    return `| ${f} | ${ms(Math.max(...of.map((r) => r.p50)))} | ${ms(worst.p99)} (${worst.name}) | < ${GOAL_MS} ms | ${met ? 'yes' : 'NO'} |`;
  });
  const section = [
    `<!-- reads:${STORE} -->`,
    `## Reads at scale — ${STORE === 'sqlite' ? 'SQLite (better-sqlite3, WAL)' : 'PostgreSQL'}`,
    '',
    'Written by `npm run bench:reads` (`DATABASE_URL=postgres://… npm run bench:reads` for PostgreSQL).',
    '',
    ...info.map((l) => `- ${l}`),
    '',
    '| figure | worst p50 | worst p99 (request) | goal | met? |',
    '|---|---|---|---|---|',
    ...summary,
    '',
    '| figure | request | n | p50 | p99 | max | items per answer |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.name} | ${r.n} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${fmt(r.items, 1)} |`,
    ),
    `<!-- /reads:${STORE} -->`,
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Wenze benchmark results\n';
  const re = new RegExp(`<!-- reads:${STORE} -->[\\s\\S]*?<!-- /reads:${STORE} -->`);
  text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
  log(`wrote ${file}`);
}

async function main(): Promise<void> {
  log(
    `${STORE}, ${fmt(CASES)} cases, ${fmt(historyRowsFor(CASES))} history rows; data in ${STORE === 'sqlite' ? DIR : pgDbName}`,
  );
  mkdirSync(DIR, { recursive: true });
  const store = STORE === 'sqlite' ? sqliteLoader() : await pgLoader();
  try {
    const before = uptime();
    const { loadMs, resumedAt } = await load(store);
    const counts = {
      cases: await store.count('case'),
      history: await store.count('transition'),
      subjects: await store.count('subject'),
      deadlines: await store.count('deadline'),
      measures: await store.count('measure'),
      accessLog: await store.count('access_log'),
    };
    const size = await store.size();
    await store.close();
    log(`data set: ${JSON.stringify(counts)}, ${fmt(size / 2 ** 30, 1)} GiB`);
    if (process.env.BENCH_READS_LOAD_ONLY === '1') return;
    const mainJs = build();
    const { rows, startMs } = await measure(store, mainJs, counts.cases);
    writeSection(rows, [
      `Run ${new Date().toISOString()} · ${machine()}`,
      `Scale: ${fmt(counts.cases)} cases, ${fmt(counts.history)} history rows, ${fmt(counts.subjects)} subject records (${fmt(200_000)} people), ` +
        `${fmt(counts.deadlines)} deadlines, ${fmt(counts.measures)} measures, ${fmt(counts.accessLog)} access-log rows; ` +
        `111 units (1 province, 10 cities, 100 counties; 90% of cases in counties), 5 workflows (75% accountability), 2 years of dates; ` +
        `${fmt(size / 2 ** 30, 1)} GiB on disk` +
        (counts.cases < CASES
          ? ` — NOT the full data set: the oldest ${fmt(counts.cases)} of its ${fmt(CASES)} cases (BENCH_READS_LOAD_UNTIL; ` +
            `the machine was too busy to load it all in time), so dates cover the first ${fmt((24 * counts.cases) / CASES)} of its 24 months`
          : '') +
        (loadMs
          ? `; loaded in ${fmt(loadMs / 1000)} s${resumedAt ? ` (resumed at ${fmt(resumedAt)})` : ''}`
          : ' (loaded by an earlier run)'),
      `Requests: ${WARMUP} warm-up then ${REQUESTS} sequential requests per row (${SLOW_REQUESTS} when the warm-up's median is over ${SLOW_MS} ms: n says) over one kept-alive connection, token verified and access logged on each; ` +
        `service compiled, role api, LOG_LEVEL=warn; start-up on this data set ${fmt(startMs / 1000, 1)} s`,
      `Machine load: before \`${before}\`; after \`${uptime()}\` (2 cores shared with other work)`,
    ]);
  } finally {
    if (process.env.BENCH_READS_DROP === '1') {
      log('dropping the data set');
      await store.drop();
    } else await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    killAll();
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
