import { useWorkflows } from '../api/workflows';
import { Link } from '../common/router';
import { Badge, ErrorNote, Loading } from '../common/ui';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import { NextDeadline } from '../cases/NextDeadline';
import { useInbox } from './inbox';

function Stage({ state, events }: { state: string; events: string[] }) {
  const { stateName, eventName } = useI18n();
  return (
    <>
      <td>
        <span className="state-pill">{stateName(state)}</span>
      </td>
      <td>
        <ul className="plain inbox-events">
          {events.map((e) => (
            <li key={e}>{eventName(e)}</li>
          ))}
        </ul>
      </td>
    </>
  );
}

/** 我的待办: the cases, across all workflows, in which I may act now, with what I may do. */
export function Inbox() {
  const { t, dateTime, procedure } = useI18n();
  const workflows = useWorkflows();
  const { items, scanned, more, error } = useInbox('page');
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('inboxTitle')}</h1>
      </div>
      <p className="help">{t('inboxHelp')}</p>
      {error !== null && <ErrorNote error={error} />}
      {!items && error === null && <Loading />}
      {items && (
        <div className="table-wrap">
          <table className="cases inbox" data-testid="inbox">
            <thead>
              <tr>
                <th scope="col">{t('colTitle')}</th>
                <th scope="col">{t('filterWorkflow')}</th>
                <th scope="col">{t('colState')}</th>
                <th scope="col">{t('inboxYourActions')}</th>
                <th scope="col">{t('colNextDeadline')}</th>
                <th scope="col">{t('colUpdated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ yourEvents, ...c }) => {
                const wf = workflows?.find((w) => w.name === c.workflow);
                return (
                  <tr key={c.id} data-case={c.id}>
                    <td>
                      <Link href={`/cases/${c.id}`}>{c.title}</Link>
                      {c.overdue.length > 0 && (
                        <>
                          {' '}
                          <Badge tone="bad">{t('overdue')}</Badge>
                        </>
                      )}
                    </td>
                    <td>{wf ? procedure(wf).title : c.workflow}</td>
                    <WorkflowTerms workflow={c.workflow}>
                      <Stage state={c.state} events={yourEvents} />
                    </WorkflowTerms>
                    <td>
                      <NextDeadline deadline={c.nextDeadline} workflow={c.workflow} />
                    </td>
                    <td>{dateTime(c.updatedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {items.length === 0 && <p className="empty">{t('inboxEmpty')}</p>}
        </div>
      )}
      {items && (
        <div className="inbox-foot">
          <p className="help">{t('inboxScanned', { n: scanned })}</p>
          {more && (
            <button type="button" className="btn" onClick={more}>
              {t('inboxMore')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
