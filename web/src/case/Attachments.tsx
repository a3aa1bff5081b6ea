import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, getBlob, get, request, saveBlob } from '../api/client';
import { usePersonName } from '../api/people';
import type { Attachment, AttachmentCreated, AttachmentList } from '../api/types';
import { ErrorNote, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { Actor } from './Actor';

/** Bytes as people read them: 12.3 KB, 4.5 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * 附件: the files attached to the case (from its history), each downloadable; and, for roles that may
 * attach, a form to upload one. An upload moves the case's revision: `onRecorded` reloads the page.
 */
export function Attachments({
  caseId,
  revision,
  onRecorded,
}: {
  caseId: string;
  revision: number;
  onRecorded: () => void;
}) {
  const { t } = useI18n();
  const [list, setList] = useState<AttachmentList | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    get<AttachmentList>(`/cases/${caseId}/attachments`, controller.signal)
      .then((l) => {
        setList(l);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      });
    return () => controller.abort();
  }, [caseId, revision]);

  return (
    <Panel title={t('attachments')} id="attachments">
      {error !== null && <ErrorNote error={error} />}
      {list && (
        <>
          {list.items.length === 0 ? (
            <p className="muted">{t('noAttachments')}</p>
          ) : (
            <AttachmentTable caseId={caseId} items={list.items} onError={setError} />
          )}
          {list.mayAttach && (
            <UploadForm caseId={caseId} revision={revision} list={list} onRecorded={onRecorded} />
          )}
        </>
      )}
    </Panel>
  );
}

function AttachmentTable({
  caseId,
  items,
  onError,
}: {
  caseId: string;
  items: Attachment[];
  onError: (e: unknown) => void;
}) {
  const { t, term, dateTime } = useI18n();
  const person = usePersonName();
  const download = async (a: Attachment) => {
    try {
      saveBlob(await getBlob(`/cases/${caseId}/attachments/${a.sha256}`), a.name);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <div className="table-wrap attachments-table">
      <table>
        <thead>
          <tr>
            <th>{t('attKind')}</th>
            <th>{t('attName')}</th>
            <th>{t('attSize')}</th>
            <th>{t('attBy')}</th>
            <th>{t('attAt')}</th>
            <th>{t('attHash')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.seq} data-testid="attachment" data-sha256={a.sha256}>
              <td>{term('value', a.kind)}</td>
              <td>
                <button type="button" className="link-button" onClick={() => void download(a)}>
                  <span className="data">{a.name}</span>
                </button>
                {a.description && <div className="muted data">{a.description}</div>}
              </td>
              <td className="nowrap data">{fileSize(a.size)}</td>
              <td>
                <Actor who={person(a.actor)} sub={a.actor} />
              </td>
              <td>{dateTime(a.at)}</td>
              <td>
                <span className="mono" title={a.sha256}>
                  {a.sha256.slice(0, 10)}…
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UploadForm({
  caseId,
  revision,
  list,
  onRecorded,
}: {
  caseId: string;
  revision: number;
  list: AttachmentList;
  onRecorded: () => void;
}) {
  const { t, term } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileInput.current?.files?.[0];
    setError(null);
    if (!file || !kind) return setProblem(t(!file ? 'attChooseFile' : 'attChooseKind'));
    if (file.size > list.maxBytes) return setProblem(t('attTooLarge'));
    setProblem(null);
    const form = new FormData();
    form.append('kind', kind);
    if (description.trim()) form.append('description', description.trim());
    form.append('file', file, file.name);
    setBusy(true);
    try {
      await request<AttachmentCreated>('POST', `/cases/${caseId}/attachments`, {
        form,
        headers: { 'if-match': `"${revision}"` },
      });
      setKind('');
      setDescription('');
      if (fileInput.current) fileInput.current.value = '';
      setChosen(null);
      onRecorded();
    } catch (err) {
      setError(err);
      // The case moved on meanwhile: show it as it is now, so that sending again can work.
      if (err instanceof ApiError && err.status === 409) onRecorded();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="upload-form" onSubmit={(e) => void submit(e)} data-testid="upload-form">
      <h3>{t('attUpload')}</h3>
      <div className="upload-fields">
        <div className="field">
          <span className="field-label" id="att-file-label">
            {t('attFile')}
          </span>
          {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
          <div className="file-pick">
            <input
              id="att-file"
              type="file"
              className="visually-hidden"
              ref={fileInput}
              disabled={busy}
              aria-labelledby="att-file-label"
              onChange={(e) => setChosen(e.target.files?.[0]?.name ?? null)}
            />
            <label htmlFor="att-file" className="btn btn-small">
              {t('attPick')}
            </label>
            <span className={chosen ? 'data' : 'muted'}>{chosen ?? t('attNoFile')}</span>
          </div>
          <span className="help">
            {t('attAccepted')} <span className="data">{fileSize(list.maxBytes)}</span>
          </span>
        </div>
        <div className="field">
          <label htmlFor="att-kind">{t('attKind')}</label>
          <select id="att-kind" value={kind} onChange={(e) => setKind(e.target.value)} disabled={busy}>
            <option value="">{t('vChoose')}</option>
            {list.kinds.map((k) => (
              <option key={k} value={k}>
                {term('value', k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="att-description">
            {t('attDescription')} <span className="muted">({t('optional')})</span>
          </label>
          <input
            id="att-description"
            value={description}
            maxLength={500}
            onChange={(e) => setDescription(e.target.value)}
            disabled={busy}
          />
        </div>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {error !== null && <ErrorNote error={error} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('attUploading') : t('attUploadButton')}
        </button>
      </div>
    </form>
  );
}
