import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The settings of the store (SQLite or PostgreSQL), part of AppConfig. */
export class StoreConfig {
  /** SQLite file (the embedded default), used when DATABASE_URL is not set. */
  @IsString()
  DATABASE_PATH = './data/wenze.sqlite';

  /**
   * SQLite: a thread of the service copies the WAL back into the database file this often (ms), off
   * the event loop (database/wal-checkpointer.ts). 0: SQLite's own automatic checkpoint, inside the
   * commit that crosses 1,000 pages.
   */
  @Transform(({ value }) => Number(value))
  @IsInt({
    message: "SQLITE_CHECKPOINT_MS must be a whole number of milliseconds (0 for SQLite's own checkpoint)",
  })
  @Min(0, { message: 'SQLITE_CHECKPOINT_MS must be 0 or more' })
  @Max(60_000, { message: 'SQLITE_CHECKPOINT_MS must be at most 60000 (a minute)' })
  SQLITE_CHECKPOINT_MS = 200;

  /** postgres://… to run on PostgreSQL instead of SQLite. */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /** PostgreSQL: the connections of the service's pool (each transaction holds one). */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number of connections (1 to 200)' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be at least 1' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be at most 200' })
  DATABASE_POOL_SIZE = 10;
}
