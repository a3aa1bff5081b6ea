import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { messageOf } from '../i18n/messages';
import { STATUS_ZH } from '../i18n/terms';

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'ok' | 'warn' | 'bad' | 'info';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Panel({
  title,
  id,
  children,
  actions,
}: {
  title: string;
  id?: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section className="panel" aria-labelledby={headingId} id={id}>
      <header className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/**
 * An error as people read it: rendered from the service's message code and parameters (messageCode,
 * params) in the reader's language, times in Beijing time. In English, a code without words here shows
 * the service's own message and its problems; in Chinese, the code's or the status's words, never the
 * service's English text.
 */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const message = error instanceof Error ? error.message : String(error);
  const api = error instanceof ApiError ? error : null;
  const rendered = api ? messageOf(api.body, api.status, i18n) : null;
  const problems = api && lang === 'en' && !rendered ? api.problems : [];
  const shown = rendered ?? (lang === 'zh' ? STATUS_ZH[0] : message);
  return (
    <div
      className="error-note"
      role="alert"
      data-code={api?.body.code}
      data-message-code={api?.body.messageCode}
    >
      <strong>{api?.status ? `${api.status} · ` : ''}</strong>
      {shown}
      {problems.length > 0 && (
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}
