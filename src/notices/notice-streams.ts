import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Actor } from '../engine/actor';
import { HEARTBEAT_MS, POLL_MS } from '../live/case-streams';
import { NoticeSignals } from './notice-signals';
import { NoticesQuery } from './notices.query';

/** The bells' live streams: `data: {"unread": n}` at once and whenever the count changes. */
@Injectable()
export class NoticeStreams implements OnModuleDestroy {
  private readonly logger = new Logger(NoticeStreams.name);
  private readonly open = new Set<() => void>();

  constructor(
    private readonly signals: NoticeSignals,
    private readonly notices: NoticesQuery,
  ) {}

  serve(res: ServerResponse, actor: Actor, first: number, expiresAt?: number): void {
    let sent = -1;
    let reading = false;
    let again = false;
    const send = (unread: number) => {
      if (unread === sent) return;
      sent = unread;
      res.write(`data: ${JSON.stringify({ unread })}\n\n`);
    };
    const refresh = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          send(await this.notices.unread(actor));
        } while (again);
      } catch (error) {
        this.logger.warn(`Notice stream of ${actor.sub}: ${String(error)}`);
        close();
      } finally {
        reading = false;
      }
    };
    const unlisten = this.signals.listen(() => void refresh());
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // Polled while other processes' signals cannot reach us, and once more when they can again.
    let wasLive = true;
    const poll = setInterval(() => {
      const live = this.signals.live;
      if (!live || !wasLive) void refresh();
      wasLive = live;
    }, POLL_MS);
    const expiry =
      expiresAt === undefined
        ? undefined
        : setTimeout(() => close(), Math.min(expiresAt - Date.now(), 2 ** 31 - 1));
    const close = () => {
      if (!this.open.delete(close)) return;
      unlisten();
      clearInterval(heartbeat);
      clearInterval(poll);
      clearTimeout(expiry);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    res.on('close', close);
    res.write(`retry: ${POLL_MS}\n\n`);
    send(first);
  }

  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }
}
