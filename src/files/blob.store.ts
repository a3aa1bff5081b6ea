import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../config/app.config';

/** A stored file: its SHA-256 (hex) names it; `created` is false when the same bytes were there already. */
export interface StoredBlob {
  sha256: string;
  size: number;
  created: boolean;
}

/** The bytes went over the limit while being stored; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the limit of ${limit} bytes`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** How many files' last intact check is remembered (the oldest is forgotten first). */
const CHECKED_LIMIT = 100_000;

/** The outcome of checking a stored file: `hashed` is false when its bytes were not read again. */
export interface IntactCheck {
  intact: boolean;
  hashed: boolean;
}

/**
 * Files kept content-addressed on local disk (FILES_DIR/ab/cd/abcd…): the same bytes are stored
 * once, and a file's name is its hash, so what the chain records can be checked against the disk.
 * Bytes are written to a temporary file first and renamed into place: a crash leaves no half file.
 */
@Injectable()
export class BlobStore {
  readonly root: string;
  /**
   * Files found intact, by what the file system says of them then: size, modification and change
   * times (nanoseconds) and inode. A file whose bytes change gets a new change time (which no user
   * call can set back), a file replaced gets a new inode: either makes the next check hash it again.
   */
  private readonly checked = new Map<string, string>();

  constructor(config: ConfigService<AppConfig, true>) {
    this.root = resolve(config.get('FILES_DIR', { infer: true }));
  }

  /** Stores a stream, at most `maxBytes` of it (BlobTooLargeError beyond, nothing kept). */
  async put(source: Readable | Buffer, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredBlob> {
    const temp = join(this.root, 'tmp', randomUUID());
    await mkdir(dirname(temp), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const chunks = Readable.from(Buffer.isBuffer(source) ? [source] : source);
    try {
      await pipeline(
        chunks,
        async function* (input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
          for await (const chunk of input) {
            size += chunk.length;
            if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temp),
      );
      const sha256 = hash.digest('hex');
      const path = this.pathOf(sha256);
      const existed = await this.has(sha256);
      await mkdir(dirname(path), { recursive: true });
      // Always moved into place, over the same bytes if they are there: the file is young again, so
      // the sweep leaves it alone while this request's record is in flight.
      await rename(temp, path);
      return { sha256, size, created: !existed };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.sizeOf(sha256)) !== null;
  }

  /** The stored file's size, or null when it is not there. */
  async sizeOf(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return null;
    }
  }

  /** A stream of the stored bytes, or null when the file is not there. */
  async open(sha256: string): Promise<Readable | null> {
    return (await this.has(sha256)) ? createReadStream(this.pathOf(sha256)) : null;
  }

  async read(sha256: string): Promise<Buffer | null> {
    return (await this.has(sha256)) ? readFile(this.pathOf(sha256)) : null;
  }

  /** Whether the stored bytes still hash to their name (false: missing or altered). */
  async intact(sha256: string): Promise<boolean> {
    return (await this.check(sha256)).intact;
  }

  /**
   * Whether the stored bytes still hash to their name, without reading a file again that was found
   * intact and has not changed since (same size, modification and change times, inode).
   */
  async check(sha256: string): Promise<IntactCheck> {
    const path = this.pathOf(sha256);
    const seen = await statKey(path);
    if (seen === null) {
      this.checked.delete(sha256);
      return { intact: false, hashed: false };
    }
    if (this.checked.get(sha256) === seen) return { intact: true, hashed: false };
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    } catch {
      this.checked.delete(sha256);
      return { intact: false, hashed: false }; // removed meanwhile
    }
    const intact = hash.digest('hex') === sha256;
    this.checked.delete(sha256);
    // Remembered only if the file did not change while it was read.
    if (intact && (await statKey(path)) === seen) {
      this.checked.set(sha256, seen);
      if (this.checked.size > CHECKED_LIMIT) this.checked.delete(this.checked.keys().next().value!);
    }
    return { intact, hashed: true };
  }

  /**
   * The stored files (and temporary leftovers) last written before `before` (ms since the epoch):
   * the candidates of the file sweep. `sha256` is null for a temporary file.
   */
  async *olderThan(before: number): AsyncGenerator<{ path: string; sha256: string | null }> {
    let entries;
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch {
      return; // nothing stored yet
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const sha256 = SHA256.test(entry.name) && path === this.pathOf(entry.name) ? entry.name : null;
      if (sha256 === null && dirname(path) !== join(this.root, 'tmp')) continue;
      const written = await stat(path).then(
        (s) => s.mtimeMs,
        () => null,
      );
      if (written !== null && written < before) yield { path, sha256 };
    }
  }

  /**
   * Removes a stored file last written before `before`, unless it was written again meanwhile (a
   * concurrent upload of the same bytes): it is moved aside first (atomically), then looked at.
   */
  async removeIfOlder(path: string, before: number): Promise<boolean> {
    const aside = join(this.root, 'tmp', `swept-${randomUUID()}`);
    await mkdir(dirname(aside), { recursive: true });
    try {
      await rename(path, aside);
    } catch {
      return false; // gone already
    }
    if ((await stat(aside)).mtimeMs >= before) {
      // Written again just now: the same bytes go back (over a newer copy, if any — they are equal).
      await rename(aside, path);
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  /** Removes a temporary file (left by a crash). */
  async removeTemporary(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/** What the file system says of a file (size, times in ns, inode), or null when it is not there. */
async function statKey(path: string): Promise<string | null> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
  } catch {
    return null;
  }
}
