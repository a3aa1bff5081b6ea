import type { Deadline } from '../api/types';
import { Badge, Panel } from '../common/ui';
import { formatDuration, lateSince, useI18n } from '../i18n/i18n';

/**
 * Time limits with time left, and overdue badges: how long since the limit was due, on the page's
 * clock (the API's lateByMs is the same figure, frozen when the case was read).
 */
export function Deadlines({ deadlines, now }: { deadlines: Deadline[]; now: number }) {
  const { t, term, lang, dateTime } = useI18n();
  const shown = [...deadlines].sort(
    (a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'),
  );
  return (
    <Panel title={t('deadlines')} id="deadlines">
      {shown.length === 0 && <p className="muted">{t('noDeadlines')}</p>}
      <ul className="deadlines">
        {shown.map((d) => {
          const left = Date.parse(d.dueAt) - now;
          return (
            <li
              key={d.id}
              className={d.overdue ? 'is-overdue' : d.status === 'pending' ? 'is-pending' : 'is-settled'}
            >
              <div className="deadline-kind">{term('deadline', d.kind)}</div>
              <div className="muted">
                {t('due')} {dateTime(d.dueAt)}
              </div>
              <div>
                {d.overdue ? (
                  <Badge tone="bad">
                    {t('overdue')} · {t('lateBy', { time: formatDuration(lateSince(d.dueAt, now), lang) })}
                  </Badge>
                ) : d.status === 'pending' ? (
                  <Badge tone={left < 7 * 86_400_000 ? 'warn' : 'info'}>
                    {t('timeLeft', { time: formatDuration(left, lang) })}
                  </Badge>
                ) : (
                  <Badge>{term('value', d.status)}</Badge>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
