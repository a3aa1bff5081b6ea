import type { CaseLink } from '../api/types';
import { Link } from '../common/router';
import { Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';

export function Links({ links }: { links: CaseLink[] }) {
  const { t, term, stateName } = useI18n();
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
            {l.state && <span className="state-pill">{stateName(l.state)}</span>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
