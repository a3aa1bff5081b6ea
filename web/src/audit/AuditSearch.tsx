import { useEffect, useState, type FormEvent } from 'react';
import { get, query } from '../api/client';
import { subOf, useCaseTitles, useCaseWorkflows, usePeople, usePersonName } from '../api/people';
import { PersonInput } from '../common/PersonInput';
import type { HistoryEntry, Page, VerifyResult } from '../api/types';
import { useWorkflows } from '../api/workflows';
import { Link } from '../common/router';
import { Badge, ErrorNote, Loading } from '../common/ui';
import { Pager } from '../common/Pager';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import { Actor } from '../case/Actor';

interface Filters {
  actor: string;
  type: string;
  caseId: string;
  from: string;
  to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EMPTY: Filters = { actor: '', type: '', caseId: '', from: '', to: '' };

/** A date input's day as the start of that day in the browser's time zone, ISO. */
const dayStart = (d: string, plusDays = 0) => {
  if (!d) return undefined;
  const date = new Date(`${d}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};

function VerifyButton({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (result)
    return (
      <span data-testid="audit-verify" data-ok={String(result.ok)}>
        <Badge tone={result.ok ? 'ok' : 'bad'}>
          {result.ok
            ? `✓ ${t('chainOk', { n: result.checked })}`
            : `✗ ${t('chainBroken', { seq: result.brokenAtSeq ?? '?' })}`}
        </Badge>
      </span>
    );
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => get<VerifyResult>(`/cases/${caseId}/verify`).then(setResult, setError)}
      >
        {t('verifyChain')}
      </button>
      {error !== null && <ErrorNote error={error} />}
    </>
  );
}

/** Cross-case audit search for supervisors (GET /audit). */
export function AuditSearch() {
  const { t, eventName, dateTime } = useI18n();
  // every workflow's event types, each once (DECLINE, RECORD_TALK are in more than one)
  const workflows = useWorkflows();
  const types = [...new Set((workflows ?? []).flatMap((w) => w.events.map((e) => e.type)))];
  const people = usePeople();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<HistoryEntry> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    const qs = query({
      actor: filters.actor.trim(),
      type: filters.type,
      // a case id pasted in is looked up as such; any other text searches titles and case numbers
      ...(UUID.test(filters.caseId.trim())
        ? { caseId: filters.caseId.trim() }
        : { q: filters.caseId.trim() }),
      from: dayStart(filters.from),
      to: dayStart(filters.to, 1),
      limit: 25,
      cursor,
    });
    get<Page<HistoryEntry>>(`/audit${qs}`).then(
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
    // a name typed (王芳) means that person's login id
    setFilters({ ...draft, actor: subOf(people, draft.actor) });
  };
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const caseIds = [...new Set(page?.items.map((h) => h.caseId) ?? [])];
  const titles = useCaseTitles(caseIds);
  const workflowOf = useCaseWorkflows(caseIds);
  const person = usePersonName();

  return (
    <div className="page">
      <h1>{t('auditTitle')}</h1>
      <form className="filters" onSubmit={submit} role="search" aria-label={t('auditTitle')}>
        <div className="field">
          <label htmlFor="a-actor">{t('auditActor')}</label>
          <PersonInput id="a-actor" value={draft.actor} onChange={(v) => set('actor', v)} />
        </div>
        <div className="field">
          <label htmlFor="a-type">{t('auditType')}</label>
          <select id="a-type" value={draft.type} onChange={(e) => set('type', e.target.value)}>
            <option value="">{t('any')}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {eventName(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="a-case">{t('auditCase')}</label>
          <input
            id="a-case"
            type="search"
            value={draft.caseId}
            onChange={(e) => set('caseId', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="a-from">{t('auditFrom')}</label>
          <input id="a-from" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="a-to">{t('auditTo')}</label>
          <input id="a-to" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div className="field-actions">
          <button type="submit" className="btn btn-primary">
            {t('search')}
          </button>
        </div>
      </form>
      {error !== null && <ErrorNote error={error} />}
      {!page && error === null && <Loading />}
      {page && filters.caseId && caseIds.length === 1 && (
        <p>
          <VerifyButton key={caseIds[0]} caseId={caseIds[0]} />
        </p>
      )}
      {page && (
        <>
          <div className="table-wrap">
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">{t('colWhen')}</th>
                  <th scope="col">{t('colWho')}</th>
                  <th scope="col">{t('colWhat')}</th>
                  <th scope="col">{t('colFromTo')}</th>
                  <th scope="col">{t('colCase')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((h) => (
                  <tr key={`${h.caseId}-${h.seq}`}>
                    <td>{dateTime(h.at)}</td>
                    <td>
                      <Actor who={person(h.actor.sub)} sub={h.actor.sub} />
                    </td>
                    <td>{eventName(h.type)}</td>
                    <td>
                      {/* states as the case's workflow names them */}
                      <WorkflowTerms workflow={workflowOf[h.caseId] ?? ''}>
                        <FromTo from={h.from} to={h.to} />
                      </WorkflowTerms>
                    </td>
                    <td>
                      {titles[h.caseId] ? (
                        <Link href={`/cases/${h.caseId}`} className="data" title={h.caseId}>
                          {titles[h.caseId]}
                        </Link>
                      ) : (
                        <Link href={`/cases/${h.caseId}`} className="mono">
                          {h.caseId.slice(0, 8)}
                        </Link>
                      )}{' '}
                      <span className="muted">#{h.seq}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.items.length === 0 && <p className="empty">{t('noEntries')}</p>}
          <Pager cursors={cursors} setCursors={setCursors} nextCursor={page.nextCursor} />
        </>
      )}
    </div>
  );
}

/** A transition's states, named by the workflow of the terms around it. */
function FromTo({ from, to }: { from: string | null; to: string }) {
  const { stateName } = useI18n();
  return (
    <>
      {from ? stateName(from) : '∅'} → {stateName(to)}
    </>
  );
}
