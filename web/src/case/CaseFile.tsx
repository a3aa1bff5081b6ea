import type { CaseView } from '../api/types';
import { Badge, Panel } from '../common/ui';
import { formatDuration, lateSince, useI18n } from '../i18n/i18n';

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** A person named in the context ({ ref, name, post? }): "name, post". */
const person = (v: unknown): string | null => {
  const p = obj(v);
  if (!p || !str(p.name)) return null;
  return [p.name, p.post].filter(Boolean).join(', ');
};

/** The last entry of a list in the context (plans submitted), or null. */
const last = (v: unknown): Record<string, unknown> | null =>
  Array.isArray(v) && v.length > 0 ? obj(v[v.length - 1]) : null;

/** One follow-up item (a rectification's items, a responsibility list's tasks). */
interface Tracked {
  id: string;
  what: string;
  who: string;
  dueAt: string;
  completedAt: string | null;
  overdueAt: string | null;
  evidenceRef: string | null;
}

function tracked(v: unknown): Tracked[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const rows = v.map(obj).filter((r): r is Record<string, unknown> => r !== null && str(r.dueAt) !== null);
  if (rows.length !== v.length) return null;
  return rows.map((r) => ({
    id: String(r.id ?? ''),
    what: str(r.description) ?? str(r.title) ?? '',
    who: str(r.responsible) ?? str(r.owner) ?? '',
    dueAt: String(r.dueAt),
    completedAt: str(r.completedAt),
    overdueAt: str(r.overdueAt),
    evidenceRef: str(r.evidenceRef),
  }));
}

/** The items or tasks a case follows up one by one, with their own due dates. */
function TrackedList({ name, rows, now }: { name: string; rows: Tracked[]; now: number }) {
  const { t, term, dateTime, lang } = useI18n();
  return (
    <div className="tracked" data-testid={`tracked-${name}`}>
      <h3>{term('field', name)}</h3>
      <ol className="tracked-list">
        {rows.map((r) => {
          const status = r.completedAt ? 'done' : r.overdueAt ? 'overdue' : 'open';
          return (
            <li key={r.id} data-item={r.id} data-status={status}>
              <div>
                <span className="muted">{r.id}.</span> {r.what}
              </div>
              <div className="muted">
                {r.who} · {t('due')} {dateTime(r.dueAt)}
              </div>
              <div>
                {status === 'done' && (
                  <Badge tone="ok">
                    {t('itemDone')} {dateTime(r.completedAt)}
                    {r.evidenceRef && ` · ${r.evidenceRef}`}
                  </Badge>
                )}
                {status === 'overdue' && (
                  <Badge tone="bad">
                    {t('overdue')} · {t('lateBy', { time: formatDuration(lateSince(r.dueAt, now), lang) })}
                  </Badge>
                )}
                {status === 'open' && <Badge tone="info">{t('itemOpen')}</Badge>}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The main facts of the case from its context, whichever workflow it follows. */
export function CaseFile({ view, now }: { view: CaseView; now: number }) {
  const { t, term, dateTime } = useI18n();
  const ctx = view.context;
  const decision = obj(ctx.decision);
  const value = (v: unknown) => str(v) && term('value', String(v));
  // references (the business key: often the service's UUID; a decision's number) in a fixed-width face
  const rows: [string, string | null, 'mono'?][] = [
    [term('field', 'businessKey'), view.businessKey, 'mono'],
    [term('field', 'year'), typeof ctx.year === 'number' ? String(ctx.year) : null],
    [term('field', 'source'), value(ctx.source)],
    [term('field', 'situation'), value(ctx.situation)],
    [term('field', 'clue'), str(ctx.clue)],
    [term('field', 'facts'), str(ctx.facts)],
    [term('field', 'unitLeader'), person(ctx.unitLeader)],
    [term('field', 'principal'), person(ctx.principal)],
    [term('field', 'supervisor'), person(ctx.supervisor)],
    [term('field', 'plan'), str(last(ctx.plans)?.plan)],
    [term('field', 'method'), value(obj(ctx.approval)?.method)],
    [term('field', 'decisionNo'), str(decision?.decisionNo), 'mono'],
    [term('field', 'conclusion'), value(obj(ctx.conclusion)?.conclusion)],
    [t('outcome'), view.outcome && term('value', view.outcome)],
    [t('colUpdated'), dateTime(view.updatedAt)],
  ];
  const lists = (['items', 'tasks'] as const)
    .map((name) => [name, tracked(ctx[name])] as const)
    .filter((l): l is readonly ['items' | 'tasks', Tracked[]] => l[1] !== null);
  return (
    <Panel title={t('context')} id="case-file">
      <dl className="kv">
        {rows
          .filter((r): r is [string, string, 'mono'?] => Boolean(r[1]))
          .map(([k, v, face]) => (
            <div key={k} className="kv-row">
              <dt>{k}</dt>
              <dd className={face}>{v}</dd>
            </div>
          ))}
      </dl>
      {lists.map(([name, items]) => (
        <TrackedList key={name} name={name} rows={items} now={now} />
      ))}
    </Panel>
  );
}
