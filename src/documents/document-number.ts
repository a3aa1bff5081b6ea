import type { EntityManager } from 'typeorm';

/**
 * The next number of a code in a unit's year (1, 2, …), inside the caller's transaction: the upsert
 * locks the counter row until the transaction ends, so concurrent issuers queue, and a rolled-back
 * issue gives its number back.
 */
export async function nextDocumentNumber(
  m: EntityManager,
  isPostgres: boolean,
  unitId: string,
  year: number,
  code: string,
): Promise<number> {
  const sql = isPostgres
    ? `INSERT INTO document_number (unit_id, year, code, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (unit_id, year, code) DO UPDATE SET last = document_number.last + 1 RETURNING last`
    : `INSERT INTO document_number (unit_id, year, code, last) VALUES (?, ?, ?, 1)
       ON CONFLICT (unit_id, year, code) DO UPDATE SET last = document_number.last + 1 RETURNING last`;
  const rows = (await m.query(sql, [unitId, year, code])) as { last: number | string }[];
  return Number(rows[0].last);
}

/** The number the next document of a code would get now (read only: the transaction claims it). */
export async function peekDocumentNumber(
  m: EntityManager,
  isPostgres: boolean,
  unitId: string,
  year: number,
  code: string,
): Promise<number> {
  const sql = isPostgres
    ? 'SELECT last FROM document_number WHERE unit_id = $1 AND year = $2 AND code = $3'
    : 'SELECT last FROM document_number WHERE unit_id = ? AND year = ? AND code = ?';
  const rows = (await m.query(sql, [unitId, year, code])) as { last: number | string }[];
  return rows.length ? Number(rows[0].last) + 1 : 1;
}

/** A document number as printed: 问决〔2026〕3号. */
export function formatDocumentNumber(code: string, year: number, seq: number): string {
  return `${code}〔${year}〕${seq}号`;
}

/** The year of an instant in Beijing time (document numbers run per calendar year there). */
export function chinaYear(iso: string): number {
  return Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(iso)),
  );
}
