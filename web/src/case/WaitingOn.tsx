import type { CaseView, Workflow } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';

/** Whether a transition declared on `source` (a dotted path, '' for the root) applies in state `path`. */
const within = (path: string, source: string) =>
  source === '' || path === source || path.startsWith(`${source}.`);

/**
 * What the case waits for now and from whom: the events its machine accepts now (allowedEvents) that
 * are not side moves, each with the roles the workflow lets send it; then the events of the user's
 * roles that the current state names but does not accept yet, with what must happen first when the
 * workflow declares it (`requires`). Driven by the workflow's declarations only.
 */
export function WaitingOn({ view, workflow }: { view: CaseView; workflow: Workflow }) {
  const { t, term, eventName, lang } = useI18n();
  const { user } = useSession();
  if (view.status !== 'active' && view.allowedEvents.length === 0) return null;
  const declared = new Map(workflow.events.map((e) => [e.type, e]));
  const allowed = new Set(view.allowedEvents);
  const waiting = view.allowedEvents
    .map((type) => declared.get(type))
    .filter((e): e is Workflow['events'][number] => e !== undefined && !e.sideMove);
  const mine = new Set(user?.roles ?? []);
  // named by a transition of an active state, the user's to send, but not accepted now (a guard)
  const named = new Set(
    workflow.machine.transitions
      .filter((tr) => view.states.some((s) => within(s, tr.source)))
      .map((tr) => tr.event),
  );
  const notYet = [...named]
    .map((type) => declared.get(type))
    .filter(
      (e): e is Workflow['events'][number] =>
        e !== undefined && !allowed.has(e.type) && !e.sideMove && e.roles.some((r) => mine.has(r)),
    );
  // Why each is refused now, as the service says it (the rule its guard breaks, what must happen first).
  const blocked = new Map((view.blockedEvents ?? []).map((b) => [b.type, b]));
  const why = (e: Workflow['events'][number]): string | undefined => {
    const b = blocked.get(e.type);
    const requires = b?.requires ?? e.requires;
    if (requires) return requires[lang];
    if (b?.rule) return t('ruleQuote', { source: b.rule.source[lang], text: b.rule.text[lang] });
    return undefined;
  };
  const sep = lang === 'zh' ? '、' : ', ';
  const roles = (e: Workflow['events'][number]) => e.roles.map((r) => term('value', r)).join(sep);
  // the events of the same senders together: 记录陈述申辩、记录放弃陈述申辩（办案人员）
  const bySenders = new Map<string, string[]>();
  for (const e of waiting) bySenders.set(roles(e), [...(bySenders.get(roles(e)) ?? []), eventName(e.type)]);
  return (
    <div className="waiting-on" data-testid="waiting-on">
      <p data-testid="waiting-for">
        <strong>{t('waitingFor')}</strong>
        {waiting.length === 0
          ? t('waitingNothing')
          : [...bySenders]
              .map(([who, events]) => t('waitingEntry', { event: events.join(sep), roles: who }))
              .join(lang === 'zh' ? '；' : '; ')}
      </p>
      {notYet.length > 0 && (
        <p className="muted" data-testid="not-yet">
          <strong>{t('notYetFor')}</strong>
          {notYet
            .map((e) => {
              const reason = why(e);
              return reason ? t('notYetWhy', { event: eventName(e.type), why: reason }) : eventName(e.type);
            })
            .join(lang === 'zh' ? '；' : '; ')}
        </p>
      )}
    </div>
  );
}
