import { useEffect, useState } from 'react';
import { ApiError, download, get, query } from '../api/client';
import type { CaseSummary, Page, SubjectRecord } from '../api/types';
import { useCatalogue } from '../api/workflows';
import { Link, navigate, useLocation } from '../common/router';
import { Badge, ErrorNote, Loading } from '../common/ui';
import { Pager } from '../common/Pager';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import { CaseFilters, type Filters } from './CaseFilters';
import { apiFilters, filtersFrom, searchOf } from './caseQuery';
import { NextDeadline } from './NextDeadline';
import { PrintHeader } from './PrintHeader';

const PAGE_SIZE = 20;

/** The subject filter takes a reference (personnel number); the API filters by the subject's id. */
async function subjectId(ref: string): Promise<string | null> {
  if (!ref) return '';
  try {
    return (await get<SubjectRecord>(`/subjects/${encodeURIComponent(ref)}`)).id;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** A case's stage as its workflow names it, and which workflow it follows. */
function CaseStage({ state, workflow, overdue }: { state: string; workflow: string; overdue: boolean }) {
  const { t, term, stateName } = useI18n();
  return (
    <>
      <span className="state-pill">{stateName(state)}</span>
      {overdue && <Badge tone="bad">{t('overdue')}</Badge>}
      <div className="muted">{term('value', workflow)}</div>
    </>
  );
}

export function CaseList() {
  const { t, dateTime } = useI18n();
  const { search } = useLocation();
  const workflows = useCatalogue();
  const filters = filtersFrom(search);
  const key = search.toString();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<CaseSummary> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [noSubject, setNoSubject] = useState(false);
  const [exporting, setExporting] = useState(false);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([null]), [key]);

  useEffect(() => {
    let live = true;
    setPage(null);
    setError(null);
    const f = filtersFrom(new URLSearchParams(key));
    (async () => {
      const sid = await subjectId(f.subject);
      if (!live) return;
      setNoSubject(sid === null);
      if (sid === null) return setPage({ items: [], nextCursor: null });
      const qs = query({ ...apiFilters(f, sid), limit: PAGE_SIZE, cursor });
      const p = await get<Page<CaseSummary>>(`/cases${qs}`);
      if (live) setPage(p);
    })().catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [key, cursor]);

  const apply = (f: Filters) => {
    navigate(`/${query(searchOf(f))}`, true);
  };

  /** 导出 Excel: every case matching the filters in the address, not just this page. */
  const exportXlsx = async () => {
    setExporting(true);
    setError(null);
    try {
      const sid = await subjectId(filters.subject);
      if (sid === null) return setNoSubject(true);
      const qs = query({ ...apiFilters(filters, sid), format: 'xlsx' });
      await download(`/cases/export${qs}`, 'cases.xlsx');
    } catch (e) {
      setError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('casesTitle')}</h1>
        <div className="page-head-tools no-print">
          <button
            type="button"
            className="btn"
            title={t('printHelp')}
            data-testid="print-list"
            onClick={() => window.print()}
          >
            {t('printList')}
          </button>
          <button
            type="button"
            className="btn"
            title={t('exportHelp')}
            disabled={exporting}
            onClick={() => void exportXlsx()}
          >
            {t('exportXlsx')}
          </button>
        </div>
      </div>
      <PrintHeader filters={filters} />
      <div className="no-print">
        <CaseFilters key={key} initial={filters} workflows={workflows ?? []} onApply={apply} />
      </div>
      {error !== null && <ErrorNote error={error} />}
      {noSubject && <p className="help">{t('unknownSubject')}</p>}
      {!page && error === null && <Loading />}
      {page && (
        <>
          <div className="table-wrap">
            <table className="cases">
              <thead>
                <tr>
                  <th scope="col">{t('colTitle')}</th>
                  <th scope="col">{t('colSubject')}</th>
                  <th scope="col">{t('colState')}</th>
                  <th scope="col">{t('colNextDeadline')}</th>
                  <th scope="col">{t('colUpdated')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/cases/${c.id}`}>{c.title}</Link>
                      {c.chainBroken && (
                        <span data-testid="chain-broken" title={t('chainWarning')}>
                          <Badge tone="bad">⚠ {t('chainBrokenBadge')}</Badge>
                        </span>
                      )}
                      {c.caseNo && (
                        <div className="case-no" data-testid="case-no">
                          {c.caseNo}
                        </div>
                      )}
                      {/* A business key given by whoever opened the case; one defaulted to the id is not shown. */}
                      {c.businessKey !== c.id && <div className="muted mono">{c.businessKey}</div>}
                    </td>
                    <td>
                      {c.subject?.name ?? '—'}
                      <div className="muted">{c.subject?.organisation}</div>
                    </td>
                    <td>
                      <WorkflowTerms workflow={c.workflow}>
                        <CaseStage state={c.state} workflow={c.workflow} overdue={c.overdue.length > 0} />
                      </WorkflowTerms>
                    </td>
                    <td>
                      <NextDeadline deadline={c.nextDeadline} workflow={c.workflow} />
                    </td>
                    <td>{dateTime(c.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.items.length === 0 && <p className="empty">{t('noCases')}</p>}
          <div className="no-print">
            <Pager cursors={cursors} setCursors={setCursors} nextCursor={page.nextCursor} />
          </div>
        </>
      )}
    </div>
  );
}
