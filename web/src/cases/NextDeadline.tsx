import type { CaseSummary } from '../api/types';
import { useI18n, WorkflowTerms } from '../i18n/i18n';

const WEEK_MS = 7 * 86_400_000;

/** The earliest pending time limit: its kind as the workflow names it, and its due date. */
export function NextDeadline({
  deadline,
  workflow,
}: {
  deadline: CaseSummary['nextDeadline'];
  workflow: string;
}) {
  const { t, term, date } = useI18n();
  if (!deadline) return <span className="muted">{t('noDeadline')}</span>;
  const soon = Date.parse(deadline.dueAt) - Date.now() < WEEK_MS;
  return (
    <WorkflowTerms workflow={workflow}>
      <div className={soon ? 'due-soon' : undefined}>{date(deadline.dueAt)}</div>
      <div className="muted">{term('deadline', deadline.kind)}</div>
    </WorkflowTerms>
  );
}
