import { useState, type FormEvent } from 'react';
import type { Deadline } from '../api/types';
import { Badge, ErrorNote, Panel } from '../common/ui';
import { formatDuration, lateSince, useI18n } from '../i18n/i18n';

/** The 督办 form beside an overdue deadline: a message (1–500 characters) about that deadline. */
function UrgeForm({
  deadline,
  onUrge,
  onClose,
}: {
  deadline: Deadline;
  onUrge(deadlineId: string, message: string): Promise<void>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return;
    setBusy(true);
    setError(null);
    onUrge(deadline.id, message.trim()).then(onClose, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };
  return (
    <form className="urge-form" onSubmit={submit} data-testid="urge-form">
      <label htmlFor={`urge-${deadline.id}`}>{t('urgeMessage')}</label>
      <textarea
        id={`urge-${deadline.id}`}
        value={message}
        maxLength={500}
        rows={2}
        required
        onChange={(e) => setMessage(e.target.value)}
      />
      <div className="form-buttons">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy || !message.trim()}>
          {t('urgeSend')}
        </button>
        <button type="button" className="btn btn-small" onClick={onClose} disabled={busy}>
          {t('urgeCancel')}
        </button>
      </div>
      {error !== null && <ErrorNote error={error} />}
    </form>
  );
}

/**
 * Time limits with time left, and overdue badges: how long since the limit was due, on the page's
 * clock (the API's lateByMs is the same figure, frozen when the case was read).
 */
export function Deadlines({
  deadlines,
  now,
  onUrge,
}: {
  deadlines: Deadline[];
  now: number;
  /** Given to users who may urge (督办): a button beside each overdue deadline. */
  onUrge?: (deadlineId: string, message: string) => Promise<void>;
}) {
  const { t, term, lang, dateTime } = useI18n();
  const [urging, setUrging] = useState<string | null>(null);
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
                {d.provisional && d.status === 'pending' && (
                  <span className="provisional-due" title={t('provisionalDueHelp')} data-provisional={d.id}>
                    {' '}
                    <Badge tone="warn">{t('provisionalDue')}</Badge>
                  </span>
                )}
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
                {d.overdue && onUrge && urging !== d.id && (
                  <button
                    type="button"
                    className="btn btn-small btn-urge"
                    data-urge={d.id}
                    onClick={() => setUrging(d.id)}
                  >
                    {t('urge')}
                  </button>
                )}
              </div>
              {urging === d.id && onUrge && (
                <UrgeForm deadline={d} onUrge={onUrge} onClose={() => setUrging(null)} />
              )}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
