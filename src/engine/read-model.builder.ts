import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from './persistence/case.entity';
import { isBusy, isDeadlock, isUniqueViolation } from './persistence/driver-errors';
import { numbered } from './persistence/prepared-statements';
import { analyseIfAnalysed } from './persistence/migrations/1765850000000-case-workflow-unit-index';
import type { TransactionRunner } from './persistence/transaction.runner';

const BATCH = 250;
/** Progress is logged every so many batches. */
const LOG_EVERY = 40;

/** What a batch reads of each case. */
export type BuiltCase = Pick<
  CaseEntity,
  'id' | 'workflow' | 'workflowVersion' | 'unitId' | 'subjectId' | 'status' | 'snapshot' | 'createdAt'
>;

/**
 * Builds one of the engine's read models (rows kept beside each case by the write path) for the cases
 * that existed before it: at start-up, when its marker (table read_model) is not set, the cases are
 * walked in batches (keyset by id), each batch's rows written in one transaction — its case rows locked
 * (FOR UPDATE on PostgreSQL; SQLite has one writer) so that no event on them interleaves — then the
 * marker is set. Several processes may build at once: a batch rewrites its cases' rows whole, so doing
 * it twice changes nothing, and a process stops when it sees the marker another one set. New changes
 * keep the rows themselves (the write path), so the walk never has to come back.
 */
export abstract class ReadModelBuilder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private built = false;
  private stopped = false;
  private running?: Promise<void>;

  /** The marker's name (the model's table). */
  protected abstract readonly model: string;
  /** What the model is, in the log's words. */
  protected abstract readonly label: string;
  /** What answers meanwhile, in the log's words (when the build fails). */
  protected abstract readonly fallback: string;
  /** Only the active cases have rows. */
  protected abstract readonly activeOnly: boolean;

  constructor(protected readonly tx: TransactionRunner) {}

  /** Rewrites the rows of a batch's cases; answers how many rows it wrote. */
  protected abstract write(m: EntityManager, cases: readonly BuiltCase[]): Promise<number>;

  /** Replaces the rows of the cases in the model's table (keyed by case_id) with `rows` of `columns`. */
  protected async replace(
    m: EntityManager,
    cases: readonly BuiltCase[],
    columns: string,
    rows: readonly (readonly unknown[])[],
  ): Promise<number> {
    const ids = cases.map((c) => c.id);
    const pg = this.tx.isPostgres;
    if (pg) await m.query(`DELETE FROM ${this.model} WHERE case_id = ANY($1)`, [ids]);
    else await m.query(`DELETE FROM ${this.model} WHERE case_id IN (${ids.map(() => '?').join(', ')})`, ids);
    await insertChunked(m, pg, `INSERT INTO ${this.model} (${columns})`, rows);
    return rows.length;
  }

  onApplicationBootstrap(): void {
    this.running = this.build().catch((error: Error) =>
      this.logger.error(`${this.label} could not be built; ${this.fallback}: ${error.message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Whether every case's rows are there (the marker is set); cached once true. */
  async isBuilt(): Promise<boolean> {
    if (this.built) return true;
    const rows = await this.tx.dataSource.query<unknown[]>(
      `SELECT 1 FROM read_model WHERE name = ${this.tx.isPostgres ? '$1' : '?'}`,
      [this.model],
    );
    return (this.built = rows.length > 0);
  }

  /** Walks the cases and writes their rows, unless built already; then sets the marker. */
  async build(): Promise<void> {
    if (await this.isBuilt()) return;
    const started = Date.now();
    this.logger.log(`${this.label} (${this.model}): building it for the existing cases`);
    let after = '';
    let batches = 0;
    let cases = 0;
    let rows = 0;
    for (;;) {
      if (this.stopped) return;
      if (batches && batches % LOG_EVERY === 0) {
        if (await this.isBuilt()) {
          this.logger.log(`${this.label} was built by another process (${cases} cases done here)`);
          return;
        }
        this.logger.log(`${this.label}: ${cases} cases, ${rows} rows so far (${batches} batches)`);
      }
      const batch = await this.batchRetried(after);
      // SQLite answers synchronously: give the event loop a turn, so requests are served meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      if (!batch.last) break;
      after = batch.last;
      batches++;
      cases += batch.cases;
      rows += batch.rows;
    }
    await this.analyse();
    await this.tx.dataSource.query(
      this.tx.isPostgres
        ? `INSERT INTO read_model (name, built_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`
        : `INSERT OR IGNORE INTO read_model (name, built_at) VALUES (?, ?)`,
      [this.model, new Date().toISOString()],
    );
    this.built = true;
    this.logger.log(`${this.label} is built: ${cases} cases, ${rows} rows, ${Date.now() - started} ms`);
  }

  /**
   * The planner's statistics of the table just filled: without them PostgreSQL planned a city's
   * surveys as a nested loop over every one (3.7 s instead of milliseconds). SQLite's are gathered only
   * where ANALYZE ran before (a store never analysed keeps the planner's defaults).
   */
  private async analyse(): Promise<void> {
    if (this.tx.isPostgres) {
      await this.tx.dataSource.query(`ANALYZE ${this.model}`);
      return;
    }
    const runner = this.tx.dataSource.createQueryRunner();
    try {
      await analyseIfAnalysed(runner, this.model);
    } finally {
      await runner.release();
    }
  }

  /**
   * A batch, tried again when the store refuses it for a moment: a deadlock with an event that locks
   * a second case (a linked case) while the batch waits for the first, or a busy SQLite file.
   */
  private async batchRetried(after: string) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tx.run((m) => this.buildBatch(m, after));
      } catch (error) {
        const passing = isDeadlock(error) || isBusy(error) || isUniqueViolation(error);
        if (!passing || attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  /** One batch of cases after `after` (by id): their rows rewritten. */
  private async buildBatch(m: EntityManager, after: string) {
    const pg = this.tx.isPostgres;
    const found = await m.query<Record<string, unknown>[]>(
      `SELECT id, workflow, workflow_version, unit_id, subject_id, status, snapshot, created_at FROM "case"
        WHERE id > ${pg ? '$1' : '?'}${this.activeOnly ? ` AND status = 'active'` : ''}
        ORDER BY id LIMIT ${BATCH}${pg ? ' FOR UPDATE' : ''}`,
      [after],
    );
    const cases: BuiltCase[] = found.map((r) => ({
      id: r.id as string,
      workflow: r.workflow as string,
      workflowVersion: Number(r.workflow_version),
      unitId: r.unit_id as string,
      subjectId: r.subject_id as string,
      status: r.status as CaseEntity['status'],
      snapshot: r.snapshot as string,
      createdAt: r.created_at as string,
    }));
    if (!cases.length) return { last: null, cases: 0, rows: 0 };
    const rows = await this.write(m, cases);
    return { last: cases[cases.length - 1].id, cases: cases.length, rows };
  }
}

/**
 * Rows inserted in chunks of `size` (a statement's bound parameters are limited): `head VALUES (…), (…)`,
 * numbered placeholders on PostgreSQL, booleans as 0/1 on SQLite.
 */
export async function insertChunked(
  m: EntityManager,
  postgres: boolean,
  head: string,
  rows: readonly (readonly unknown[])[],
  size = 100,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const one = `(${chunk[0].map(() => '?').join(', ')})`;
    const sql = `${head} VALUES ${chunk.map(() => one).join(', ')}`;
    const values = chunk.flat().map((v) => (!postgres && typeof v === 'boolean' ? (v ? 1 : 0) : v));
    await m.query(postgres ? numbered(sql) : sql, values);
  }
}
