import { useEffect, useMemo, useRef, useState } from 'react';
import { API_BASE, CLIENT_HEADER, get, query } from '../api/client';
import type { components } from '../api/schema';
import { useSession } from '../auth/session';
import { Link, navigate, useLocation } from '../common/router';
import { ErrorNote, Loading } from '../common/ui';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import { RanksChart, RatesChart, TrendChart } from './IndicesCharts';
import './indices.css';
import { pct, useDual, type IndexCase, type IndexFigure, type IndexRow, type IndicesReport } from './shared';

type UnitDto = components['schemas']['UnitDto'];
type Profile = components['schemas']['ProfileDto'];

/** The figures besides the rates, as GET /indices/cases names them. */
const COUNTS = ['linkedCases', 'declinedClues', 'restrictedNow'] as const;

/** The year in Beijing (the indices' calendar). */
const thisYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

export interface Drill {
  unit: string;
  figure: string;
  part: 'numerator' | 'denominator';
}

function useReport(year: number, unit: string | undefined) {
  const [state, setState] = useState<{ key: string; report?: IndicesReport; error?: unknown }>({ key: '' });
  const key = `${year}/${unit ?? ''}`;
  useEffect(() => {
    if (unit === undefined) return;
    let live = true;
    get<IndicesReport>(`/indices${query({ year, unit })}`).then(
      (report) => live && setState({ key, report }),
      (error: unknown) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
  }, [key, year, unit]);
  return state.key === key ? state : { key };
}

/**
 * 考核指数: per unit and year, the indicator plan's five rates of the unit chosen and the units below it
 * (GET /indices), with a ranking among siblings, the rates per unit, a trend over three years and the
 * cases behind any figure (GET /indices/cases). The unit and year live in the address (?unit=&year=).
 */
export function IndicesPage() {
  const { t, lang } = useI18n();
  const { user, token } = useSession();
  const { search } = useLocation();
  const [units, setUnits] = useState<UnitDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    Promise.all([get<Profile>('/me'), get<{ items: UnitDto[] }>('/units')]).then(
      ([me, list]) => {
        if (!live) return;
        const reach = me.reach;
        setUnits(reach === 'all' ? list.items : list.items.filter((u) => reach.includes(u.code)));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);

  const year = Number(search.get('year')) || thisYear();
  const unit = search.get('unit') || user?.unit || units?.[0]?.code;
  const set = (changes: { unit?: string; year?: number }) =>
    navigate(`/indices${query({ unit, year, ...changes })}`, true);

  const current = useReport(year, unit);
  const prev1 = useReport(year - 1, unit);
  const prev2 = useReport(year - 2, unit);
  const [drill, setDrill] = useState<Drill | null>(null);
  useEffect(() => {
    setDrill(null);
  }, [unit, year]);

  const years = Array.from({ length: 8 }, (_, i) => thisYear() - i);
  if (!years.includes(year)) years.push(year);

  const download = async (format: 'csv' | 'xlsx') => {
    try {
      const res = await fetch(`${API_BASE}/indices/export${query({ year, unit, format })}`, {
        headers: token ? { ...CLIENT_HEADER, authorization: `Bearer ${token}` } : CLIENT_HEADER,
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `indices-${unit ?? ''}-${year}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  };

  const report = current.report;
  return (
    <div className="page indices-page" data-testid="indices" data-lang={lang}>
      <div className="page-head">
        <h1>
          {t('idxTitle')}
          {report && (
            <span className="indices-sub">
              {' '}
              · <span className="data">{report.unit.name}</span> · {report.year}
            </span>
          )}
        </h1>
        <div className="indices-filters no-print">
          <div className="field">
            <label htmlFor="idx-unit">{t('idxUnit')}</label>
            <select id="idx-unit" value={unit ?? ''} onChange={(e) => set({ unit: e.target.value })}>
              {(units ?? []).map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name} ({u.code})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="idx-year">{t('idxYear')}</label>
            <select id="idx-year" value={year} onChange={(e) => set({ year: Number(e.target.value) })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div className="indices-buttons">
            <button type="button" className="btn" onClick={() => void download('csv')}>
              {t('idxExportCsv')}
            </button>
            <button type="button" className="btn" onClick={() => void download('xlsx')}>
              {t('idxExportXlsx')}
            </button>
            <button type="button" className="btn" onClick={() => window.print()}>
              {t('idxPrint')}
            </button>
          </div>
        </div>
      </div>
      {error !== null && <ErrorNote error={error} />}
      {current.error !== undefined && <ErrorNote error={current.error} />}
      {!report && current.error === undefined && <Loading />}
      {report && (
        <>
          <div className="indices-charts">
            <RanksChart report={report} />
            <RatesChart report={report} />
            <TrendChart
              reports={[prev2.report, prev1.report, report].filter((r): r is IndicesReport => Boolean(r))}
            />
          </div>
          <IndicesTable report={report} onDrill={setDrill} drill={drill} />
          {drill && <DrillDown year={year} drill={drill} report={report} onClose={() => setDrill(null)} />}
          <Rules report={report} />
        </>
      )}
    </div>
  );
}

function FigureButton({
  value,
  drill,
  current,
  onDrill,
  label,
}: {
  value: number;
  drill: Drill;
  current: Drill | null;
  onDrill(d: Drill): void;
  label: string;
}) {
  const on = current?.unit === drill.unit && current.figure === drill.figure && current.part === drill.part;
  // nothing behind a zero to list
  if (value === 0) return <span className="idx-zero">0</span>;
  return (
    <button
      type="button"
      className={`idx-fig${on ? ' idx-fig-on' : ''}`}
      data-figure={drill.figure}
      data-part={drill.part}
      data-unit={drill.unit}
      aria-pressed={on}
      aria-label={label}
      onClick={() => onDrill(drill)}
    >
      {value}
    </button>
  );
}

function IndicesTable({
  report,
  drill,
  onDrill,
}: {
  report: IndicesReport;
  drill: Drill | null;
  onDrill(d: Drill): void;
}) {
  const { t, term, lang } = useI18n();
  const dual = useDual();
  const fmt = (n: number) =>
    n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 2 });
  const ratio = (row: IndexRow, code: string, name: string, f: IndexFigure) => (
    <td key={code} className="idx-rate" data-rate={code} title={f.rule[lang]}>
      <strong className="idx-pct">{pct(f.rate)}</strong>
      <span className="idx-ratio">
        <FigureButton
          value={f.numerator}
          drill={{ unit: row.unit.code, figure: code, part: 'numerator' }}
          current={drill}
          onDrill={onDrill}
          label={`${row.unit.name} ${name} ${t('idxNumerator')} ${f.numerator}`}
        />
        /
        <FigureButton
          value={f.denominator}
          drill={{ unit: row.unit.code, figure: code, part: 'denominator' }}
          current={drill}
          onDrill={onDrill}
          label={`${row.unit.name} ${name} ${t('idxDenominator')} ${f.denominator}`}
        />
      </span>
    </td>
  );
  return (
    <section className="indices-table">
      <h2>{t('idxTable')}</h2>
      <p className="muted no-print">{t('idxDrillHint')}</p>
      <div className="table-wrap">
        <table data-testid="indices-table">
          <thead>
            <tr>
              <th scope="col">{t('idxUnit')}</th>
              {report.indicators.map((i) => (
                <th key={i.code} scope="col" title={report.rows[0]?.rates[i.code]?.rule[lang]}>
                  {dual(i.label)}
                  <span className="idx-weight">{t('idxWeight', { w: i.weight })}</span>
                </th>
              ))}
              <th scope="col">{t('idxScore')}</th>
              <th scope="col">{t('idxRank')}</th>
              <th scope="col">{term('field', 'softMeasures')}</th>
              {COUNTS.map((c) => (
                <th key={c} scope="col">
                  {term('field', c)}
                </th>
              ))}
              <th scope="col">{term('field', 'overdueNow')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.unit.code} data-unit={row.unit.code} className={`idx-depth-${row.unit.depth}`}>
                <th scope="row" style={{ paddingLeft: `${0.8 + row.unit.depth * 1.1}rem` }}>
                  {row.unit.depth === 0 ? (
                    <span className="data">{row.unit.name}</span>
                  ) : (
                    // that unit's own indices: it and the units below it
                    <Link href={`/indices${query({ unit: row.unit.code, year: report.year })}`}>
                      <span className="data">{row.unit.name}</span>
                    </Link>
                  )}
                  <span className="idx-code data">{row.unit.code}</span>
                </th>
                {report.indicators.map((i) => ratio(row, i.code, dual(i.label), row.rates[i.code]))}
                <td data-col="score">
                  {row.score === null ? <span className="muted">{t('idxNoScore')}</span> : fmt(row.score)}
                </td>
                <td data-col="rank">
                  {/* the unit chosen is ranked among its siblings in its parent's view, not here */}
                  {row.rank === null || row.unit.depth === 0
                    ? '—'
                    : t('idxRankOf', { rank: row.rank, n: row.siblings })}
                </td>
                {ratio(row, 'softMeasures', term('field', 'softMeasures'), row.softMeasures)}
                {COUNTS.map((c) => (
                  <td key={c} data-col={c}>
                    <FigureButton
                      value={row[c]}
                      drill={{ unit: row.unit.code, figure: c, part: 'numerator' }}
                      current={drill}
                      onDrill={onDrill}
                      label={`${row.unit.name} ${term('field', c)} ${row[c]}`}
                    />
                  </td>
                ))}
                <td data-col="overdueNow">
                  {row.overdueNow.length === 0
                    ? 0
                    : row.overdueNow.map((o) => (
                        <span key={o.kind} className="idx-overdue">
                          {term('deadline', o.kind)} {o.count}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DrillDown({
  year,
  drill,
  report,
  onClose,
}: {
  year: number;
  drill: Drill;
  report: IndicesReport;
  onClose(): void;
}) {
  const { t, term, lang } = useI18n();
  const dual = useDual();
  const [state, setState] = useState<{ items?: IndexCase[]; error?: unknown }>({});
  const panel = useRef<HTMLElement>(null);
  // below a long table: bring the list into view when a figure is chosen
  // (a block body: newer browsers' scrollIntoView returns a promise, which is no cleanup)
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest' });
  }, [drill]);
  useEffect(() => {
    let live = true;
    setState({});
    get<{ items: IndexCase[] }>(`/indices/cases${query({ year, ...drill })}`).then(
      ({ items }) => live && setState({ items }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [year, drill]);
  const indicator = report.indicators.find((i) => i.code === drill.figure);
  const figure = indicator ? dual(indicator.label) : term('field', drill.figure);
  const unitName = report.rows.find((r) => r.unit.code === drill.unit)?.unit.name ?? drill.unit;
  const isCount = (COUNTS as readonly string[]).includes(drill.figure);
  const part = isCount ? t('idxCount') : t(drill.part === 'numerator' ? 'idxNumerator' : 'idxDenominator');
  const items = state.items;
  // a case can stand behind a figure more than once (a list's several tasks): one row per fact
  const rows = useMemo(() => items?.map((c, i) => ({ ...c, key: `${c.caseId}-${i}` })), [items]);
  return (
    <section ref={panel} className="panel indices-drill" data-testid="indices-drill" aria-live="polite">
      <header className="panel-head">
        <h2>{t('idxCasesBehind', { figure, part, unit: unitName, year })}</h2>
        <button type="button" className="btn btn-small no-print" onClick={onClose}>
          {t('idxClose')}
        </button>
      </header>
      {state.error !== undefined && <ErrorNote error={state.error} />}
      {!rows && state.error === undefined && <Loading />}
      {rows && rows.length === 0 && <p className="muted">{t('idxNoCases')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('colTitle')}</th>
                <th scope="col">{t('filterWorkflow')}</th>
                <th scope="col">{t('colState')}</th>
                <th scope="col">{t('idxCaseDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.key} data-case={c.caseId}>
                  <td>
                    <Link href={`/cases/${c.caseId}`} className="data">
                      {c.title}
                    </Link>
                  </td>
                  <td>{term('value', c.workflow)}</td>
                  <td>
                    <WorkflowTerms workflow={c.workflow}>
                      <StateName state={c.state} />
                    </WorkflowTerms>
                  </td>
                  {/* the service's own words, in the reader's language */}
                  <td>{c.detailText?.[lang] ?? c.detail ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A stage as its workflow names it (inside WorkflowTerms). */
function StateName({ state }: { state: string }) {
  const { stateName } = useI18n();
  return <span className="state-pill">{stateName(state)}</span>;
}

function Rules({ report }: { report: IndicesReport }) {
  const { t, term, lang } = useI18n();
  const dual = useDual();
  const first = report.rows[0];
  if (!first) return null;
  return (
    <details className="indices-rules" open>
      <summary>{t('idxRules')}</summary>
      <dl>
        {report.indicators.map((i) => (
          <div key={i.code}>
            <dt>
              {dual(i.label)} ({t('idxWeight', { w: i.weight })})
            </dt>
            <dd>{first.rates[i.code]?.rule[lang]}</dd>
          </div>
        ))}
        <div>
          <dt>{term('field', 'softMeasures')}</dt>
          <dd>{first.softMeasures.rule[lang]}</dd>
        </div>
      </dl>
    </details>
  );
}
