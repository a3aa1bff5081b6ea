import { useMachine } from '@xstate/react';
import { UnitName } from '../common/UnitName';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { EventFrom, SnapshotFrom } from 'xstate';
import { Badge, ErrorNote, Loading, Panel } from '../common/ui';
import { useI18n, WorkflowTerms } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { DossierLink } from './DossierLink';
import { Actions } from './Actions';
import { Attachments } from './Attachments';
import { CaseFile } from './CaseFile';
import { caseMachine, urgeCase } from './caseMachine';
import { ConflictBanner } from './ConflictBanner';
import { Deadlines } from './Deadlines';
import { Documents } from './Documents';
import { Links } from './Links';
import { SubjectRecord } from './SubjectRecord';
import { Timeline } from './Timeline';
import { UpdatedNote } from './UpdatedNote';
import { useCaseStream } from './useCaseStream';

/** Who may urge (督办) a case on: the catalogue's `urge` access. */
const URGERS = ['supervisor', 'leader', 'admin'];
/** Who may read the signed dossier: the catalogue's `readRecords` access. */
const RECORD_READERS = [
  'officer',
  'leader',
  'committee',
  'supervisor',
  'admin',
  'principal',
  'disciplineHead',
];
import { WaitingOn } from './WaitingOn';

/** The diagram (React Flow and ELK, most of the workbench's script) loads only on a case's page. */
const Diagram = lazy(() => import('./Diagram'));

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** One case: diagram, actions, deadlines, history with verification, links, the subject's record. */
export function CasePage({ caseId }: { caseId: string }) {
  const [snapshot, send] = useMachine(caseMachine, { input: { caseId } });
  const { data, loadError } = snapshot.context;
  const phase = String(snapshot.value);
  useCaseStream(
    caseId,
    useCallback((revision: number) => send({ type: 'CHANGED', revision }), [send]),
  );

  if (!data) {
    return (
      <div className="page" data-phase={phase}>
        {snapshot.matches('error') ? (
          <ErrorNote error={loadError} onRetry={() => send({ type: 'RETRY' })} />
        ) : (
          <Loading />
        )}
      </div>
    );
  }
  // the case's own workflow names its states, events and fields (约谈 in a rectification, 谈话 in an inquiry)
  return (
    <WorkflowTerms workflow={data.case.workflow}>
      <CaseContent snapshot={snapshot} send={send} />
    </WorkflowTerms>
  );
}

function CaseContent({
  snapshot,
  send,
}: {
  snapshot: SnapshotFrom<typeof caseMachine>;
  send: (event: EventFrom<typeof caseMachine>) => void;
}) {
  const { t, stateName, eventName, term } = useI18n();
  const { hasRole, user } = useSession();
  const now = useNow(5_000);
  // The work first (actions, deadlines, history); the diagram below them, folded on small screens.
  const [diagram, setDiagram] = useState(() => window.innerWidth >= 1200 && window.innerHeight >= 850);
  const { data, loadError, pending, problems, actionError, done, conflict, updated, sent } = snapshot.context;
  const phase = String(snapshot.value);
  if (!data) return null;
  const view = data.case;
  return (
    <div className="page case-page" data-phase={phase} data-revision={view.revision}>
      <div className="page-head">
        <div>
          <h1>{view.title}</h1>
          {data.verify && !data.verify.ok && (
            <p className="notice notice-bad" role="alert" data-testid="chain-warning">
              ⚠ {t('chainWarning')}
            </p>
          )}
          {view.caseNo && (
            <p className="case-no" data-testid="case-no">
              {view.caseNo}
            </p>
          )}
          <p className="case-meta">
            <span className="state-pill state-pill-lg" data-testid="case-state">
              {stateName(view.state)}
            </span>
            {view.status === 'active' && <Badge tone="info">{term('value', view.status)}</Badge>}
            {view.outcome && <Badge tone="neutral">{term('value', view.outcome)}</Badge>}
            {view.deadlines.some((d) => d.overdue) && <Badge tone="bad">{t('overdue')}</Badge>}
            <span className="muted" data-testid="case-unit">
              {term('field', 'unitId')}{' '}
              <span className="data" title={view.unitId}>
                <UnitName code={view.unitId} />
              </span>
            </span>
            <span className="muted">
              {t('revision')} <span data-testid="revision">{view.revision}</span>
            </span>
          </p>
          <WaitingOn view={view} workflow={data.workflow} />
        </div>
        {hasRole(...RECORD_READERS) && <DossierLink caseId={view.id} />}
      </div>
      {done && (
        <p className="notice" role="status">
          ✓ {t('sent', { event: eventName(done) })}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => send({ type: 'DISMISS' })}
            aria-label="OK"
          >
            ✕
          </button>
        </p>
      )}
      {updated && !done && updated.by?.actor.sub !== user?.sub && (
        <UpdatedNote updated={updated} onDismiss={() => send({ type: 'DISMISS' })} />
      )}
      {snapshot.matches('error') && <ErrorNote error={loadError} onRetry={() => send({ type: 'RETRY' })} />}
      {conflict && pending && (
        <ConflictBanner
          conflict={conflict}
          pending={pending}
          onRetry={() => send({ type: 'RETRY' })}
          onDiscard={() => send({ type: 'DISCARD' })}
        />
      )}
      <div className="case-grid">
        <div className="case-main">
          {!conflict && (
            <Actions
              key={sent}
              view={view}
              workflow={data.workflow}
              history={data.history}
              busy={snapshot.matches('submitting')}
              problems={problems}
              actionError={actionError}
              onSend={(action) => send({ type: 'SEND', action })}
            />
          )}
          <Attachments
            caseId={view.id}
            revision={view.revision}
            onRecorded={() => send({ type: 'RELOAD' })}
          />
          <Timeline history={data.history} verify={data.verify} />
        </div>
        <aside className="case-side">
          <Deadlines
            deadlines={view.deadlines}
            now={now}
            onUrge={
              hasRole(...URGERS)
                ? async (deadlineId, message) => {
                    await urgeCase(view.id, deadlineId, message);
                    send({ type: 'RELOAD' });
                  }
                : undefined
            }
          />
          <CaseFile view={view} now={now} />
          <Documents caseId={view.id} revision={view.revision} onIssued={() => send({ type: 'RELOAD' })} />
          <Links links={view.links} />
          <SubjectRecord subject={view.subject} record={data.subject} caseId={view.id} />
        </aside>
      </div>
      {diagram ? (
        <Suspense fallback={<DiagramPlaceholder />}>
          <Diagram
            workflow={data.workflow}
            states={view.states}
            history={data.history}
            allowed={view.allowedEvents}
          />
        </Suspense>
      ) : null}
      <p className="diagram-toggle">
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={diagram}
          aria-controls="diagram"
          data-testid="diagram-toggle"
          onClick={() => setDiagram(!diagram)}
        >
          {diagram ? t('diagramHide') : t('diagramShow')}
        </button>
      </p>
    </div>
  );
}

/** The diagram's panel while its code loads: the same place and height, so the page does not shift. */
function DiagramPlaceholder() {
  const { t } = useI18n();
  return (
    <Panel title={t('procedure')}>
      <div className="diagram diagram-loading">
        <Loading />
      </div>
    </Panel>
  );
}
