import { useSession } from '../auth/session';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import type { Filters } from './CaseFilters';

/**
 * What a printed case list says at its top: the filters it was printed with, in words, and who
 * printed it when. Shown only on paper (styles.css, @media print).
 */
export function PrintHeader({ filters: f }: { filters: Filters }) {
  const { t, term, stateName, dateTime, lang } = useI18n();
  const { user } = useSession();
  const parts: string[] = [];
  const add = (label: string, value: string) => parts.push(`${label}${lang === 'zh' ? '：' : ': '}${value}`);
  if (f.workflow) add(t('filterWorkflow'), term('value', f.workflow));
  if (f.workflow && f.state) add(t('filterState'), stateName(f.state));
  if (f.status) add(t('filterStatus'), term('value', f.status));
  if (f.overdue) parts.push(t('filterOverdue'));
  if (f.q) add(t('filterText'), f.q);
  if (f.subject) add(t('filterSubject'), f.subject);
  if (f.subjectName) add(t('filterSubjectName'), f.subjectName);
  if (f.organisation) add(t('filterOrganisation'), f.organisation);
  if (f.actor) add(t('filterActor'), f.actor);
  if (f.openedFrom) add(t('filterOpenedFrom'), f.openedFrom);
  if (f.openedTo) add(t('filterOpenedTo'), f.openedTo);
  if (f.dueWithinDays) add(t('filterDueWithin'), f.dueWithinDays);
  return (
    <div className="print-only print-header" data-testid="print-header">
      <WorkflowTerms workflow={f.workflow}>
        <p>
          {parts.length
            ? t('printFilters', { filters: parts.join(lang === 'zh' ? '；' : '; ') })
            : t('printNoFilters')}
        </p>
      </WorkflowTerms>
      <p className="muted">
        {t('printedAt', { time: dateTime(new Date().toISOString()), name: user?.name ?? '' })}
      </p>
    </div>
  );
}
