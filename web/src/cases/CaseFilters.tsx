import { useState, type FormEvent } from 'react';
import { subOf, usePeople } from '../api/people';
import { PersonInput } from '../common/PersonInput';
import { topStages, useWorkflow, type WorkflowSummary } from '../api/workflows';
import { useI18n, WorkflowTerms } from '../i18n/i18n';

export interface Filters {
  /** '' for every workflow. */
  workflow: string;
  state: string;
  status: string;
  overdue: boolean;
  /** The subject's reference (personnel number). */
  subject: string;
  q: string;
  /** Text in the subject's name, and in their organisation. */
  subjectName: string;
  organisation: string;
  /** A user's sub: who opened the case or took a step on it. */
  actor: string;
  /** YYYY-MM-DD (UTC+8 days, as the API reads them). */
  openedFrom: string;
  openedTo: string;
  /** Digits, or ''. */
  dueWithinDays: string;
}

export const EMPTY_FILTERS: Filters = {
  workflow: '',
  state: '',
  status: '',
  overdue: false,
  subject: '',
  q: '',
  subjectName: '',
  organisation: '',
  actor: '',
  openedFrom: '',
  openedTo: '',
  dueWithinDays: '',
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
  const people = usePeople();
  const [f, setF] = useState<Filters>(initial);
  // stages belong to a workflow: offered once one is chosen
  const wf = useWorkflow(f.workflow);
  const stages = wf && wf.name === f.workflow ? topStages(wf) : [];
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setF((prev) => ({ ...prev, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...f, actor: subOf(people, f.actor) });
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
        <label htmlFor="f-name">{t('filterSubjectName')}</label>
        <input id="f-name" value={f.subjectName} onChange={(e) => set('subjectName', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-org">{t('filterOrganisation')}</label>
        <input id="f-org" value={f.organisation} onChange={(e) => set('organisation', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-subject">{t('filterSubject')}</label>
        <input id="f-subject" value={f.subject} onChange={(e) => set('subject', e.target.value)} />
      </div>
      <div className="field field-grow">
        <label htmlFor="f-q">{t('filterText')}</label>
        <input id="f-q" type="search" value={f.q} onChange={(e) => set('q', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-actor">{t('filterActor')}</label>
        <PersonInput
          id="f-actor"
          value={f.actor}
          title={t('filterActorHelp')}
          onChange={(v) => set('actor', v)}
        />
      </div>
      <div className="field field-range">
        <label htmlFor="f-from">{t('filterOpened')}</label>
        <div className="range">
          <input
            id="f-from"
            type="date"
            aria-label={t('filterOpenedFrom')}
            value={f.openedFrom}
            max={f.openedTo || undefined}
            onChange={(e) => set('openedFrom', e.target.value)}
          />
          <span aria-hidden="true">–</span>
          <input
            id="f-to"
            type="date"
            aria-label={t('filterOpenedTo')}
            value={f.openedTo}
            min={f.openedFrom || undefined}
            onChange={(e) => set('openedTo', e.target.value)}
          />
        </div>
      </div>
      <div className="field field-days">
        <label htmlFor="f-due">{t('filterDueWithin')}</label>
        <input
          id="f-due"
          type="number"
          min={0}
          max={3650}
          step={1}
          inputMode="numeric"
          value={f.dueWithinDays}
          onChange={(e) => set('dueWithinDays', e.target.value.replace(/\D/g, ''))}
        />
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
