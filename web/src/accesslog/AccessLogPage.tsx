import { useEffect, useState, type FormEvent } from 'react';
import { get, query } from '../api/client';
import { subOf, usePeople, usePersonName } from '../api/people';
import type { components } from '../api/schema';
import type { Page } from '../api/types';
import { Actor } from '../case/Actor';
import { Pager } from '../common/Pager';
import { PersonInput } from '../common/PersonInput';
import { Link } from '../common/router';
import { ErrorNote, Loading } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import type { UiKey } from '../i18n/ui';

type Entry = components['schemas']['AccessLogItemDto'];

/** The reads GET /access-log records (READ_ACTIONS of the service). */
const ACTIONS = [
  'case.read',
  'case.history',
  'case.verify',
  'case.dossier',
  'case.dossier.pdf',
  'case.attachments',
  'case.attachment',
  'case.documents',
  'case.document',
  'case.export',
  'case.stream',
  'case.reopen',
  'subject.read',
  'case.list',
  'inbox',
  'deadline.list',
  'audit.search',
  'stats.read',
  'stats.export',
  'indices.read',
  'indices.cases',
  'indices.export',
  'accessLog.read',
] as const;

interface Filters {
  q: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { q: '', actor: '', action: '', from: '', to: '' };

/** A date input's day as the start of that day in the browser's time zone, ISO. */
const dayStart = (d: string, plusDays = 0) => {
  if (!d) return undefined;
  const date = new Date(`${d}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};

/** 查阅登记: who read which records, when, from which unit (GET /access-log, within reach). */
export function AccessLogPage() {
  const { t, dateTime } = useI18n();
  const people = usePeople();
  const person = usePersonName();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Entry> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];
  const [units, setUnits] = useState<Record<string, string>>({});
  useEffect(() => {
    get<{ items: { code: string; name: string }[] }>('/units').then(
      (l) => setUnits(Object.fromEntries(l.items.map((u) => [u.code, u.name]))),
      () => setUnits({}),
    );
  }, []);
  const actionName = (a: string) => {
    const key = `al.${a}` as UiKey;
    return (ACTIONS as readonly string[]).includes(a) ? t(key) : a;
  };

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    const qs = query({
      q: filters.q.trim(),
      actor: filters.actor.trim(),
      action: filters.action,
      from: dayStart(filters.from),
      to: dayStart(filters.to, 1),
      limit: 25,
      cursor,
    });
    get<Page<Entry>>(`/access-log${qs}`).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [filters, cursor]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursors([null]);
    setFilters({ ...draft, actor: subOf(people, draft.actor) });
  };
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  return (
    <div className="page">
      <h1>{t('alTitle')}</h1>
      <p className="help">{t('alHelp')}</p>
      <form className="filters" onSubmit={submit} role="search" aria-label={t('alTitle')}>
        <div className="field field-grow">
          <label htmlFor="al-q">{t('alCase')}</label>
          <input id="al-q" value={draft.q} maxLength={200} onChange={(e) => set('q', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="al-actor">{t('alPerson')}</label>
          <PersonInput id="al-actor" value={draft.actor} onChange={(v) => set('actor', v)} />
        </div>
        <div className="field">
          <label htmlFor="al-action">{t('alAction')}</label>
          <select id="al-action" value={draft.action} onChange={(e) => set('action', e.target.value)}>
            <option value="">{t('any')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionName(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="al-from">{t('alFrom')}</label>
          <input id="al-from" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="al-to">{t('alTo')}</label>
          <input id="al-to" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div className="field-actions">
          <button type="submit" className="btn btn-primary">
            {t('search')}
          </button>
        </div>
      </form>
      {error !== null && <ErrorNote error={error} />}
      {!page && error === null && <Loading />}
      {page && (
        <>
          <div className="table-wrap">
            <table className="access-log" data-testid="access-log">
              <thead>
                <tr>
                  <th scope="col">{t('alColAt')}</th>
                  <th scope="col">{t('alColPerson')}</th>
                  <th scope="col">{t('alColUnit')}</th>
                  <th scope="col">{t('alColAction')}</th>
                  <th scope="col">{t('alColCase')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr key={a.id}>
                    <td>{dateTime(a.at)}</td>
                    <td>
                      <Actor who={person(a.actor.sub)} sub={a.actor.sub} />
                    </td>
                    <td className="data" title={a.actor.unit ?? undefined}>
                      {a.actor.unit ? (units[a.actor.unit] ?? a.actor.unit) : '—'}
                    </td>
                    <td>{actionName(a.action)}</td>
                    <td>
                      {a.case && a.caseId ? (
                        <>
                          <Link href={`/cases/${a.caseId}`} className="data">
                            {a.case.title}
                          </Link>
                          <div className="muted mono">{a.case.businessKey}</div>
                        </>
                      ) : a.resultCount !== null ? (
                        <span className="muted">{t('alListRead', { n: a.resultCount })}</span>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.items.length === 0 && <p className="empty">{t('alNone')}</p>}
          <Pager cursors={cursors} setCursors={setCursors} nextCursor={page.nextCursor} />
        </>
      )}
    </div>
  );
}
