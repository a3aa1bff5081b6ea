import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { RECORD_PREFIX } from '../engine/history/record-event';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import { BlobStore } from './blob.store';

const PAGE = 1000;

/**
 * Collects the stored files no record references. A refused upload or document leaves its file for
 * this sweep instead of removing it itself: the same bytes may belong to a record another request is
 * committing at that moment. Only files older than FILES_GRACE_SECONDS go, and only when no record
 * on any chain names their hash.
 */
@Injectable()
export class FileSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FileSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly blobs: BlobStore,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep(),
      this.config.get('FILES_SWEEP_SECONDS', { infer: true }) * 1000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Removes the unreferenced files older than the grace period; returns how many went. */
  sweep(): Promise<number> {
    this.running ??= this.collect()
      .catch((error: Error) => {
        this.logger.warn(`The file sweep failed; it runs again later: ${error.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async collect(): Promise<number> {
    const before = Date.now() - this.config.get('FILES_GRACE_SECONDS', { infer: true }) * 1000;
    const referenced = await this.referencedHashes();
    let removed = 0;
    for await (const file of this.blobs.olderThan(before)) {
      if (file.sha256 === null) {
        await this.blobs.removeTemporary(file.path);
        continue;
      }
      // Asked again, one file at a time: a record may have been committed since the first reading.
      if (referenced.has(file.sha256) || (await this.isReferenced(file.sha256))) continue;
      if (await this.blobs.removeIfOlder(file.path, before)) removed++;
    }
    if (removed) this.logger.log({ removed }, 'unreferenced stored files removed');
    return removed;
  }

  /** Every hash a record's payload names (its `sha256`), read page by page. */
  private async referencedHashes(): Promise<Set<string>> {
    const hashes = new Set<string>();
    for (let after = 0; ;) {
      const rows = await this.db.manager
        .createQueryBuilder(TransitionEntity, 't')
        .select(['t.id', 't.payload'])
        .where('t.type LIKE :records', { records: `${RECORD_PREFIX}%` })
        .andWhere('t.id > :after', { after })
        .orderBy('t.id', 'ASC')
        .limit(PAGE)
        .getMany();
      for (const row of rows) {
        const { sha256 } = JSON.parse(row.payload) as { sha256?: unknown };
        if (typeof sha256 === 'string') hashes.add(sha256);
      }
      if (rows.length < PAGE) return hashes;
      after = rows[rows.length - 1].id;
    }
  }

  private isReferenced(sha256: string): Promise<boolean> {
    return this.db.manager
      .createQueryBuilder(TransitionEntity, 't')
      .where('t.payload LIKE :hash', { hash: `%${sha256}%` })
      .getExists();
  }
}
