import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqliteRun } from './prepared-statements';

/** Where a transaction's time went, summed over retries: waiting for its turn, and running. */
export interface TxTiming {
  queueMs: number;
  txMs: number;
}

/**
 * Runs work in one database transaction. SQLite has one writer: TypeORM shares one connection,
 * so transactions are queued in-process, and they start with BEGIN IMMEDIATE so that a second
 * process (a worker) waits for the write lock instead of failing on upgrade. PostgreSQL runs
 * them concurrently and relies on the callers' optimistic checks.
 */
@Injectable()
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  readonly isPostgres: boolean;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  /** `timing`, when given, receives the time spent waiting for the transaction and inside it (ms). */
  run<T>(work: (manager: EntityManager) => Promise<T>, timing?: TxTiming): Promise<T> {
    const asked = performance.now();
    const timed = timing
      ? async (m: EntityManager) => {
          const started = performance.now();
          timing.queueMs += started - asked;
          try {
            return await work(m);
          } finally {
            timing.txMs += performance.now() - started;
          }
        }
      : work;
    if (this.isPostgres) return this.dataSource.transaction(timed);
    const result = this.queue.then(() => this.sqliteTransaction(timed));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async sqliteTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    // BEGIN, COMMIT and ROLLBACK straight on the one connection, as the hot path's statements (sqliteRun).
    const exec = (sql: string) => sqliteRun(this.dataSource, sql, []);
    try {
      exec('BEGIN IMMEDIATE');
      try {
        const result = await work(runner.manager);
        exec('COMMIT');
        return result;
      } catch (error) {
        exec('ROLLBACK');
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}
