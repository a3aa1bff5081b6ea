import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app.config';

const QUIET_MS = 30_000;

/**
 * "New notices were written": published on a Redis channel by whichever process wrote them (the
 * worker), heard by every process serving bells (GET /notices/stream), and told to this process's
 * own listeners directly. Without Redis the bells poll instead.
 */
@Injectable()
export class NoticeSignals implements OnModuleDestroy {
  private readonly logger = new Logger(NoticeSignals.name);
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly channel: string;
  private readonly url: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private lastWarning = 0;

  constructor(config: ConfigService<AppConfig, true>) {
    this.url = config.get('REDIS_URL', { infer: true });
    this.channel = `${config.get('QUEUE_PREFIX', { infer: true })}:notices`;
  }

  written(): void {
    this.local.emit('written');
    this.publisher ??= this.connect('publish');
    this.publisher.publish(this.channel, '1').catch((e: Error) => this.warn(e));
  }

  /** Calls `listener` whenever notices were written (here or elsewhere) until the returned function is called. */
  listen(listener: () => void): () => void {
    this.subscribe();
    this.local.on('written', listener);
    return () => this.local.off('written', listener);
  }

  get live(): boolean {
    return this.subscriber?.status === 'ready';
  }

  async onModuleDestroy(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all(
      [this.publisher, this.subscriber].map((c) =>
        c?.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c?.disconnect(),
      ),
    );
  }

  private subscribe(): void {
    if (this.subscriber) return;
    const subscriber = this.connect('subscribe');
    this.subscriber = subscriber;
    subscriber.subscribe(this.channel).catch((e: Error) => this.warn(e));
    subscriber.on('message', () => this.local.emit('written'));
  }

  private connect(purpose: string): Redis {
    const client = new Redis(this.url, {
      enableOfflineQueue: purpose === 'subscribe',
      maxRetriesPerRequest: null,
      connectionName: `wenze-notices-${purpose}`,
    });
    client.on('error', (e: Error) => this.warn(e));
    return client;
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < QUIET_MS) return;
    this.lastWarning = now;
    const why = (error as { code?: string }).code ?? error.message;
    this.logger.warn(`Notices cannot use Redis (${why}); bells poll meanwhile`);
  }
}
