import type { CatalogueTerms } from '../engine/workflow.types';
import { statsCsv, statsSections, statsSheets } from './stats.export';

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
        data: [{ organisation: '甲', rate: 0.123456, late: true }],
      },
      appeals: {
        title: { zh: '申诉', en: 'Appeals' },
        data: { filed: 2, outcomes: [{ outcome: 'x', count: 1 }] },
      },
    },
  };
  const names: Record<string, string> = { a: '甲阶段', b: '乙阶段', k: '甲期限', done: '办结', x: '维持' };
  const zh = (key: string) => (names[key] ? { zh: names[key], en: key } : undefined);
  const terms: CatalogueTerms = {
    workflow: () => undefined,
    state: (_w, path) => zh(path) ?? { zh: path, en: path },
    deadline: (_w, kind) => zh(kind),
    value: (_w, key) => zh(key),
    event: (_w, type) => ({ zh: type, en: type }),
  };
  const sections = statsSections(stats, {
    workflowTitle: 'W',
    terms,
    reportFields: {
      byOrg: { organisation: { zh: '单位', en: 'Unit' }, rate: { zh: '比率', en: 'Rate', percent: true } },
      appeals: {
        filed: { zh: '申诉件数', en: 'Filed' },
        outcomes: { zh: '复查结果', en: 'Outcomes' },
        outcome: { zh: '结果', en: 'Outcome', named: true },
      },
    },
  });
  const section = (title: string) => sections.find((s) => s.title === title)!;

  it('writes each figure as a table: a Chinese header, stages, limits and outcomes by their names', () => {
    expect(sections.map((s) => s.title)).toEqual([
      '各阶段案件数',
      '期限逾期情况',
      '各阶段平均用时',
      '办结结果',
      '各单位',
      '申诉',
    ]);
    expect(section('各阶段案件数')).toMatchObject({
      header: ['阶段', '案件数', '其中逾期'],
      rows: [
        ['甲阶段', 2, 1],
        ['乙阶段', 0, 0],
      ],
    });
    expect(section('期限逾期情况').rows).toEqual([['甲期限', 1, 2, 0]]);
    expect(section('各阶段平均用时').rows).toEqual([['甲阶段', 2, 1.5]]);
    expect(section('办结结果').rows).toEqual([['办结', 3]]);
  });

  it('writes a declared report whatever its shape, its keys named as declared', () => {
    expect(section('各单位')).toEqual({
      title: '各单位',
      header: ['单位', '比率', 'late'],
      rows: [['甲', 0.1235, '是']],
      formats: [null, '0.00%', null],
    });
    expect(section('申诉')).toEqual({
      title: '申诉',
      header: ['项目', '数值'],
      rows: [
        ['申诉件数', 2],
        ['复查结果：维持', 1],
      ],
    });
  });

  it('makes a sheet of each table with the notes above it, and a CSV of them all', () => {
    const sheets = statsSheets(sections, ['筛选条件：程序：W']);
    expect(sheets[0]).toMatchObject({
      name: '各阶段案件数',
      title: '统计台账：各阶段案件数',
      notes: ['筛选条件：程序：W'],
    });
    const lines = statsCsv(sections, ['筛选条件：程序：W']).slice(1).split('\r\n');
    expect(lines.slice(0, 6)).toEqual([
      '统计台账',
      '筛选条件：程序：W',
      '',
      '各阶段案件数',
      '阶段,案件数,其中逾期',
      '甲阶段,2,1',
    ]);
  });
});
