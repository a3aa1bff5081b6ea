import { usePersonName } from '../api/people';
import type { HistoryEntry, VerifyResult } from '../api/types';
import { Badge, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { Actor } from './Actor';
import { fileSize } from './Attachments';
import { DocumentEntry } from './Documents';
import { Payload } from './Payload';

function Verification({ verify }: { verify: VerifyResult | null }) {
  const { t } = useI18n();
  if (!verify) return null;
  if (verify.ok)
    return (
      <span data-testid="chain-status" data-ok="true">
        <Badge tone="ok">
          ✓ {t('chainOk', { n: verify.checked })}
          {verify.filesChecked > 0 && `; ${t('chainFilesOk', { n: verify.filesChecked })}`}
        </Badge>
      </span>
    );
  return (
    <span data-testid="chain-status" data-ok="false" className="chain-status-bad">
      {verify.brokenAtSeq !== undefined && (
        <Badge tone="bad">✗ {t('chainBroken', { seq: verify.brokenAtSeq })}</Badge>
      )}
      {!verify.replayMatches && (
        <Badge tone="bad">
          ✗{' '}
          {verify.replayDiffersAtSeq !== undefined
            ? t('replayMismatchAt', { seq: verify.replayDiffersAtSeq })
            : t('replayMismatch')}
        </Badge>
      )}
      {!verify.filesIntact && <Badge tone="bad">✗ {t('filesBroken')}</Badge>}
    </span>
  );
}

/** What verification says about one row: altered (the chain breaks there), or replay leads elsewhere. */
function rowProblems(seq: number, verify: VerifyResult | null): ('chain' | 'replay')[] {
  if (!verify || verify.ok) return [];
  return [
    ...(verify.brokenAtSeq === seq ? (['chain'] as const) : []),
    ...(verify.replayDiffersAtSeq === seq ? (['replay'] as const) : []),
  ];
}

const URGE = 'record.urge';

/** An urging (督办): its message, and the time limit it is about. */
function Urging({ payload }: { payload: Record<string, unknown> }) {
  const { t, term, dateTime } = useI18n();
  const kind = typeof payload.deadlineKind === 'string' ? payload.deadlineKind : null;
  const due = typeof payload.dueAt === 'string' ? payload.dueAt : null;
  return (
    <div className="tl-urge" data-testid="urge-row">
      <p>
        {t('urgeSaid')}
        <span className="data payload-text">{String(payload.message ?? '')}</span>
      </p>
      {kind && (
        <p className="muted">
          {t('urgeAbout', { deadline: term('deadline', kind), due: due ? dateTime(due) : '' })}
        </p>
      )}
    </div>
  );
}

interface AttachmentPayload {
  name: string;
  kind: string;
  size: number;
  sha256: string;
  description?: string;
}

/** A file put on the chain: what it is and its hash, instead of the raw payload. */
function AttachmentRecord({ payload }: { payload: AttachmentPayload }) {
  const { t, term, lang } = useI18n();
  const [open, comma, close] = lang === 'zh' ? ['（', '，', '）'] : [' (', ', ', ')'];
  return (
    <div className="tl-attachment" data-testid="timeline-attachment">
      <strong className="data">{payload.name}</strong>
      <span className="muted">
        {open}
        {term('value', payload.kind)}
        {comma}
        <span className="data">{fileSize(payload.size)}</span>
        {close}
      </span>
      {payload.description && <div className="muted data">{payload.description}</div>}
      <div className="muted">
        {t('attHash')}{' '}
        <span className="mono" title={payload.sha256}>
          {payload.sha256}
        </span>
      </div>
    </div>
  );
}

/** The history as a timeline: who, what, when, from → to; and the chain's verification. */
export function Timeline({ history, verify }: { history: HistoryEntry[]; verify: VerifyResult | null }) {
  const { t, eventName, stateName, dateTime, term } = useI18n();
  const person = usePersonName();
  return (
    <Panel title={t('history')} id="history" actions={<Verification verify={verify} />}>
      <ol className="timeline">
        {[...history].reverse().map((h) => {
          const problems = rowProblems(h.seq, verify);
          return (
            <li
              key={h.seq}
              data-seq={h.seq}
              className={problems.length ? 'tl-broken' : undefined}
              data-broken={problems.join(' ') || undefined}
            >
              {problems.map((p) => (
                <p key={p} className="tl-alert" role="note">
                  ✗ {t(p === 'chain' ? 'chainBrokenRow' : 'replayDiffersRow')}
                </p>
              ))}
              <div className="tl-head">
                <span className="tl-seq">#{h.seq}</span>
                <strong>{eventName(h.type)}</strong>
                {h.type === 'record.document' && <DocumentEntry payload={h.payload} />}
                <time dateTime={h.at}>{dateTime(h.at)}</time>
              </div>
              <div className="tl-who">
                {t('by')} <Actor who={person(h.actor.sub)} sub={h.actor.sub} />
                {h.actor.roles.length > 0 && (
                  <span className="muted"> ({h.actor.roles.map((r) => term('value', r)).join(', ')})</span>
                )}
              </div>
              {h.type === URGE && <Urging payload={h.payload as Record<string, unknown>} />}
              {h.type === 'record.deadlineReplanned' && (
                <div className="tl-move" data-replanned>
                  {t('due')} {dateTime(String(h.payload.fromDueAt))} → {dateTime(String(h.payload.toDueAt))}
                </div>
              )}
              {h.type === 'record.attachment' && (
                <AttachmentRecord payload={h.payload as unknown as AttachmentPayload} />
              )}
              {/* A recorded fact (record.*) moves the chain, not the state: no from → to. */}
              {!h.type.startsWith('record.') && (
                <div className="tl-move">
                  {h.from ? stateName(h.from) : '∅'} → {stateName(h.to)}
                </div>
              )}
              {!h.type.startsWith('record.') && Object.keys(h.payload ?? {}).length > 0 && (
                <details open>
                  <summary>{t('details')}</summary>
                  <Payload payload={h.payload} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </Panel>
  );
}
