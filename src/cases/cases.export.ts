import type { Cell } from '../export/xlsx';
import type { CaseSummary } from './cases.query';

/** What the table needs to name a case's workflow and unit for a reader. */
export interface ExportNames {
  workflowTitle(name: string): string;
  unitName(code: string): string;
}

const HEADER = [
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

/** An instant as Beijing wall-clock time (UTC+8, the service's calendar): 2026-01-31 09:30. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 台账: one line per case in the list's order, headers in Chinese; times at UTC+8. */
export function caseLedger(cases: readonly CaseSummary[], names: ExportNames): Cell[][] {
  const rows: Cell[][] = [HEADER];
  for (const c of cases) {
    rows.push([
      c.businessKey,
      c.title,
      names.workflowTitle(c.workflow),
      c.status === 'active' ? '办理中' : '已办结',
      c.state,
      names.unitName(c.unitId),
      c.subject?.name ?? null,
      c.subject?.organisation ?? null,
      beijingTime(c.createdAt),
      c.nextDeadline?.kind ?? null,
      c.nextDeadline ? beijingTime(c.nextDeadline.dueAt) : null,
      c.overdue.length ? `是（${c.overdue.map((d) => d.kind).join('、')}）` : '否',
      c.outcome,
      beijingTime(c.updatedAt),
    ]);
  }
  return rows;
}
