import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';

export interface Filters {
  state: string;
  status: string;
  overdue: boolean;
  subject: string;
  q: string;
}

export const EMPTY_FILTERS: Filters = { state: '', status: '', overdue: false, subject: '', q: '' };

export function CaseFilters({
  initial,
  stages,
  onApply,
}: {
  initial: Filters;
  stages: string[];
  onApply(filters: Filters): void;
}) {
  const { t, term, stateName } = useI18n();
  const [f, setF] = useState<Filters>(initial);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setF((prev) => ({ ...prev, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  return (
    <form className="filters" onSubmit={submit} role="search" aria-label={t('casesTitle')}>
      <div className="field">
        <label htmlFor="f-state">{t('filterState')}</label>
        <select id="f-state" value={f.state} onChange={(e) => set('state', e.target.value)}>
          <option value="">{t('any')}</option>
          {stages.map((s) => (
            <option key={s} value={s}>
              {stateName(s)}
            </option>
          ))}
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
