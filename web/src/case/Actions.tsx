import { useState } from 'react';
import type { CaseView, HistoryEntry, Workflow } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNote, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { EventForm } from './EventForm';
import { Payload } from './Payload';
import { RuleQuote } from './RuleQuote';
import { useUnits } from '../common/units';
import { fromContext, fromPrefill, narrowed, withChoices, withUnits } from './fieldChoices';
import type { PendingAction } from './caseMachine';

/** The events the current user may send now (yourEvents), and only those, each with its form. */
export function Actions({
  view,
  workflow,
  history,
  busy,
  problems,
  actionError,
  onSend,
}: {
  view: CaseView;
  workflow: Workflow;
  history: HistoryEntry[];
  busy: boolean;
  problems: { event: string; messages: string[] } | null;
  actionError: { event: string; error: unknown } | null;
  onSend(action: PendingAction): void;
}) {
  const { t, term, eventName } = useI18n();
  const { user } = useSession();
  const units = useUnits();
  // The open form and the revision it was opened at: a live refresh keeps the form, and sending it after
  // someone else moved the case is a 409 (the conflict banner), not a silent send on the new state.
  const [opened, setOpened] = useState<{ type: string; revision: number } | null>(null);
  const open = opened?.type ?? null;
  const setOpen = (type: string | null) => setOpened(type ? { type, revision: view.revision } : null);
  const events = view.yourEvents
    .map((type) => workflow.events.find((e) => e.type === type))
    .filter((e): e is Workflow['events'][number] => e !== undefined)
    .map((e) => ({
      ...e,
      // units by name where the schema names a unit by its code (a transfer's, a task's department)
      schema: withUnits(
        narrowed(withChoices(e.schema, workflow.name), view.eventChoices?.[e.type]),
        units,
        view.unitId,
      ),
    }));
  const roles = (user?.roles ?? []).map((r) => term('value', r)).join(', ');

  return (
    <Panel title={t('actions')} id="actions">
      {events.length === 0 && <p className="muted">{t('noActions', { roles })}</p>}
      <ul className="action-list">
        {events.map((e) => (
          <li key={e.type} className={open === e.type ? 'open' : undefined}>
            <button
              type="button"
              className="btn btn-action"
              data-event={e.type}
              aria-expanded={open === e.type}
              aria-controls={`form-${e.type}`}
              onClick={() => setOpen(open === e.type ? null : e.type)}
              disabled={busy}
            >
              {eventName(e.type)}
            </button>
            {open === e.type && (
              <div id={`form-${e.type}`}>
                {e.showBeside && <Beside type={e.showBeside} history={history} />}
                <EventForm
                  event={e}
                  variant={view.eventVariants[e.type]}
                  start={{
                    ...fromContext(e.schema, view.context),
                    ...fromPrefill(view.eventPrefill?.[e.type]),
                  }}
                  busy={busy}
                  serverProblems={problems?.event === e.type ? problems.messages : []}
                  onSubmit={(payload) => onSend({ type: e.type, payload, revision: opened?.revision })}
                  onCancel={() => setOpen(null)}
                />
                {actionError?.event === e.type && (
                  <>
                    <ErrorNote error={actionError.error} />
                    <RuleQuote error={actionError.error} />
                  </>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** The latest payload of an earlier event (the workflow's `showBeside`), read-only beside a form. */
function Beside({ type, history }: { type: string; history: HistoryEntry[] }) {
  const { t, eventName, dateTime } = useI18n();
  const latest = history.filter((h) => h.type === type).at(-1);
  if (!latest) return null;
  return (
    <section className="beside" data-testid="beside" data-beside={type} aria-label={eventName(type)}>
      <h4>
        {t('besideTitle', { event: eventName(type) })}{' '}
        <time className="muted" dateTime={latest.at}>
          {dateTime(latest.at)}
        </time>
      </h4>
      <Payload payload={latest.payload as Record<string, unknown>} />
    </section>
  );
}
