import { useCallback, useEffect, useState } from 'react';
import { get, getBlob, post } from '../api/client';
import type { CaseDocuments, IssuedDocument } from '../api/types';
import { ErrorNote, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/** Opens an issued PDF in a new tab: fetched with the token, handed over as an object URL. */
async function openPdf(caseId: string, doc: IssuedDocument): Promise<void> {
  // A window opened before the fetch, so the browser does not take it for an unasked pop-up.
  const win = window.open('', '_blank');
  const blob = await getBlob(`/cases/${caseId}/documents/${doc.sha256}`);
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
  if (win) win.location.href = url;
  else window.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** 文书: issue the documents the case's state allows (as PDF), and list those issued, with their hash. */
export function Documents({
  caseId,
  revision,
  onIssued,
}: {
  caseId: string;
  revision: number;
  onIssued: () => void;
}) {
  const { t, lang, dateTime } = useI18n();
  const [docs, setDocs] = useState<CaseDocuments | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(
    (signal?: AbortSignal) =>
      get<CaseDocuments>(`/cases/${caseId}/documents`, signal).then(setDocs, (e: unknown) => {
        if (!signal?.aborted) setError(e);
      }),
    [caseId],
  );
  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [load, revision]);

  const issue = async (kind: string) => {
    setBusy(kind);
    setError(null);
    try {
      await post<IssuedDocument>(`/cases/${caseId}/documents`, { kind });
      await load();
      onIssued();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : `${l.en} ${l.zh}`);
  return (
    <Panel title={t('docTitle')} id="documents">
      {docs && docs.mayIssue && docs.issuable.length > 0 && (
        <div className="doc-actions">
          {docs.issuable.map((d) => (
            <button
              key={d.kind}
              type="button"
              className="btn btn-small"
              data-kind={d.kind}
              disabled={busy !== null || !docs.available}
              onClick={() => void issue(d.kind)}
            >
              {busy === d.kind ? t('docIssuing') : `${t('docIssue')} ${label(d.label)}`}
            </button>
          ))}
        </div>
      )}
      {docs && !docs.available && <p className="muted">{t('docNoFont')}</p>}
      {error !== null && <ErrorNote error={error} />}
      {docs && docs.issued.length === 0 && <p className="muted">{t('docNone')}</p>}
      {docs && docs.issued.length > 0 && (
        <ul className="doc-list" data-testid="documents-issued">
          {[...docs.issued].reverse().map((d) => (
            <li key={d.sha256} data-number={d.number}>
              <div>
                <strong>{d.title}</strong> <span className="data">{d.number}</span>
              </div>
              <div className="muted">
                {dateTime(d.issuedAt)} · {t('docHash')} <span className="mono">{d.sha256.slice(0, 12)}…</span>
              </div>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void openPdf(caseId, d).catch(setError)}
              >
                {t('docOpen')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

/** A record.document row of the history, readably: 问责决定书 问决〔2026〕3号. */
export function DocumentEntry({ payload }: { payload: unknown }) {
  const { t } = useI18n();
  const p = (payload ?? {}) as { title?: unknown; number?: unknown; sha256?: unknown };
  if (typeof p.title !== 'string') return null;
  return (
    <span className="tl-doc" data-testid="timeline-document">
      {' '}
      {p.title} <span className="data">{typeof p.number === 'string' ? p.number : ''}</span>
      {typeof p.sha256 === 'string' && (
        <span className="muted">
          {' '}
          · {t('docHash')} <span className="mono">{p.sha256.slice(0, 12)}…</span>
        </span>
      )}
    </span>
  );
}
