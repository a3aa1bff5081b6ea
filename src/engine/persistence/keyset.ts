import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { EngineErrorCode, UserInputError } from '../errors';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Opaque keyset cursors: base64url of a JSON tuple. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** A time as the store keeps it (`Date#toISOString`), the sort key of every list. */
const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The largest value of a 32-bit integer column (PostgreSQL's `integer`). */
const MAX_INTEGER = 2_147_483_647;

/** What a cursor's tie-breaker must look like, read from the entity's column. */
export type IdShape = { kind: 'integer' } | { kind: 'text'; maxLength: number };

/**
 * The values of a cursor, refused unless they are what `encodeCursor` writes for these columns:
 * a stored time and an id of the column's type. A value the store cannot compare with the column
 * (text against PostgreSQL's integer id, a number past its range) would otherwise fail the query.
 */
export function decodeCursor(cursor: string, idShape: IdShape): [string, string] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === 2 && isStoredTime(values[0]) && isId(values[1], idShape)) {
      return [values[0], values[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new UserInputError(
    EngineErrorCode.PAYLOAD_INVALID,
    'cursor is not valid: pass the nextCursor of a previous page unchanged',
  );
}

function isStoredTime(value: unknown): value is string {
  return typeof value === 'string' && STORED_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function isId(value: unknown, shape: IdShape): value is string {
  if (typeof value !== 'string') return false;
  if (shape.kind === 'integer') return /^(0|[1-9]\d{0,9})$/.test(value) && Number(value) <= MAX_INTEGER;
  return value.length > 0 && value.length <= shape.maxLength && !value.includes('\u0000');
}

/** The tie-breaker's shape from the query's entity metadata (an increment id is an integer column). */
function idShapeOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, key: string): IdShape {
  const alias = qb.expressionMap.mainAlias;
  const column = alias?.hasMetadata ? alias.metadata.findColumnWithPropertyName(key) : undefined;
  const type = column?.type;
  if (type === Number || (typeof type === 'string' && /int/i.test(type))) return { kind: 'integer' };
  const length = Number(column?.length);
  return { kind: 'text', maxLength: Number.isInteger(length) && length > 0 ? length : 200 };
}

export interface KeysetOrder<T> {
  /**
   * SQL columns of the sort key — a time, stored as ISO 8601 UTC text — and the unique tie-breaker,
   * e.g. ['c.created_at', 'c.id'].
   */
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
    const [sortValue, idValue] = decodeCursor(cursor, idShapeOf(qb, order.keys[1]));
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
