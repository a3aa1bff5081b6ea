import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '../persistence/case.entity';
import { isBusy, isDeadlock, isUniqueViolation } from '../persistence/driver-errors';
import { TransactionRunner } from '../persistence/transaction.runner';
import { WorkflowRegistry } from '../workflow.registry';
import { waitingRolesOf } from './waiting-roles';

/** The marker row (table read_model) set once every existing case has its case_waiting rows. */
export const CASE_WAITING_MODEL = 'case_waiting';
const BATCH = 250;
/** Progress is logged every so many batches. */
const LOG_EVERY = 40;

type BuiltCase = Pick<
  CaseEntity,
  'id' | 'workflow' | 'workflowVersion' | 'unitId' | 'status' | 'snapshot' | 'createdAt'
>;

/**
 * Builds the inbox's read model (case_waiting) for the cases that existed before it: at start-up,
 * when the marker says it is not built, the active cases are walked in batches (keyset by id), each
 * batch's rows written in one transaction — its case rows locked (FOR UPDATE on PostgreSQL; SQLite
 * has one writer) so that no event on them interleaves — then the marker is set. Several processes
 * may build at once: a batch rewrites its cases' rows whole, so doing it twice changes nothing, and a
 * process stops when it sees the marker another one set. New changes keep the rows themselves (the
 * write path), so the walk never has to come back.
 */
@Injectable()
export class CaseWaitingBuilder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseWaitingBuilder.name);
  private built = false;
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly registry: WorkflowRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.build().catch((error: Error) =>
      this.logger.error(
        `The inbox's read model could not be built; the inbox scans the cases: ${error.message}`,
      ),
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
      [CASE_WAITING_MODEL],
    );
    return (this.built = rows.length > 0);
  }

  /** Walks the active cases and writes their rows, unless built already; then sets the marker. */
  async build(): Promise<void> {
    if (await this.isBuilt()) return;
    const started = Date.now();
    this.logger.log("Building the inbox's read model (case_waiting) for the existing cases");
    let after = '';
    let batches = 0;
    let cases = 0;
    let rows = 0;
    for (;;) {
      if (this.stopped) return;
      if (batches && batches % LOG_EVERY === 0) {
        if (await this.isBuilt()) {
          this.logger.log(`The inbox's read model was built by another process (${cases} cases done here)`);
          return;
        }
        this.logger.log(`Inbox read model: ${cases} active cases, ${rows} rows so far (${batches} batches)`);
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
    await this.tx.dataSource.query(
      this.tx.isPostgres
        ? `INSERT INTO read_model (name, built_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`
        : `INSERT OR IGNORE INTO read_model (name, built_at) VALUES (?, ?)`,
      [CASE_WAITING_MODEL, new Date().toISOString()],
    );
    this.built = true;
    this.logger.log(
      `The inbox's read model is built: ${cases} active cases, ${rows} rows, ${Date.now() - started} ms`,
    );
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

  /** One batch of active cases after `after` (by id): their rows rewritten. */
  private async buildBatch(m: EntityManager, after: string) {
    const pg = this.tx.isPostgres;
    const found = await m.query<Record<string, unknown>[]>(
      `SELECT id, workflow, workflow_version, unit_id, status, snapshot, created_at FROM "case"
        WHERE id > ${pg ? '$1' : '?'} AND status = 'active' ORDER BY id LIMIT ${BATCH}${pg ? ' FOR UPDATE' : ''}`,
      [after],
    );
    const cases: BuiltCase[] = found.map((r) => ({
      id: r.id as string,
      workflow: r.workflow as string,
      workflowVersion: Number(r.workflow_version),
      unitId: r.unit_id as string,
      status: r.status as CaseEntity['status'],
      snapshot: r.snapshot as string,
      createdAt: r.created_at as string,
    }));
    if (!cases.length) return { last: null, cases: 0, rows: 0 };
    const rows = cases.flatMap((c) =>
      waitingRolesOf(this.registry, c as CaseEntity).map(
        (w) => [c.id, w.role, w.above, c.unitId, c.createdAt] as const,
      ),
    );
    const ids = cases.map((c) => c.id);
    if (pg) {
      await m.query(`DELETE FROM case_waiting WHERE case_id = ANY($1)`, [ids]);
      const column = (i: number) => rows.map((r) => r[i]);
      await m.query(
        `INSERT INTO case_waiting (case_id, role, above, unit_id, created_at)
          SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::boolean[], $4::varchar[], $5::varchar[])`,
        [column(0), column(1), column(2), column(3), column(4)],
      );
    } else {
      await m.query(`DELETE FROM case_waiting WHERE case_id IN (${ids.map(() => '?').join(', ')})`, ids);
      for (let i = 0; i < rows.length; i += 100) {
        const chunk = rows.slice(i, i + 100);
        await m.query(
          `INSERT INTO case_waiting (case_id, role, above, unit_id, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((r) => [r[0], r[1], r[2] ? 1 : 0, r[3], r[4]]),
        );
      }
    }
    return { last: ids[ids.length - 1], cases: cases.length, rows: rows.length };
  }
}
