import { ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useI18n } from '../i18n/i18n';

/** As GET /workflows/{name}/rules publishes it, without the guards. */
type RefusingRule = Pick<components['schemas']['WorkflowRule'], 'id' | 'source' | 'text'>;

/** The rule a refusal names (the 422's details.rule), if it names one. */
export function refusingRule(error: unknown): RefusingRule | null {
  if (!(error instanceof ApiError)) return null;
  const rule = error.body.details?.rule as Partial<RefusingRule> | undefined;
  return rule?.id && rule.source && rule.text ? (rule as RefusingRule) : null;
}

/** The rule that refused an event, quoted in the user's language: 依据《…》第…条：…. */
export function RuleQuote({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  const rule = refusingRule(error);
  if (!rule) return null;
  return (
    <p className="rule-quote" data-testid="rule-quote" data-rule={rule.id}>
      {t('ruleQuote', { source: rule.source[lang], text: rule.text[lang] })}
    </p>
  );
}
