import type { IndexFact } from '../engine/index.types';
import type { FigureDto, IndexRowDto, IndicesReportDto } from './dto/indices.dto';
import { indicesCsv } from './indices.export';
import { figureOf, rankRows, scoreOf, sumsByUnit } from './scoring';

const RULE = { zh: '规则', en: 'rule' };
const fact = (unit: string, numerator: number, denominator: number): IndexFact => ({
  unit,
  cases: ['c'],
  numerator,
  denominator,
  detail: null,
});

function row(code: string, parentCode: string | null, score: number | null): IndexRowDto {
  const none: FigureDto = { numerator: 0, denominator: 0, rate: null, rule: RULE };
  return {
    unit: { code, name: code, parentCode, depth: 0 },
    rates: { keyTasks: none },
    score,
    rank: null,
    siblings: 0,
    softMeasures: none,
    softAccountability: none,
    linkedCases: 0,
    declinedClues: 0,
    overdueNow: [],
    restrictedNow: 0,
  };
}

describe('index figures, scores and ranks', () => {
  it("sums a unit's facts, and has no rate without a denominator", () => {
    const facts = [fact('a', 1, 1), fact('a', 0, 1), fact('b', 1, 1), fact('a', 0, 1)];
    expect(figureOf(sumsByUnit(facts), 'a', RULE)).toEqual({
      numerator: 1,
      denominator: 3,
      rate: 1 / 3,
      rule: RULE,
    });
    expect(figureOf(sumsByUnit(facts), 'c', RULE)).toEqual({
      numerator: 0,
      denominator: 0,
      rate: null,
      rule: RULE,
    });
  });

  it('renormalises the weights over the rates that exist', () => {
    expect(scoreOf([])).toBeNull();
    expect(scoreOf([{ weight: 30, rate: null }])).toBeNull();
    expect(scoreOf([{ weight: 0, rate: 0.5 }])).toBeNull();
    expect(
      scoreOf([
        { weight: 30, rate: 0.5 },
        { weight: 70, rate: null },
      ]),
    ).toBe(50);
    expect(
      scoreOf([
        { weight: 30, rate: 1 / 3 },
        { weight: 10, rate: 1 },
      ]),
    ).toBe(50);
    expect(scoreOf([{ weight: 1, rate: 2 / 3 }])).toBe(66.67);
  });

  it('ranks among siblings; ties share a rank; no score, no rank', () => {
    const rows = [
      row('p', null, 10),
      row('a', 'p', 80),
      row('b', 'p', 90),
      row('c', 'p', 80),
      row('d', 'p', null),
    ];
    rankRows(rows);
    expect(rows.map((r) => [r.unit.code, r.rank, r.siblings])).toEqual([
      ['p', 1, 1],
      ['a', 2, 4],
      ['b', 1, 4],
      ['c', 2, 4],
      ['d', null, 4],
    ]);
  });

  it('writes CSV with a byte-order mark, CRLF, quoted fields and formulas defused', () => {
    const report: IndicesReportDto = {
      year: 2026,
      unit: { code: 'p', name: 'p' },
      generatedAt: '2026-01-01T00:00:00.000Z',
      indicators: [{ code: 'keyTasks', label: { zh: '重点任务,达标率', en: 'Key tasks' }, weight: 100 }],
      rows: [
        { ...row('p', null, null), unit: { code: 'p', name: '=HYPERLINK("x")', parentCode: null, depth: 0 } },
      ],
    };
    const figure = (en: string) => ({
      label: { zh: en, en },
      rule: { zh: '', en: '' },
      facts: async () => [],
    });
    const csv = indicesCsv(
      report,
      {
        rates: [],
        softMeasures: figure('Share'),
        linkedCases: figure('Linked'),
        declinedClues: figure('Declined'),
        restrictedNow: figure('Restricted'),
      },
      { unitName: (code) => code, deadline: (kind) => kind },
    );
    expect(csv.startsWith('\uFEFF单位代码,单位名称,上级单位,')).toBe(true);
    expect(csv).toContain('"重点任务,达标率（分子）"');
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1].startsWith(`p,"'=HYPERLINK(""x"")",,0,0,,`)).toBe(true);
  });
});
