import { useI18n } from '../i18n/i18n';

export interface Bar {
  label: string;
  value: number;
  /** What to print at the bar's end; the value by default. */
  display?: string;
  /** A second, overlaid value (e.g. overdue of all), drawn darker. */
  part?: number;
}

const ROW = 26;
const LABEL_W = 190;
const WIDTH = 520;

/** A horizontal bar chart in plain SVG, with the numbers as text for screen readers. */
export function BarChart({
  title,
  bars,
  max,
  tone = 'blue',
}: {
  title: string;
  bars: Bar[];
  max?: number;
  tone?: 'blue' | 'red' | 'green' | 'amber';
}) {
  const { t } = useI18n();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const plot = WIDTH - LABEL_W - 60;
  const height = bars.length * ROW + 8;
  return (
    <figure className={`chart chart-${tone}`}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">{t('noData')}</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.display ?? b.value}`).join('; ')}`}
        >
          {bars.map((b, i) => {
            const y = 4 + i * ROW;
            const w = (b.value / top) * plot;
            const pw = ((b.part ?? 0) / top) * plot;
            return (
              <g key={b.label} transform={`translate(0 ${y})`}>
                <text x={LABEL_W - 8} y={ROW / 2 + 4} textAnchor="end" className="chart-label">
                  {b.label}
                </text>
                <rect x={LABEL_W} y={3} width={plot} height={ROW - 8} className="chart-track" rx={3} />
                <rect
                  x={LABEL_W}
                  y={3}
                  width={Math.max(w, b.value > 0 ? 2 : 0)}
                  height={ROW - 8}
                  className="chart-bar"
                  rx={3}
                />
                {pw > 0 && (
                  <rect x={LABEL_W} y={3} width={pw} height={ROW - 8} className="chart-part" rx={3} />
                )}
                <text x={LABEL_W + Math.max(w, 0) + 6} y={ROW / 2 + 4} className="chart-value">
                  {b.display ?? b.value}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
