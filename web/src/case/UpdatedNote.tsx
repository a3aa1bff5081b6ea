import { usePersonName } from '../api/people';
import { useI18n } from '../i18n/i18n';
import { Actor } from './Actor';
import type { Updated } from './caseMachine';

/** "Updated by X": the page was brought up to date after someone else changed the case. */
export function UpdatedNote({ updated, onDismiss }: { updated: Updated; onDismiss(): void }) {
  const { t, eventName } = useI18n();
  const person = usePersonName();
  const by = updated.by;
  return (
    <p
      className="notice notice-live"
      role="status"
      data-testid="live-updated"
      data-revision={updated.revision}
    >
      {by ? (
        <span>
          ↻ {t('liveUpdatedBy')} <Actor who={person(by.actor.sub)} sub={by.actor.sub} /> {t('liveUpdatedDid')}
          {t('liveUpdatedEvent', { event: eventName(by.type) })}
        </span>
      ) : (
        <span>↻ {t('liveUpdated')}</span>
      )}
      <button type="button" className="btn btn-small" onClick={onDismiss} aria-label={t('liveDismiss')}>
        ✕
      </button>
    </p>
  );
}
