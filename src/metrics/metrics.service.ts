import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { EngineObserver } from '../engine/engine.listener';
import type { DeadlineStatus } from '../engine/persistence/deadline.entity';
import { readCount, readPrepared } from '../engine/persistence/prepared-statements';

const DEADLINE_STATUSES: readonly DeadlineStatus[] = ['pending', 'fired', 'cancelled'];

/** Prometheus metrics; database-backed gauges are computed when scraped. */
@Injectable()
export class MetricsService implements EngineObserver {
  readonly registry = new Registry();

  readonly transitions = new Counter({
    name: 'wenze_transitions_total',
    help: 'Transitions committed, by workflow and event type',
    labelNames: ['workflow', 'event'] as const,
    registers: [this.registry],
  });

  readonly applyDuration = new Histogram({
    name: 'wenze_apply_duration_seconds',
    help: 'Time for the engine to apply one event (validation, transition, transaction)',
    labelNames: ['workflow'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly fireLag = new Histogram({
    name: 'wenze_deadline_fire_lag_seconds',
    help: 'From a deadline being due to its timeout transition being committed',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly db: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'wenze_process_' });
    const deadlines: Gauge<'status'> = new Gauge({
      name: 'wenze_deadlines',
      help: 'Deadline rows by status; overdue = fired and still in the state it guards',
      labelNames: ['status'] as const,
      registers: [this.registry],
      collect: async () => {
        deadlines.reset();
        for (const [status, count] of Object.entries(await this.deadlineCounts()))
          deadlines.set({ status }, count);
      },
    });
    const provisional: Gauge = new Gauge({
      name: 'wenze_deadlines_provisional',
      help: 'Pending deadlines counted on a provisional holiday calendar (a year without an official schedule)',
      registers: [this.registry],
      collect: async () => {
        provisional.set(
          await readCount(
            this.db,
            'SELECT COUNT(*) AS n FROM deadline WHERE provisional = ? AND status = ?',
            [true, 'pending'],
          ),
        );
      },
    });
    const lag: Gauge = new Gauge({
      name: 'wenze_deadline_queue_lag_seconds',
      help: 'How long the oldest due-but-unfired deadline has been waiting (0 when none)',
      registers: [this.registry],
      collect: async () => {
        lag.set(await this.queueLagSeconds());
      },
    });
  }

  committed(workflow: string, event: string, seconds: number): void {
    this.transitions.inc({ workflow, event });
    if (event !== 'timeout') this.applyDuration.observe({ workflow }, seconds);
  }

  /**
   * One count per status, each a range of an index, and the overdue from the counts the store keeps:
   * grouping every deadline row by status and overdue took 1.2–3.2 s on SQLite at 1,000,000 cases (the
   * one connection held).
   */
  private async deadlineCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = { pending: 0, fired: 0, cancelled: 0, overdue: 0 };
    for (const status of DEADLINE_STATUSES) {
      counts[status] = await readCount(this.db, `SELECT COUNT(*) AS n FROM deadline WHERE status = ?`, [
        status,
      ]);
    }
    // kept by the store per unit and kind (overdue_count: overdueSql's rows)
    counts.overdue = await readCount(this.db, `SELECT COALESCE(SUM(n), 0) AS n FROM overdue_count`, []);
    return counts;
  }

  private async queueLagSeconds(): Promise<number> {
    const now = new Date().toISOString();
    const rows = await readPrepared<{ oldest: string | null }>(
      this.db,
      `SELECT MIN(due_at) AS oldest FROM deadline WHERE status = 'pending' AND due_at <= ?`,
      [now],
    );
    const oldest = rows[0]?.oldest;
    return oldest ? Math.max(0, (Date.parse(now) - Date.parse(oldest)) / 1000) : 0;
  }
}
