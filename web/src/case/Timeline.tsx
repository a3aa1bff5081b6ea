import { usePersonName } from '../api/people';
import type { HistoryEntry, VerifyResult } from '../api/types';
import { Badge, Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { Actor } from './Actor';
import { DocumentEntry } from './Documents';
import { Payload } from './Payload';

function Verification({ verify }: { verify: VerifyResult | null }) {
  const { t } = useI18n();
  if (!verify) return null;
  if (verify.ok)
    return (
      <span data-testid="chain-status" data-ok="true">
        <Badge tone="ok">✓ {t('chainOk', { n: verify.checked })}</Badge>
      </span>
    );
  return (
    <span data-testid="chain-status" data-ok="false">
      <Badge tone="bad">
        ✗{' '}
        {verify.brokenAtSeq !== undefined
          ? t('chainBroken', { seq: verify.brokenAtSeq })
          : t('replayMismatch')}
      </Badge>
    </span>
  );
}

/** The history as a timeline: who, what, when, from → to; and the chain's verification. */
export function Timeline({ history, verify }: { history: HistoryEntry[]; verify: VerifyResult | null }) {
  const { t, eventName, stateName, dateTime, term } = useI18n();
  const person = usePersonName();
  return (
    <Panel title={t('history')} id="history" actions={<Verification verify={verify} />}>
      <ol className="timeline">
        {[...history].reverse().map((h) => (
          <li key={h.seq} data-seq={h.seq}>
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
            <div className="tl-move">
              {h.from ? stateName(h.from) : '∅'} → {stateName(h.to)}
            </div>
            {Object.keys(h.payload ?? {}).length > 0 && h.type !== 'record.document' && (
              <details open>
                <summary>{t('details')}</summary>
                <Payload payload={h.payload} />
              </details>
            )}
          </li>
        ))}
      </ol>
    </Panel>
  );
}
