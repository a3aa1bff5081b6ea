import type { EntityManager } from 'typeorm';
import { UnitEntity } from './persistence/unit.entity';
import type { WorkflowDefinition } from './workflow.types';

/**
 * The readable number of a case opened now (案件编号): the handling unit's short name, the year in
 * Beijing time, the workflow's case-number label and the next number of that unit, year and workflow —
 * e.g. 县纪〔2026〕问责12号. Called inside the transaction that opens the case: the counter's upsert
 * locks its row until the transaction ends (PostgreSQL; SQLite has one writer), so concurrent openings
 * in a unit get distinct consecutive numbers, and a rolled-back opening gives its number back.
 */
export async function nextCaseNumber(
  m: EntityManager,
  wf: Pick<WorkflowDefinition, 'name' | 'title' | 'caseNumberLabel'>,
  latestLabel: string | undefined,
  unitId: string,
  at: string,
): Promise<string> {
  const postgres = m.connection.options.type === 'postgres';
  const year = beijingYear(at);
  const sql = `INSERT INTO case_number (unit_id, year, workflow, last) VALUES (${postgres ? '$1, $2, $3' : '?, ?, ?'}, 1)
    ON CONFLICT (unit_id, year, workflow) DO UPDATE SET last = case_number.last + 1 RETURNING last`;
  const rows = (await m.query(sql, [unitId, year, wf.name])) as { last: number | string }[];
  const unit = await m.findOneBy(UnitEntity, { code: unitId });
  const head = unit?.shortName ?? unit?.name ?? unitId;
  const label = wf.caseNumberLabel?.zh ?? latestLabel ?? wf.title;
  return formatCaseNumber(head, year, label, Number(rows[0].last));
}

/** 县纪〔2026〕问责12号. */
export function formatCaseNumber(unit: string, year: number, label: string, n: number): string {
  return `${unit}〔${year}〕${label}${n}号`;
}

/** The calendar year of an instant in Beijing time (numbers run per calendar year there). */
export function beijingYear(iso: string): number {
  return Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(iso)),
  );
}
