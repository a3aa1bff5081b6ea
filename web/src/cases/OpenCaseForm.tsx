import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, post } from '../api/client';
import type { CaseView } from '../api/types';
import { useWorkflow } from '../api/workflows';
import { enumLabel } from '../case/schema';
import { navigate } from '../common/router';
import { ErrorNote } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { SITUATIONS, SOURCES } from '../i18n/terms';

interface Draft {
  title: string;
  businessKey: string;
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation: string;
  post: string;
  source: string;
  situation: string;
  facts: string;
}

const EMPTY: Draft = {
  title: '',
  businessKey: '',
  ref: '',
  kind: 'individual',
  name: '',
  organisation: '',
  post: '',
  source: 'inspectionTour',
  situation: '',
  facts: '',
};

function Field({
  id,
  label,
  required,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} {!required && <span className="muted">({t('optional')})</span>}
      </label>
      {children}
    </div>
  );
}

/** Opens an accountability case: the fields POST /cases needs; the sources are the published ones. */
export function OpenCaseForm() {
  const { t, term, lang } = useI18n();
  const wf = useWorkflow('accountability');
  // The workflow's published POST /cases body (GET /workflows/:name → open.schema).
  const sourceSchema = wf?.open.schema.properties?.source;
  const sources = sourceSchema?.enum?.map(String) ?? SOURCES;
  const sourceLabel = (s: string) => (sourceSchema && enumLabel(sourceSchema, s, lang)) ?? term('value', s);
  const [d, setD] = useState<Draft>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((p) => ({ ...p, [k]: v }));
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await post<CaseView>('/cases', {
        workflow: 'accountability',
        title: d.title.trim(),
        businessKey: opt(d.businessKey),
        subject: {
          ref: d.ref.trim(),
          kind: d.kind,
          name: d.name.trim(),
          organisation: opt(d.organisation),
          post: opt(d.post),
        },
        source: d.source,
        situation: opt(d.situation),
        facts: opt(d.facts),
      });
      navigate(`/cases/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <h1>{t('openTitle')}</h1>
      <form onSubmit={(e) => void submit(e)} className="panel form-grid">
        <fieldset>
          <legend>{t('proposalSection')}</legend>
          <Field id="o-title" label={term('field', 'title')} required>
            <input
              id="o-title"
              required
              maxLength={500}
              value={d.title}
              onChange={(e) => set('title', e.target.value)}
            />
          </Field>
          <Field id="o-key" label={term('field', 'businessKey')}>
            <input
              id="o-key"
              maxLength={200}
              value={d.businessKey}
              onChange={(e) => set('businessKey', e.target.value)}
            />
          </Field>
          <Field id="o-source" label={term('field', 'source')} required>
            <select id="o-source" value={d.source} onChange={(e) => set('source', e.target.value)}>
              {sources.map((s) => (
                <option key={s} value={s}>
                  {sourceLabel(s)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="o-situation" label={term('field', 'situation')}>
            <select id="o-situation" value={d.situation} onChange={(e) => set('situation', e.target.value)}>
              <option value="">—</option>
              {SITUATIONS.map((s) => (
                <option key={s} value={s}>
                  {term('value', s)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="o-facts" label={term('field', 'facts')}>
            <textarea
              id="o-facts"
              rows={4}
              maxLength={20000}
              value={d.facts}
              onChange={(e) => set('facts', e.target.value)}
            />
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('subjectSection')}</legend>
          <Field id="o-kind" label={term('field', 'kind')} required>
            <select id="o-kind" value={d.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
              <option value="individual">{term('value', 'individual')}</option>
              <option value="organisation">{term('value', 'organisation')}</option>
            </select>
          </Field>
          <Field id="o-ref" label={term('field', 'ref')} required>
            <input
              id="o-ref"
              required
              maxLength={200}
              value={d.ref}
              onChange={(e) => set('ref', e.target.value)}
            />
          </Field>
          <Field id="o-name" label={term('field', 'name')} required>
            <input
              id="o-name"
              required
              maxLength={200}
              value={d.name}
              onChange={(e) => set('name', e.target.value)}
            />
          </Field>
          <Field id="o-org" label={term('field', 'organisation')}>
            <input
              id="o-org"
              maxLength={200}
              value={d.organisation}
              onChange={(e) => set('organisation', e.target.value)}
            />
          </Field>
          <Field id="o-post" label={term('field', 'post')}>
            <input id="o-post" maxLength={200} value={d.post} onChange={(e) => set('post', e.target.value)} />
          </Field>
        </fieldset>
        {error !== null && <ErrorNote error={error instanceof ApiError ? error : new Error(String(error))} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('openSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
