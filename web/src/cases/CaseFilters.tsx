import { useState, type FormEvent } from 'react';
import { topStages, useWorkflow, type WorkflowSummary } from '../api/workflows';
import { useI18n, WorkflowTerms } from '../i18n/i18n';

export interface Filters {
  /** '' for every workflow. */
  workflow: string;
  state: string;
  status: string;
  overdue: boolean;
  subject: string;
  q: string;
}

export const EMPTY_FILTERS: Filters = {
  workflow: '',
  state: '',
  status: '',
  overdue: false,
  subject: '',
  q: '',
};

/** The stages of one workflow, as it names them. */
function StageOptions({ stages }: { stages: string[] }) {
  const { stateName } = useI18n();
  return (
    <>
      {stages.map((s) => (
        <option key={s} value={s}>
          {stateName(s)}
        </option>
      ))}
    </>
  );
}

export function CaseFilters({
  initial,
  workflows,
  onApply,
}: {
  initial: Filters;
  /** The catalogue (GET /workflows). */
  workflows: WorkflowSummary[];
  onApply(filters: Filters): void;
}) {
  const { t, term, procedure } = useI18n();
  const [f, setF] = useState<Filters>(initial);
  // stages belong to a workflow: offered once one is chosen
  const wf = useWorkflow(f.workflow);
  const stages = wf && wf.name === f.workflow ? topStages(wf) : [];
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setF((prev) => ({ ...prev, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  return (
    <form className="filters" onSubmit={submit} role="search" aria-label={t('casesTitle')}>
      <div className="field">
        <label htmlFor="f-workflow">{t('filterWorkflow')}</label>
        <select
          id="f-workflow"
          value={f.workflow}
          onChange={(e) => setF((prev) => ({ ...prev, workflow: e.target.value, state: '' }))}
        >
          <option value="">{t('any')}</option>
          {workflows.map((w) => (
            <option key={w.name} value={w.name}>
              {procedure(w).title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-state">{t('filterState')}</label>
        <select
          id="f-state"
          value={f.state}
          disabled={!f.workflow}
          onChange={(e) => set('state', e.target.value)}
        >
          <option value="">{t('any')}</option>
          <WorkflowTerms workflow={f.workflow}>
            <StageOptions stages={stages} />
          </WorkflowTerms>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-status">{t('filterStatus')}</label>
        <select id="f-status" value={f.status} onChange={(e) => set('status', e.target.value)}>
          <option value="">{t('any')}</option>
          <option value="active">{term('value', 'active')}</option>
          <option value="closed">{term('value', 'closed')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-subject">{t('filterSubject')}</label>
        <input id="f-subject" value={f.subject} onChange={(e) => set('subject', e.target.value)} />
      </div>
      <div className="field field-grow">
        <label htmlFor="f-q">{t('filterText')}</label>
        <input id="f-q" type="search" value={f.q} onChange={(e) => set('q', e.target.value)} />
      </div>
      <div className="field field-check">
        <input
          id="f-overdue"
          type="checkbox"
          checked={f.overdue}
          onChange={(e) => set('overdue', e.target.checked)}
        />
        <label htmlFor="f-overdue">{t('filterOverdue')}</label>
      </div>
      <div className="field-actions">
        <button type="submit" className="btn btn-primary">
          {t('apply')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setF(EMPTY_FILTERS);
            onApply(EMPTY_FILTERS);
          }}
        >
          {t('reset')}
        </button>
      </div>
    </form>
  );
}
