import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { sqliteConnection } from '../engine/persistence/prepared-statements';

/**
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold (1,000 pages): that
 * one commit copies the WAL back into the database file and syncs both, 5–180 ms with the event loop
 * blocked (better-sqlite3 is synchronous). Measured on the events route: 2% of the commits took 62% of
 * the commits' time. Here a worker thread with a connection of its own checkpoints every
 * SQLITE_CHECKPOINT_MS (PASSIVE: it never waits for, nor blocks, a writer), off the event loop; the
 * service's connection keeps an automatic checkpoint only as a bound on the WAL (SAFETY_NET_PAGES),
 * should the thread fall behind or stop. A crash loses nothing either way: a committed transaction is
 * in the WAL, which SQLite replays when the file is opened again.
 */
const SAFETY_NET_PAGES = 10_000;

/** The thread's code (plain JavaScript: it runs as is under ts-node and compiled alike). */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const step = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { step(); } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { step(); } finally { db.close(); parentPort.close(); }
});
parentPort.postMessage({ ready: true });
`;

interface ThreadMessage {
  ready?: true;
  error?: string;
}

@Injectable()
export class WalCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WalCheckpointer.name);
  private worker?: Worker;
  private exited?: Promise<number>;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const intervalMs = this.config.get('SQLITE_CHECKPOINT_MS', { infer: true });
    const file = this.db.options.type === 'better-sqlite3' ? this.db.options.database : undefined;
    if (!intervalMs || !file || file === ':memory:') return;
    const worker = new Worker(THREAD, {
      eval: true,
      // none of the service's flags: under --cpu-prof the thread's profile would overwrite the service's
      execArgv: [],
      workerData: { driver: require.resolve('better-sqlite3'), file, intervalMs },
    });
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: ThreadMessage) => {
        if (m.ready) resolve();
        else if (m.error) this.logger.warn(`checkpoint failed (the next one tries again): ${m.error}`);
      });
    });
    worker.on('error', (error) => this.logger.warn(`checkpoint thread failed: ${error.message}`));
    void this.exited.then(() => (this.running = false));
    this.worker = worker;
    this.running = true;
    sqliteConnection(this.db).pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    if (this.running) worker.postMessage('stop');
    await this.exited;
  }
}
