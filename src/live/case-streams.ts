import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import type { Actor } from '../engine/actor';
import { EngineError, EngineErrorCode, NotFoundError } from '../engine/errors';
import { CaseEntity } from '../engine/persistence/case.entity';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { CaseChanges } from './case-changes';

/** A comment line every so often, so that proxies and load balancers keep the idle stream open. */
export const HEARTBEAT_MS = 15_000;
/** How often a stream reads its case itself while changes from other processes cannot reach it. */
export const POLL_MS = 3_000;

export interface CaseHead {
  revision: number;
  state: string;
  unitId: string;
}

/**
 * The open live streams of case pages. Each sends the case's `{revision, state}` at once and then
 * whenever the revision grows; the case is read again (with the reader's reach) before each message,
 * so a case moved out of reach ends the stream. Without Redis, streams poll their case instead.
 */
@Injectable()
export class CaseStreams implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CaseStreams.name);
  private readonly open = new Set<() => void>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: Jurisdiction,
    private readonly changes: CaseChanges,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe();
  }

  /** The case's revision and state, or 404 outside the actor's reach. */
  async head(caseId: string, actor: Actor): Promise<CaseHead> {
    const row = await this.db.manager.findOne(CaseEntity, {
      select: { id: true, revision: true, state: true, unitId: true },
      where: { id: caseId },
    });
    if (!row) throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    await this.jurisdiction.assertReads(actor, row.unitId, caseId);
    return { revision: row.revision, state: row.state, unitId: row.unitId };
  }

  /**
   * Serves the stream on `res` (headers already written) until the client leaves, the service stops,
   * or `expiresAt` (the token's exp, ms since the epoch) passes.
   */
  serve(res: ServerResponse, caseId: string, actor: Actor, first: CaseHead, expiresAt?: number): void {
    let sent = 0;
    let reading = false;
    let again = false;
    let wasLive = true;
    const send = (head: CaseHead) => {
      if (head.revision <= sent) return;
      sent = head.revision;
      const data = JSON.stringify({ revision: head.revision, state: head.state });
      res.write(`id: ${head.revision}\ndata: ${data}\n\n`);
    };
    // One read at a time; a change heard during a read asks for one more.
    const refresh = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          send(await this.head(caseId, actor));
        } while (again);
      } catch (error) {
        if (!(error instanceof EngineError)) this.logger.warn(`Live stream of ${caseId}: ${String(error)}`);
        close();
      } finally {
        reading = false;
      }
    };
    const unwatch = this.changes.watch(caseId, (change) => {
      if (change.revision > sent) void refresh();
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const poll = setInterval(() => {
      const live = this.changes.live;
      // Polled while other processes' changes cannot reach us, and once more when they can again.
      if (!live || !wasLive) void refresh();
      wasLive = live;
    }, POLL_MS);
    const expiry =
      expiresAt === undefined
        ? undefined
        : atTime(expiresAt, () => {
            if (!res.writableEnded) res.write(': token expired\n\n');
            close();
          });
    const close = () => {
      if (!this.open.delete(close)) return;
      unwatch();
      clearInterval(heartbeat);
      clearInterval(poll);
      expiry?.cancel();
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    res.on('close', close);
    res.write(`retry: ${POLL_MS}\n\n`);
    send(first);
  }

  /** Ends every open stream (on shutdown), so that the HTTP server can close. */
  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }
}

/** Longest delay setTimeout takes (about 24.8 days); later times are reached in steps. */
const MAX_DELAY_MS = 2_147_483_647;

/** Runs `fire` once at `time` (ms since the epoch), however far ahead, never synchronously; `cancel` stops it. */
function atTime(time: number, fire: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = time - Date.now();
    timer = setTimeout(left > MAX_DELAY_MS ? arm : fire, Math.max(0, Math.min(left, MAX_DELAY_MS)));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
