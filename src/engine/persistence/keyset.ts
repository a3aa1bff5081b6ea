import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { EngineErrorCode, UserInputError } from '../errors';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Opaque keyset cursors: base64url of a JSON tuple. */
function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === 2 && values.every((v) => typeof v === 'string')) {
      return values as [string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new UserInputError(
    EngineErrorCode.PAYLOAD_INVALID,
    'cursor is not valid: pass the nextCursor of a previous page unchanged',
  );
}

export interface KeysetOrder<T> {
  /** SQL columns of the sort key and the unique tie-breaker, e.g. ['c.created_at', 'c.id']. */
  columns: [string, string];
  /** The entity properties holding those columns, for the next cursor. */
  keys: [keyof T & string, keyof T & string];
  direction: 'ASC' | 'DESC';
}

/** One page of `qb` in keyset order after `cursor`; the next cursor is null on the last page. */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  limit: number,
  cursor?: string,
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const [sort, id] = order.columns;
  if (cursor) {
    const [sortValue, idValue] = decodeCursor(cursor);
    const cmp = order.direction === 'DESC' ? '<' : '>';
    qb.andWhere(`(${sort} ${cmp} :kSort OR (${sort} = :kSort AND ${id} ${cmp} :kId))`, {
      kSort: sortValue,
      kId: idValue,
    });
  }
  const rows = await qb
    .orderBy(sort, order.direction)
    .addOrderBy(id, order.direction)
    .limit(limit + 1)
    .getMany();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = rows.length > limit && last ? encodeCursor(order.keys.map((k) => String(last[k]))) : null;
  return { rows: page, nextCursor: next };
}

/** LIKE pattern for a user's text, with its wildcards escaped (use with ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
