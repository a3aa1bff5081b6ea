import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useI18n } from '../i18n/i18n';
import { useDual, type IndexRow, type IndicesReport } from './shared';

/** One colour per rate, in the plan's order; the score is drawn in the accent colour. */
const COLOURS = ['#2458b3', '#1f7a45', '#a86200', '#7b3fa0', '#0f7c86'];
const SCORE = '#9f1d20';
const AXIS = { fontSize: 12, fill: '#1d2330' };

/**
 * A unit's name under its bars, on two lines: the part before the first space (the Chinese name in the
 * demo's "河西县纪委监委 Hexi County Commission"), then the rest, cut to what fits under the group.
 */
function UnitTick({
  x,
  y,
  payload,
}: {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}) {
  const name = String(payload?.value ?? '');
  const cut = name.indexOf(' ');
  const first = cut > 0 ? name.slice(0, cut) : name;
  const rest = cut > 0 ? name.slice(cut + 1) : '';
  const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return (
    <text x={Number(x)} y={Number(y) + 12} textAnchor="middle" fontSize={12} fill="#1d2330" className="data">
      <title>{name}</title>
      <tspan x={Number(x)}>{short(first, 10)}</tspan>
      {rest && (
        <tspan x={Number(x)} dy={14} fill="#5d6576">
          {short(rest, 15)}
        </tspan>
      )}
    </text>
  );
}

/**
 * The charts' width: the card's ('100%') on screen; while printing, what a third of an A4 landscape
 * page holds. The browser lays the page out for print right after `beforeprint`, before a resize
 * observer would tell the charts, so they are drawn again at once (flushSync) at a fixed width.
 */
export const PRINT_WIDTH = 300;
function usePrintWidth(): number | '100%' {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing ? PRINT_WIDTH : '100%';
}

const asPct = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;

const scored = (r: IndexRow) => r.score !== null;

/**
 * The units compared: those right below the unit chosen that have a rate, and the unit chosen itself
 * first when it has one (a county); the unit alone when none below has a rate.
 */
function compared(report: IndicesReport): IndexRow[] {
  const [own, ...rest] = report.rows;
  const below = rest.filter((r) => r.unit.depth === 1 && scored(r));
  if (!own) return below;
  return below.length === 0 || scored(own) ? [own, ...below] : below;
}

/** Ranking of the units right below the unit chosen, by score (best first). */
export function RanksChart({ report }: { report: IndicesReport }) {
  const width = usePrintWidth();
  const { t } = useI18n();
  const rows = report.rows
    .filter((r) => r.unit.depth === 1 && scored(r))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  const data = rows.map((r) => ({
    name: r.unit.name,
    score: r.score ?? 0,
    label: r.score === null ? '—' : `${r.rank ?? '—'}. ${r.score}`,
  }));
  return (
    <figure className="idx-chart" data-testid="chart-ranking">
      <figcaption>{t('idxChartRanking', { unit: report.unit.name })}</figcaption>
      {data.length === 0 ? (
        <p className="muted">{t('idxNoRanking')}</p>
      ) : (
        <ResponsiveContainer width={width} height={Math.max(150, 40 + data.length * 54)}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 64, bottom: 4, left: 8 }}>
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" domain={[0, 100]} tick={AXIS} />
            <YAxis
              type="category"
              dataKey="name"
              width={150}
              tick={{ ...AXIS, className: 'data' }}
              interval={0}
            />
            <Tooltip formatter={(v) => [String(v), t('idxScore')]} />
            <Bar dataKey="score" fill={SCORE} isAnimationActive={false} barSize={22}>
              <LabelList dataKey="label" position="right" style={{ fontSize: 12, fill: '#1d2330' }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

/** The five rates per unit, as grouped bars (a missing rate draws no bar). */
export function RatesChart({ report }: { report: IndicesReport }) {
  const width = usePrintWidth();
  const { t } = useI18n();
  const dual = useDual();
  const rows = compared(report);
  const data = rows.map((r) => ({
    name: r.unit.name,
    ...Object.fromEntries(report.indicators.map((i) => [i.code, asPct(r.rates[i.code]?.rate)])),
  }));
  return (
    <figure className="idx-chart" data-testid="chart-rates">
      <figcaption>{t('idxChartRates')}</figcaption>
      <ResponsiveContainer width={width} height={330}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: -8 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={UnitTick} interval={0} height={44} />
          <YAxis domain={[0, 100]} tick={AXIS} />
          <Tooltip formatter={(v) => (v === null ? '—' : `${String(v)}%`)} />
          <Legend itemSorter={null} wrapperStyle={{ fontSize: 11, lineHeight: '14px' }} />
          {report.indicators.map((i, n) => (
            <Bar
              key={i.code}
              dataKey={i.code}
              name={dual(i.label)}
              fill={COLOURS[n % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * The unit chosen over the years given (oldest first): its score and its five rates; or, when its own
 * cases give it no rate in any of those years (a city whose counties handle the cases), the scores of
 * the units right below it.
 */
export function TrendChart({ reports }: { reports: IndicesReport[] }) {
  const width = usePrintWidth();
  const { t } = useI18n();
  const dual = useDual();
  const last = reports.at(-1);
  if (!last) return null;
  const ownData = reports.some((r) => r.rows[0]?.score !== null && r.rows[0]?.score !== undefined);
  const below = last.rows.filter((r) => r.unit.depth === 1);
  const byUnit = !ownData && below.length > 0;
  const data = reports.map((r) => {
    const own = r.rows[0];
    if (byUnit) {
      return {
        year: String(r.year),
        ...Object.fromEntries(
          below.map((u) => [u.unit.code, r.rows.find((x) => x.unit.code === u.unit.code)?.score ?? null]),
        ),
      };
    }
    return {
      year: String(r.year),
      score: own?.score ?? null,
      ...Object.fromEntries(r.indicators.map((i) => [i.code, asPct(own?.rates[i.code]?.rate)])),
    };
  });
  return (
    <figure className="idx-chart" data-testid="chart-trend" data-mode={byUnit ? 'units' : 'own'}>
      <figcaption>{t(byUnit ? 'idxChartTrendUnits' : 'idxChartTrend', { unit: last.unit.name })}</figcaption>
      <ResponsiveContainer width={width} height={330}>
        <LineChart data={data} margin={{ top: 8, right: 24, bottom: 4, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="year" tick={AXIS} padding={{ left: 24, right: 24 }} />
          <YAxis domain={[0, 100]} tick={AXIS} />
          <Tooltip />
          <Legend itemSorter={null} wrapperStyle={{ fontSize: 11, lineHeight: '14px' }} />
          {byUnit ? (
            below.map((u, n) => (
              <Line
                key={u.unit.code}
                dataKey={u.unit.code}
                name={u.unit.name}
                stroke={COLOURS[n % COLOURS.length]}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls
              />
            ))
          ) : (
            <>
              <Line
                dataKey="score"
                name={t('idxScore')}
                stroke={SCORE}
                strokeWidth={3}
                isAnimationActive={false}
                connectNulls
              />
              {last.indicators.map((i, n) => (
                <Line
                  key={i.code}
                  dataKey={i.code}
                  name={dual(i.label)}
                  stroke={COLOURS[n % COLOURS.length]}
                  strokeDasharray="4 3"
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </>
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
