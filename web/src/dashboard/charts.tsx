import { fitText, textWidth } from '../common/text';
import { navigate } from '../common/router';
import { useI18n } from '../i18n/i18n';

export interface Bar {
  label: string;
  value: number;
  /** What to print at the bar's end; the value by default. */
  display?: string;
  /** A second, overlaid value (e.g. overdue of all), drawn darker. */
  part?: number;
  /** Where the cases counted are listed (the case list, filtered to them): the bar is a link. */
  href?: string;
}

const ROW = 26;
const WIDTH = 520;
/** The labels' column takes what its longest label needs, up to this; longer ones are cut. */
const MAX_LABEL_W = 250;
/** The bars keep at least this much, whatever the labels and numbers need. */
const MIN_PLOT = 120;

/**
 * A bar's label, right-aligned before the bar: on one line when it fits, else on two (broken at a
 * space, or between its English and Chinese names), the second cut to fit with the whole on hover.
 */
function BarLabel({ label, x, room, row }: { label: string; x: number; room: number; row: number }) {
  if (textWidth(label) <= room) {
    return (
      <text x={x} y={row / 2 + 4} textAnchor="end" className="chart-label">
        {label}
      </text>
    );
  }
  const words = label.split(' ');
  let cut = words.length - 1;
  while (cut > 1 && textWidth(words.slice(0, cut).join(' ')) > room) cut--;
  const first = fitText(words.slice(0, Math.max(1, cut)).join(' '), room);
  const second = words.slice(Math.max(1, cut)).join(' ');
  const shown = fitText(second, room);
  return (
    <text x={x} y={row / 2 - 3} textAnchor="end" className="chart-label chart-label-2">
      {shown !== second && <title>{label}</title>}
      <tspan x={x}>{first}</tspan>
      <tspan x={x} dy={14}>
        {shown}
      </tspan>
    </text>
  );
}

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
  // room for the longest label on the left and the longest number (bold) at a full bar's end
  const valueW = Math.max(0, ...bars.map((b) => textWidth(b.display ?? String(b.value)) * 1.1)) + 10;
  const labelW = Math.min(MAX_LABEL_W, Math.max(60, ...bars.map((b) => textWidth(b.label) + 12)));
  const plot = Math.max(MIN_PLOT, WIDTH - labelW - valueW);
  // wider than usual only when the labels and numbers need it; the drawing then scales down
  const width = labelW + plot + valueW;
  // rows a little taller when a label takes two lines
  const row = bars.some((b) => textWidth(b.label) > labelW - 10) ? ROW + 10 : ROW;
  const height = bars.length * row + 8;
  return (
    <figure className={`chart chart-${tone}`}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">{t('noData')}</p>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role={bars.some((b) => b.href) ? 'group' : 'img'}
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.display ?? b.value}`).join('; ')}`}
        >
          {bars.map((b, i) => {
            const y = 4 + i * row;
            const w = (b.value / top) * plot;
            const pw = ((b.part ?? 0) / top) * plot;
            const content = (
              <>
                <BarLabel label={b.label} x={labelW - 8} room={labelW - 10} row={row} />
                <rect
                  x={labelW}
                  y={(row - ROW) / 2 + 3}
                  width={plot}
                  height={ROW - 8}
                  className="chart-track"
                  rx={3}
                />
                <rect
                  x={labelW}
                  y={(row - ROW) / 2 + 3}
                  width={Math.max(w, b.value > 0 ? 2 : 0)}
                  height={ROW - 8}
                  className="chart-bar"
                  rx={3}
                />
                {pw > 0 && (
                  <rect
                    x={labelW}
                    y={(row - ROW) / 2 + 3}
                    width={pw}
                    height={ROW - 8}
                    className="chart-part"
                    rx={3}
                  />
                )}
                <text x={labelW + Math.max(w, 0) + 6} y={row / 2 + 4} className="chart-value">
                  {b.display ?? b.value}
                </text>
              </>
            );
            return (
              <g key={b.label} transform={`translate(0 ${y})`}>
                {b.href ? (
                  <a
                    href={b.href}
                    className="chart-link"
                    data-testid="drill-down"
                    aria-label={`${b.label}: ${b.display ?? b.value} — ${t('drillHint')}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(b.href!);
                    }}
                  >
                    <title>{t('drillHint')}</title>
                    {content}
                  </a>
                ) : (
                  content
                )}
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
