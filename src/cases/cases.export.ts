import type { CatalogueTerms } from '../engine/workflow.types';
import type { Cell } from '../export/workbook';
import type { CaseSummary } from './cases.query';
import type { ExportCasesQuery } from './dto/list-cases.query';

/** What the table needs to name a case's workflow, stage, deadlines, outcome and unit for a reader. */
export interface ExportNames {
  workflowTitle(name: string): string;
  unitName(code: string): string;
  /** The catalogue's Chinese names (none: the codes are shown as they are). */
  terms?: CatalogueTerms;
}

export const LEDGER_HEADER = [
  '业务编号',
  '标题',
  '程序',
  '状态',
  '阶段',
  '承办单位',
  '对象',
  '对象单位',
  '立案/开启时间',
  '下一期限',
  '期限届满时间',
  '是否逾期',
  '结果',
  '最后更新',
];

/** Column widths of the ledger in character widths (a Chinese character is two). */
export const LEDGER_WIDTHS = [22, 44, 12, 10, 30, 22, 14, 24, 17, 16, 17, 18, 14, 17];

/** An instant as Beijing wall-clock time (UTC+8, the service's calendar): 2026-01-31 09:30. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 台账: one line per case in the list's order; names in Chinese (stages, deadlines, outcomes); times at UTC+8. */
export function caseLedger(cases: readonly CaseSummary[], names: ExportNames): Cell[][] {
  const rows: Cell[][] = [LEDGER_HEADER];
  const terms = names.terms;
  const deadline = (workflow: string, kind: string) => terms?.deadline(workflow, kind)?.zh ?? kind;
  for (const c of cases) {
    rows.push([
      c.businessKey,
      c.title,
      names.workflowTitle(c.workflow),
      c.status === 'active' ? '办理中' : '已办结',
      terms ? terms.state(c.workflow, c.state).zh : c.state,
      names.unitName(c.unitId),
      c.subject?.name ?? null,
      c.subject?.organisation ?? null,
      beijingTime(c.createdAt),
      c.nextDeadline ? deadline(c.workflow, c.nextDeadline.kind) : null,
      c.nextDeadline ? beijingTime(c.nextDeadline.dueAt) : null,
      c.overdue.length ? `是（${c.overdue.map((d) => deadline(c.workflow, d.kind)).join('、')}）` : '否',
      c.outcome === null ? null : (terms?.value(c.workflow, c.outcome)?.zh ?? c.outcome),
      beijingTime(c.updatedAt),
    ]);
  }
  return rows;
}

type Filters = Omit<ExportCasesQuery, 'format'>;

/** A day or time a filter names, as the reader reads it (a time at UTC+8). */
const when = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : beijingTime(value));

/**
 * The filters the ledger was exported with, in words, printed above its table: "筛选条件：程序：问责；
 * 阶段：调查；仅逾期" (全部案件 without any).
 */
export function ledgerFilters(filters: Filters, names: ExportNames, subjectName?: string): string {
  const terms = names.terms;
  const parts: string[] = [];
  if (filters.workflow) parts.push(`程序：${names.workflowTitle(filters.workflow)}`);
  if (filters.state) {
    const stage = terms?.state(filters.workflow ?? '', filters.state).zh ?? filters.state;
    parts.push(`阶段：${stage}`);
  }
  if (filters.status) parts.push(`状态：${filters.status === 'active' ? '办理中' : '已办结'}`);
  if (filters.unitId) parts.push(`承办单位：${names.unitName(filters.unitId)}`);
  if (filters.overdue !== undefined) parts.push(filters.overdue ? '仅逾期案件' : '未逾期案件');
  if (filters.dueWithinDays !== undefined) parts.push(`${filters.dueWithinDays}日内到期`);
  if (filters.q) parts.push(`标题或编号含“${filters.q}”`);
  if (filters.subject) parts.push(`对象姓名含“${filters.subject}”`);
  if (filters.organisation) parts.push(`对象单位含“${filters.organisation}”`);
  if (filters.subjectId) parts.push(`对象：${subjectName ?? filters.subjectId}`);
  if (filters.actor) parts.push(`承办人：${filters.actor}`);
  if (filters.openedFrom || filters.openedTo) {
    parts.push(
      `立案/开启时间：${filters.openedFrom ? when(filters.openedFrom) : '不限'} 至 ${filters.openedTo ? when(filters.openedTo) : '不限'}`,
    );
  }
  return `筛选条件：${parts.length ? parts.join('；') : '全部案件（无筛选）'}`;
}
