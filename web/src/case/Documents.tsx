import { useCallback, useEffect, useState } from 'react';
import { get, getBlob, post } from '../api/client';
import type { CaseDocuments, IssuedDocument } from '../api/types';
import { useSession } from '../auth/session';
import { Badge, ErrorNote, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';

/** Opens an issued PDF in a new tab: fetched with the token, handed over as an object URL. */
function openPdf(caseId: string, doc: IssuedDocument): Promise<void> {
  return openBlob(`/cases/${caseId}/documents/${doc.sha256}`);
}

/** Opens a PDF of the API in a new tab (the window opened first, so it is no unasked pop-up). */
async function openBlob(path: string): Promise<void> {
  const win = window.open('', '_blank');
  const blob = await getBlob(path);
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
  if (win) win.location.href = url;
  else window.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type Draft = CaseDocuments['drafts'][number];
type Issuable = CaseDocuments['issuable'][number];

/** What the panel asks before it acts: issuing a kind again, or voiding a document; each with a reason. */
type Dialog =
  { mode: 'reissue'; kind: Issuable; current: IssuedDocument } | { mode: 'void'; doc: IssuedDocument };

/**
 * 文书: issue the documents the case's state allows (as PDF) and list those issued, with their hash.
 * A kind already in force is issued again only after a confirmation with a reason; an issued document
 * can be voided (with a reason); a kind its workflow has approved first is submitted as a draft, and a
 * leader approves or returns it with a 批示 before it is issued.
 */
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
  const { user } = useSession();
  const [docs, setDocs] = useState<CaseDocuments | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [reason, setReason] = useState('');
  const [comments, setComments] = useState<Record<number, string>>({});
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

  const act = async (key: string, call: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await call();
      setDialog(null);
      setReason('');
      await load();
      onIssued();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const issue = (kind: string, again?: string) =>
    act(kind, () =>
      post<IssuedDocument>(`/cases/${caseId}/documents`, {
        kind,
        ...(again !== undefined ? { confirm: true, reason: again } : {}),
      }),
    );
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : `${l.en} ${l.zh}`);
  const inForce = (kind: string) => docs?.issued.filter((d) => d.kind === kind && !d.voided).at(-1);
  const draftOf = (kind: string, status: Draft['status']) =>
    docs?.drafts.filter((d) => d.kind === kind && d.status === status).at(-1);
  const onIssue = (d: Issuable) => {
    const current = inForce(d.kind);
    if (current) {
      setReason('');
      setDialog({ mode: 'reissue', kind: d, current });
    } else void issue(d.kind);
  };
  const draftStatus: Record<Draft['status'], string> = {
    pending: t('docDraftPending'),
    approved: t('docDraftApproved'),
    returned: t('docDraftReturned'),
    issued: t('docDraftIssued'),
  };
  const disabled = busy !== null || !docs?.available;
  return (
    <Panel title={t('docTitle')} id="documents">
      {docs && docs.mayIssue && docs.issuable.length > 0 && (
        <div className="doc-actions">
          {docs.issuable.map((d) => {
            const needsDraft = d.approval && !draftOf(d.kind, 'approved');
            if (needsDraft) {
              const pending = draftOf(d.kind, 'pending');
              return (
                <span key={d.kind} className="doc-approval" data-kind={d.kind}>
                  {pending ? (
                    <span className="muted" data-testid="draft-pending">
                      {label(d.label)} · {t('docDraftPending')}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-small"
                      data-submit={d.kind}
                      disabled={disabled}
                      onClick={() =>
                        void act(d.kind, () => post(`/cases/${caseId}/documents/drafts`, { kind: d.kind }))
                      }
                    >
                      {t('docSubmit')} {label(d.label)}
                    </button>
                  )}{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-link"
                    onClick={() =>
                      void openBlob(`/cases/${caseId}/documents/preview/${d.kind}`).catch(setError)
                    }
                  >
                    {t('docPreview')}
                  </button>
                </span>
              );
            }
            return (
              <button
                key={d.kind}
                type="button"
                className="btn btn-small"
                data-kind={d.kind}
                disabled={disabled}
                onClick={() => onIssue(d)}
              >
                {busy === d.kind ? t('docIssuing') : `${t('docIssue')} ${label(d.label)}`}
              </button>
            );
          })}
        </div>
      )}
      {dialog && (
        <div className="doc-dialog" role="dialog" aria-modal="false" data-testid={`${dialog.mode}-dialog`}>
          <p>
            {dialog.mode === 'reissue'
              ? t('docReissueAsk', {
                  title: dialog.current.title,
                  number: dialog.current.number,
                  at: dateTime(dialog.current.issuedAt),
                })
              : t('docVoidAsk', { title: dialog.doc.title, number: dialog.doc.number })}
          </p>
          <label>
            {t('docReason')}
            <textarea
              value={reason}
              maxLength={500}
              data-testid="doc-reason"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <div className="doc-dialog-actions">
            <button
              type="button"
              className="btn btn-small btn-primary"
              data-testid="doc-confirm"
              disabled={busy !== null || reason.trim() === ''}
              onClick={() =>
                dialog.mode === 'reissue'
                  ? void issue(dialog.kind.kind, reason.trim())
                  : void act('void', () =>
                      post(`/cases/${caseId}/documents/${dialog.doc.sha256}/void`, { reason: reason.trim() }),
                    )
              }
            >
              {dialog.mode === 'reissue' ? t('docReissueConfirm') : t('docVoidConfirm')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setDialog(null)}>
              {t('docCancel')}
            </button>
          </div>
        </div>
      )}
      {docs && !docs.available && <p className="muted">{t('docNoFont')}</p>}
      {error !== null && <ErrorNote error={error} />}
      {docs && docs.drafts.length > 0 && (
        <div className="doc-drafts" data-testid="documents-drafts">
          <h3>{t('docDraftsTitle')}</h3>
          <ul className="doc-list">
            {[...docs.drafts].reverse().map((d) => (
              <li key={d.seq} data-seq={d.seq} data-status={d.status}>
                <div>
                  <strong>{d.title}</strong>{' '}
                  <Badge tone={d.status === 'returned' ? 'warn' : 'info'}>{draftStatus[d.status]}</Badge>
                </div>
                <div className="muted">
                  {dateTime(d.submittedAt)} · {d.submittedBy}
                  {d.note ? ` · ${d.note}` : ''}
                </div>
                {d.decision && (
                  <div data-testid="draft-decision">
                    {t('docApprovedBy', { by: d.decision.by, at: dateTime(d.decision.at) })}
                    {d.decision.comment ? `：${d.decision.comment}` : ''}
                  </div>
                )}
                {d.status === 'pending' && docs.mayApprove && d.submittedBy === user?.sub && (
                  <p className="muted">{t('docOwnDraft')}</p>
                )}
                {d.status === 'pending' && docs.mayApprove && d.submittedBy !== user?.sub && (
                  <div className="doc-dialog" data-testid="approve-form">
                    <label>
                      {t('docComment')}
                      <textarea
                        value={comments[d.seq] ?? ''}
                        maxLength={1000}
                        data-testid="approve-comment"
                        onChange={(e) => setComments({ ...comments, [d.seq]: e.target.value })}
                      />
                    </label>
                    <div className="doc-dialog-actions">
                      {[true, false].map((approved) => (
                        <button
                          key={String(approved)}
                          type="button"
                          className={`btn btn-small${approved ? ' btn-primary' : ''}`}
                          data-approve={String(approved)}
                          disabled={busy !== null}
                          onClick={() =>
                            void act(`draft-${d.seq}`, () =>
                              post(`/cases/${caseId}/documents/drafts/${d.seq}/approval`, {
                                approved,
                                ...(comments[d.seq]?.trim() ? { comment: comments[d.seq].trim() } : {}),
                              }),
                            )
                          }
                        >
                          {approved ? t('docApprove') : t('docReturn')}
                        </button>
                      ))}
                    </div>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {docs && docs.issued.length === 0 && <p className="muted">{t('docNone')}</p>}
      {docs && docs.issued.length > 0 && (
        <ul className="doc-list" data-testid="documents-issued">
          {[...docs.issued].reverse().map((d) => (
            <li key={d.sha256} data-number={d.number} data-voided={String(!!d.voided)}>
              <div>
                <strong>{d.title}</strong> <span className="data">{d.number}</span>
              </div>
              <div className="muted">
                {dateTime(d.issuedAt)} · {t('docHash')} <span className="mono">{d.sha256.slice(0, 12)}…</span>
              </div>
              {d.reason && <div className="muted">{t('docReissued', { reason: d.reason })}</div>}
              {d.voided && (
                <div data-testid="doc-voided">
                  <Badge tone="bad">
                    {t('docVoided', { at: dateTime(d.voided.at), reason: d.voided.reason })}
                  </Badge>
                </div>
              )}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void openPdf(caseId, d).catch(setError)}
              >
                {t('docOpen')}
              </button>{' '}
              {docs.mayIssue && !d.voided && (
                <button
                  type="button"
                  className="btn btn-small"
                  data-void={d.sha256}
                  disabled={busy !== null}
                  onClick={() => {
                    setReason('');
                    setDialog({ mode: 'void', doc: d });
                  }}
                >
                  {t('docVoid')}
                </button>
              )}
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
