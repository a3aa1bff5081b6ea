import { usePersonName } from '../api/people';
import { useI18n } from '../i18n/i18n';
import { Actor } from './Actor';
import type { Conflict, PendingAction } from './caseMachine';

/** Someone else moved the case: what changed, and a retry on the new state. */
export function ConflictBanner({
  conflict,
  pending,
  onRetry,
  onDiscard,
}: {
  conflict: Conflict;
  pending: PendingAction;
  onRetry(): void;
  onDiscard(): void;
}) {
  const { t, stateName, eventName, dateTime } = useI18n();
  const person = usePersonName();
  const now = conflict.after.case;
  const allowed = now.yourEvents.includes(pending.type);
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-heading" data-testid="conflict">
      <h2 id="conflict-heading">{t('conflictTitle')}</h2>
      <p>
        {t('conflictBody', {
          old: conflict.before.revision,
          oldState: stateName(conflict.before.state),
          new: now.revision,
          newState: stateName(now.state),
        })}
      </p>
      <h3>{t('conflictChanges')}</h3>
      <ol className="changes">
        {conflict.changes.map((h) => (
          <li key={h.seq}>
            <strong>{eventName(h.type)}</strong> — <Actor who={person(h.actor.sub)} sub={h.actor.sub} />,{' '}
            {dateTime(h.at)}: {h.from ? stateName(h.from) : '∅'} → {stateName(h.to)}
          </li>
        ))}
      </ol>
      {!allowed && (
        <p className="field-error">{t('conflictNotAllowed', { event: eventName(pending.type) })}</p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={onRetry}
          disabled={!allowed}
          data-testid="conflict-retry"
        >
          {t('conflictRetry', { event: eventName(pending.type) })}
        </button>
        <button type="button" className="btn" onClick={onDiscard}>
          {t('conflictDiscard')}
        </button>
      </div>
    </section>
  );
}
