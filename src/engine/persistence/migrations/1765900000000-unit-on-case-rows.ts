import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { analyseIfAnalysed } from './1765850000000-case-workflow-unit-index';

/** The engine's form of an instant (Date.toISOString), which orders as text as it does in time. */
const CANONICAL_SQLITE =
  "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'";
const CANONICAL_PG = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$'";

const INDEXES: [table: string, name: string, columns: string[]][] = [
  // the measures a unit's cases decided in a period (the share of soft measures, the integrity rate)
  ['measure', 'IDX_measure_unit_decided', ['unit_id', 'decided_at', 'lifted_at', 'type']],
  // the measures of a unit's cases whose impact runs past an instant, by person (people restricted now)
  ['measure', 'IDX_measure_unit_impact', ['unit_id', 'impact_until', 'lifted_at', 'type', 'subject_ref']],
  // the links of a relation made in a period (cases opened by decisions, 一案双查)
  ['case_link', 'IDX_case_link_relation_created', ['relation', 'created_at']],
  // a unit's overdue limits by kind
  ['deadline', 'IDX_deadline_unit_overdue', ['unit_id', 'status', 'settled_at', 'flags_overdue', 'kind']],
];

/**
 * The handling unit on the rows a case owns (its measures and its time limits), kept by the engine with
 * the case's (recorded with the row, moved with a transfer in the transfer's transaction), and on a
 * measure the ref of the person it is about. Figures per unit (GET /indices) then read a unit's rows on
 * an index of their own instead of probing each of the unit's cases: at 1,000,000 cases a city's
 * 100,000 cases for its 14,000 measures of a year (1.1 s).
 *
 * The measures' instants are rewritten in the engine's form (UTC, milliseconds, `Z`), as it now records
 * them: a payload's `2026-03-10T18:00:00+08:00` is the same instant, and only that form compares as text
 * in the order of time, which the figures' year bounds in SQL rely on.
 */
export class UnitOnCaseRows1765900000000 implements MigrationInterface {
  name = 'UnitOnCaseRows1765900000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    for (const table of ['measure', 'deadline']) {
      await q.query(`ALTER TABLE "${table}" ADD COLUMN "unit_id" varchar(64) NOT NULL DEFAULT ''`);
      await q.query(
        pg
          ? `UPDATE "${table}" t SET "unit_id" = c."unit_id" FROM "case" c WHERE c."id" = t."case_id"`
          : `UPDATE "${table}" SET "unit_id" = (SELECT c."unit_id" FROM "case" c WHERE c."id" = "${table}"."case_id")`,
      );
      // PostgreSQL: a row written without its unit is refused (SQLite cannot drop a column's default)
      if (pg) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "unit_id" DROP DEFAULT`);
    }
    // the person a measure is about (a subject row's ref never changes): counted once however many cases
    await q.query(`ALTER TABLE "measure" ADD COLUMN "subject_ref" varchar(200) NOT NULL DEFAULT ''`);
    await q.query(
      pg
        ? `UPDATE "measure" m SET "subject_ref" = s."ref" FROM "subject" s WHERE s."id" = m."subject_id"`
        : `UPDATE "measure" SET "subject_ref" = (SELECT s."ref" FROM "subject" s WHERE s."id" = "measure"."subject_id")`,
    );
    if (pg) await q.query(`ALTER TABLE "measure" ALTER COLUMN "subject_ref" DROP DEFAULT`);
    for (const column of ['decided_at', 'impact_until']) {
      await q.query(
        pg
          ? `UPDATE "measure" SET "${column}" = to_char(CAST("${column}" AS timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
             WHERE "${column}" !~ ${CANONICAL_PG}`
          : `UPDATE "measure" SET "${column}" = COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', "${column}"), "${column}")
             WHERE "${column}" NOT GLOB ${CANONICAL_SQLITE}`,
      );
    }
    for (const [table, name, columnNames] of INDEXES) {
      await q.createIndex(table, new TableIndex({ name, columnNames }));
      await analyseIfAnalysed(q, name);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of INDEXES) await q.dropIndex(table, name);
    await q.query(`ALTER TABLE "measure" DROP COLUMN "subject_ref"`);
    for (const table of ['measure', 'deadline'])
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "unit_id"`);
  }
}
