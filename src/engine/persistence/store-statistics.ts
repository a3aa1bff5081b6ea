import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TransactionRunner } from './transaction.runner';

/** How often SQLite's planner statistics are brought up to date while the service runs. */
export const STATISTICS_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * SQLite's query planner chooses between indexes by the statistics ANALYZE keeps (sqlite_stat1). An
 * index a migration adds has none, and without them the planner may prefer it wrongly: at 1,000,000
 * cases the case list filtered by workflow went from 5 ms to 2 s once the indices' workflow index
 * arrived, until ANALYZE ran. So after the migrations, and every few hours, `PRAGMA optimize=0x10002`
 * (as SQLite's documentation advises for long-lived connections: it analyses, with a row limit, the
 * tables whose statistics are missing or out of date). PostgreSQL's autovacuum keeps its own.
 */
@Injectable()
export class StoreStatistics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StoreStatistics.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly tx: TransactionRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.tx.isPostgres) return;
    await this.optimise();
    this.timer = setInterval(() => void this.optimise(), STATISTICS_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Brings the planner's statistics up to date; a failure is logged, never fatal (the reads still work). */
  async optimise(): Promise<void> {
    const started = performance.now();
    try {
      // In the queue of transactions: SQLite's one connection is never between another's statements.
      await this.tx.run((m) => m.query('PRAGMA optimize=0x10002'));
      const ms = performance.now() - started;
      if (ms > 1000) this.logger.log(`Planner statistics brought up to date in ${Math.round(ms)} ms`);
    } catch (error) {
      this.logger.warn(`Could not bring the planner's statistics up to date: ${(error as Error).message}`);
    }
  }
}
