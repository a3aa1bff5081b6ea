import type { Subject, SubjectRecord as Record } from '../api/types';
import { Link } from '../common/router';
import { Badge, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { StatePill } from './Links';

/** The subject's lifelong record: measures and impact periods (影响期), and their other cases. */
export function SubjectRecord({
  subject,
  record,
  caseId,
}: {
  subject: Subject | null;
  record: Record | null;
  caseId: string;
}) {
  const { t, term, date } = useI18n();
  if (!subject) return null;
  const others = (record?.cases ?? []).filter((c) => c.id !== caseId);
  return (
    <Panel title={t('subjectRecord')} id="subject">
      <dl className="kv">
        <dt>{term('field', 'name')}</dt>
        <dd>{subject.name}</dd>
        <dt>{term('field', 'ref')}</dt>
        <dd className="mono">{subject.ref}</dd>
        <dt>{term('field', 'kind')}</dt>
        <dd>{term('value', subject.kind)}</dd>
        {subject.organisation && (
          <>
            <dt>{term('field', 'organisation')}</dt>
            <dd>{subject.organisation}</dd>
          </>
        )}
        {subject.post && (
          <>
            <dt>{term('field', 'post')}</dt>
            <dd>{subject.post}</dd>
          </>
        )}
      </dl>
      {record && (
        <>
          <p>
            {record.restricted && record.restrictedUntil ? (
              <Badge tone="warn">{t('restrictedUntil', { date: date(record.restrictedUntil) })}</Badge>
            ) : (
              <Badge>{t('notRestricted')}</Badge>
            )}
          </p>
          <h3>{t('impactPeriods')}</h3>
          {record.impactPeriods.length === 0 ? (
            <p className="muted">{t('none')}</p>
          ) : (
            <ul className="plain">
              {record.impactPeriods.map((p) => (
                <li key={p.measureId}>
                  {term('value', p.type)}
                  {p.detail && ` · ${term('value', p.detail)}`}: {date(p.from)} → {date(p.until)}{' '}
                  {p.running && <Badge tone="warn">●</Badge>}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('measuresTaken')}</h3>
          {record.measures.length === 0 ? (
            <p className="muted">{t('none')}</p>
          ) : (
            <ul className="plain">
              {record.measures.map((m) => (
                <li key={m.id}>
                  {term('value', m.type)}
                  {m.detail && ` · ${term('value', m.detail)}`} — {date(m.decidedAt)}
                  {m.lifted && <Badge>{t('lifted')}</Badge>}
                </li>
              ))}
            </ul>
          )}
          {others.length > 0 && (
            <>
              <h3>{t('otherCases')}</h3>
              <ul className="plain">
                {others.map((c) => (
                  <li key={c.id}>
                    <Link href={`/cases/${c.id}`}>{c.title}</Link>{' '}
                    <StatePill state={c.state} workflow={c.workflow} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Panel>
  );
}
