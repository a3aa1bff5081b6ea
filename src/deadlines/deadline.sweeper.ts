import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { DeadlineScheduler } from './deadline.scheduler';

const PAGE = 1000;

/**
 * Reconciles rows and jobs: at start and then periodically, every pending deadline is
 * (re-)enqueued; BullMQ keeps the existing job when the id is taken, so only lost ones are added.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: DeadlineScheduler,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    const every = this.config.get('DEADLINE_SWEEP_MS', { infer: true });
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Enqueues every pending deadline; returns how many rows it looked at (0 when Redis is away). */
  sweep(): Promise<number> {
    this.running ??= this.sweepAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepAll(): Promise<number> {
    let seen = 0;
    try {
      await this.scheduler.counts();
      for (let after = ''; ;) {
        const rows = await this.db.manager.find(DeadlineEntity, {
          select: { id: true, caseId: true, dueAt: true },
          where: { status: 'pending', id: MoreThan(after) },
          order: { id: 'ASC' },
          take: PAGE,
        });
        if (!rows.length) break;
        await this.scheduler.enqueue(rows);
        seen += rows.length;
        after = rows[rows.length - 1].id;
      }
    } catch (error) {
      this.logger.warn(`Deadline sweep stopped after ${seen} row(s): ${(error as Error).message}`);
    }
    return seen;
  }
}
