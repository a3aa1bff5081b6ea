import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app.config';
import type { CaseChange, CaseChangePublisher } from '../engine/engine.listener';

const QUIET_MS = 30_000;

/**
 * Spreads "case X is now at revision N" to every process: published on a Redis channel after each
 * commit (API and worker processes alike), and told to this process's own watchers directly, so that
 * they hear of local changes even while Redis is away. Watchers drop what is not newer than what
 * they have seen, so hearing a change twice is harmless.
 */
@Injectable()
export class CaseChanges implements CaseChangePublisher, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CaseChanges.name);
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly channel: string;
  private readonly url: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private lastWarning = 0;
  /** Changes committed since the last flush: published together, once per turn of the event loop. */
  private pending: string[] = [];
  private flushing: NodeJS.Immediate | null = null;

  constructor(config: ConfigService<AppConfig, true>) {
    this.url = config.get('REDIS_URL', { infer: true });
    this.channel = `${config.get('QUEUE_PREFIX', { infer: true })}:case-changes`;
  }

  onModuleInit(): void {
    this.publisher = this.connect('publish');
  }

  committed(change: CaseChange): void {
    this.local.emit('change', change);
    // One write to Redis per turn of the event loop, not one per commit: under load a socket write
    // per event cost as much CPU as the rest of the event's answer (the messages stay one per change).
    this.pending.push(JSON.stringify(change));
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = null;
    const messages = this.pending;
    this.pending = [];
    if (!messages.length) return;
    // Fails at once while Redis is away (no offline queue): the watchers elsewhere poll meanwhile.
    this.publisher ??= this.connect('publish');
    if (messages.length === 1) {
      this.publisher.publish(this.channel, messages[0]).catch((e: Error) => this.warn(e));
      return;
    }
    const batch = this.publisher.pipeline();
    for (const message of messages) batch.publish(this.channel, message);
    batch
      .exec()
      .then((results) => results?.forEach(([e]) => e && this.warn(e)))
      .catch((e: Error) => this.warn(e));
  }

  /** Calls `listener` with every change of the case until the returned function is called. */
  watch(caseId: string, listener: (change: CaseChange) => void): () => void {
    this.subscribe();
    const forCase = (change: CaseChange) => {
      if (change.caseId === caseId) listener(change);
    };
    this.local.on('change', forCase);
    return () => this.local.off('change', forCase);
  }

  /** Whether changes made by other processes reach this one now (the subscription is up). */
  get live(): boolean {
    return this.subscriber?.status === 'ready';
  }

  async onModuleDestroy(): Promise<void> {
    if (this.flushing) clearImmediate(this.flushing);
    this.flush();
    this.local.removeAllListeners();
    // quit() would wait for a connection that may never come back: only a ready client says goodbye.
    await Promise.all(
      [this.publisher, this.subscriber].map((c) =>
        c?.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c?.disconnect(),
      ),
    );
  }

  /** Listens to the other processes' changes (from the first call on). */
  subscribe(): void {
    if (this.subscriber) return;
    const subscriber = this.connect('subscribe');
    this.subscriber = subscriber;
    subscriber.subscribe(this.channel).catch((e: Error) => this.warn(e));
    subscriber.on('message', (_channel: string, message: string) => {
      const change = parseChange(message);
      if (change) this.local.emit('change', change);
    });
  }

  private connect(purpose: string): Redis {
    const client = new Redis(this.url, {
      enableOfflineQueue: purpose === 'subscribe',
      maxRetriesPerRequest: null,
      connectionName: `wenze-case-changes-${purpose}`,
    });
    client.on('error', (e: Error) => this.warn(e));
    return client;
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < QUIET_MS) return;
    this.lastWarning = now;
    const why = (error as { code?: string }).code ?? error.message;
    this.logger.warn(`Live refresh cannot use Redis (${why}); open case pages poll their case meanwhile`);
  }
}

function parseChange(message: string): CaseChange | null {
  try {
    const value = JSON.parse(message) as Partial<CaseChange>;
    if (typeof value.caseId !== 'string' || typeof value.revision !== 'number') return null;
    return { caseId: value.caseId, revision: value.revision, state: String(value.state) };
  } catch {
    return null;
  }
}
