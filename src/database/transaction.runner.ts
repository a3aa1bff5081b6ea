import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. SQLite has one writer and TypeORM shares one
 * connection, so transactions there are queued in-process; PostgreSQL runs them concurrently
 * and relies on the callers' optimistic checks.
 */
@Injectable()
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  readonly serialised: boolean;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type !== 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialised) return this.dataSource.transaction(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  get isPostgres(): boolean {
    return !this.serialised;
  }
}
