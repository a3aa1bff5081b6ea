import { statsLedger } from './stats.export';

describe('the statistics ledger', () => {
  const stats = {
    workflow: 'w',
    generatedAt: '2026-01-01T00:00:00.000Z',
    stages: ['a', 'b'],
    casesByStage: [
      { stage: 'a', count: 2, overdue: 1 },
      { stage: 'b', count: 0, overdue: 0 },
    ],
    outcomes: [{ outcome: 'done', count: 3 }],
    overdueByKind: [{ kind: 'k', overdue: 1, lapsed: 2, pending: 0 }],
    recordsMeasures: false,
    measuresByType: [],
    timeInStage: [{ stage: 'a', cases: 2, totalMs: 3 * 86_400_000, averageMs: 1.5 * 86_400_000 }],
    reports: {
      byOrg: {
        title: { zh: '各单位', en: 'By unit' },
        data: [{ organisation: '甲', rate: 0.5, late: true }],
      },
      appeals: {
        title: { zh: '申诉', en: 'Appeals' },
        data: { filed: 2, outcomes: [{ outcome: 'x', count: 1 }] },
      },
    },
  };
  const rows = statsLedger(stats, { workflowTitle: 'W', generatedAt: '2026-01-01 08:00' });
  const after = (title: string) => rows.slice(rows.findIndex((r) => r[0] === title) + 1);

  it('writes each figure as a section: its title, a Chinese header, the rows', () => {
    expect(rows.slice(0, 2)).toEqual([
      ['统计台账', 'W'],
      ['生成时间', '2026-01-01 08:00'],
    ]);
    expect(after('各阶段案件数').slice(0, 4)).toEqual([
      ['阶段', '案件数', '其中逾期'],
      ['a', 2, 1],
      ['b', 0, 0],
      [],
    ]);
    expect(after('各阶段平均用时')[1]).toEqual(['a', 2, 1.5]);
    // a workflow that records no measures has no such section
    expect(rows.some((r) => r[0] === '处理措施')).toBe(false);
  });

  it('writes a declared report whatever its shape: records as a table, a record as key and value lines', () => {
    expect(after('各单位').slice(0, 2)).toEqual([
      ['organisation', 'rate', 'late'],
      ['甲', 0.5, '是'],
    ]);
    expect(after('申诉').slice(0, 4)).toEqual([
      ['filed', 2],
      ['outcomes'],
      ['', 'outcome', 'count'],
      ['', 'x', 1],
    ]);
  });
});
