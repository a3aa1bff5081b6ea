import type { CaseLink } from '../api/types';
import { Link } from '../common/router';
import { Panel } from '../common/ui';
import { useI18n, WorkflowTerms } from '../i18n/i18n';

export function Links({ links }: { links: CaseLink[] }) {
  const { t, term } = useI18n();
  if (links.length === 0) return null;
  return (
    <Panel title={t('links')} id="links">
      <ul className="plain">
        {links.map((l) => (
          <li key={`${l.direction}-${l.caseId}`}>
            <span className="muted">
              {term('value', l.relation)} · {l.direction === 'opened' ? t('linkOpened') : t('linkOpenedBy')}:
            </span>{' '}
            <Link href={`/cases/${l.caseId}`}>{l.title ?? l.caseId}</Link>{' '}
            {l.state && <StatePill state={l.state} workflow={l.workflow} />}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** Another case's state, named by its own workflow (a proposal is not an inquiry's 拟谈话函询). */
export function StatePill({ state, workflow }: { state: string; workflow: string }) {
  return (
    <WorkflowTerms workflow={workflow}>
      <StateName state={state} />
    </WorkflowTerms>
  );
}

function StateName({ state }: { state: string }) {
  const { stateName } = useI18n();
  return <span className="state-pill">{stateName(state)}</span>;
}
