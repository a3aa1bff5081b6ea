import { useEffect, useState } from 'react';
import { download, get, query } from '../api/client';
import type { Stats } from '../api/types';
import { useCatalogue } from '../api/workflows';
import { ErrorNote, Loading } from '../common/ui';
import { formatDuration, useI18n, WorkflowTerms } from '../i18n/i18n';
import { BarChart } from './charts';
import { ReportView } from './reports';

/**
 * Supervisors' dashboard, from GET /stats for one workflow (the catalogue's first unless one is
 * picked): the generic figures, then the reports the workflow declares.
 */
export function Dashboard() {
  const { t, procedure } = useI18n();
  const workflows = useCatalogue();
  const [workflow, setWorkflow] = useState('');
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setStats(null);
    setError(null);
    get<Stats>(`/stats${query({ workflow })}`).then(
      (s) => live && setStats(s),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [workflow]);
  const shown = workflow || workflows?.[0]?.name || '';
  const [exporting, setExporting] = useState(false);
  /** 统计台账: the figures of the workflow shown, as GET /stats/export gives them. */
  const exportXlsx = async () => {
    setExporting(true);
    setError(null);
    try {
      await download(`/stats/export${query({ workflow: shown, format: 'xlsx' })}`, 'stats.xlsx');
    } catch (e) {
      setError(e);
    } finally {
      setExporting(false);
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('dashTitle')}</h1>
        <div className="page-head-tools">
          {workflows && workflows.length > 1 && (
            <div className="field">
              <label htmlFor="d-workflow">{t('filterWorkflow')}</label>
              <select id="d-workflow" value={shown} onChange={(e) => setWorkflow(e.target.value)}>
                {workflows.map((w) => (
                  <option key={w.name} value={w.name}>
                    {procedure(w).title}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button
            type="button"
            className="btn"
            data-testid="stats-export"
            title={t('dashExportHelp')}
            disabled={exporting || !stats}
            onClick={() => void exportXlsx()}
          >
            {t('dashExport')}
          </button>
        </div>
      </div>
      {error !== null && <ErrorNote error={error} />}
      {error === null && !stats && <Loading />}
      {stats && (
        <WorkflowTerms workflow={shown}>
          <Figures stats={stats} workflow={shown} />
        </WorkflowTerms>
      )}
    </div>
  );
}

/** The figures of one workflow, named as it names its stages. */
function Figures({ stats, workflow }: { stats: Stats; workflow: string }) {
  /** The case list filtered to the cases a count counts (drill-down). */
  const cases = (filters: Record<string, string | boolean>) => `/${query({ workflow, ...filters })}`;
  const { t, term, stateName, lang, dateTime } = useI18n();
  return (
    <>
      <p className="muted">{t('generatedAt', { time: dateTime(stats.generatedAt) })}</p>
      <div className="dash-grid">
        <BarChart
          title={t('chartByStage')}
          bars={stats.casesByStage.map((s) => ({
            label: stateName(s.stage),
            value: s.count,
            part: s.overdue,
            display: s.overdue ? `${s.count} (${s.overdue} ${t('overdue')})` : String(s.count),
            href: s.count ? cases({ state: s.stage }) : undefined,
          }))}
        />
        <BarChart
          title={t('chartOverdue')}
          tone="red"
          bars={stats.overdueByKind.map((o) => ({
            label: term('deadline', o.kind),
            value: o.lapsed,
            part: o.overdue,
            display: `${o.overdue} ${t('overdueNow')} / ${o.lapsed} ${t('lapsedEver')}`,
            // the case list filters overdue cases, not one kind of time limit: all overdue ones of the procedure
            href: o.overdue ? cases({ overdue: true }) : undefined,
          }))}
        />
        {/* a workflow that records no measures (its effects never do) has no such figure */}
        {stats.recordsMeasures && (
          <BarChart
            title={t('chartMeasures')}
            tone="amber"
            bars={stats.measuresByType.map((m) => ({ label: term('value', m.type), value: m.count }))}
          />
        )}
        <BarChart
          title={t('chartTimeInStage')}
          bars={stats.timeInStage.map((s) => ({
            label: stateName(s.stage),
            value: s.averageMs,
            display: `${formatDuration(s.averageMs, lang)} (${s.cases})`,
          }))}
        />
        <BarChart
          title={t('chartOutcomes')}
          bars={stats.outcomes.map((o) => ({ label: term('value', o.outcome), value: o.count }))}
        />
        {Object.entries(stats.reports).map(([name, report]) => (
          <ReportView key={name} name={name} report={report} />
        ))}
      </div>
    </>
  );
}
