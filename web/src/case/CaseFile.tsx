import type { CaseView } from '../api/types';
import { Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The main facts of the case from its context. */
export function CaseFile({ view }: { view: CaseView }) {
  const { t, term, dateTime } = useI18n();
  const ctx = view.context;
  const decision = ctx.decision as { decisionNo?: string } | null | undefined;
  const rows: [string, string | null][] = [
    [term('field', 'businessKey'), view.businessKey],
    [term('field', 'source'), str(ctx.source) && term('value', String(ctx.source))],
    [term('field', 'situation'), str(ctx.situation) && term('value', String(ctx.situation))],
    [term('field', 'facts'), str(ctx.facts)],
    [term('field', 'decisionNo'), str(decision?.decisionNo)],
    [t('outcome'), view.outcome && term('value', view.outcome)],
    [t('colUpdated'), dateTime(view.updatedAt)],
  ];
  return (
    <Panel title={t('context')} id="case-file">
      <dl className="kv">
        {rows
          .filter((r): r is [string, string] => Boolean(r[1]))
          .map(([k, v]) => (
            <div key={k} className="kv-row">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
    </Panel>
  );
}
