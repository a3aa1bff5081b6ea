import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Stats } from '../api/types';
import { ErrorNote, Loading } from '../common/ui';
import { formatDuration, useI18n } from '../i18n/i18n';
import { BarChart } from './charts';
import { ReportView } from './reports';

/** Supervisors' dashboard, from GET /stats: the generic figures, then the reports the workflow declares. */
export function Dashboard() {
  const { t, term, stateName, lang, dateTime } = useI18n();
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    get<Stats>('/stats').then(
      (s) => live && setStats(s),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error !== null) return <ErrorNote error={error} />;
  if (!stats) return <Loading />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('dashTitle')}</h1>
        <p className="muted">{t('generatedAt', { time: dateTime(stats.generatedAt) })}</p>
      </div>
      <div className="dash-grid">
        <BarChart
          title={t('chartByStage')}
          bars={stats.casesByStage.map((s) => ({
            label: stateName(s.stage),
            value: s.count,
            part: s.overdue,
            display: s.overdue ? `${s.count} (${s.overdue} ${t('overdue')})` : String(s.count),
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
          }))}
        />
        <BarChart
          title={t('chartMeasures')}
          tone="amber"
          bars={stats.measuresByType.map((m) => ({ label: term('value', m.type), value: m.count }))}
        />
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
    </div>
  );
}
