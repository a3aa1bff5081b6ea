import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ERRORS_ZH, STATUS_ZH } from '../i18n/terms';

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
 * An error as people read it: in Chinese, the service's error code (or the HTTP status) translated, with
 * the service's own (English) message kept as the detail; in English, the service's message.
 */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems : [];
  const api = error instanceof ApiError ? error : null;
  // "not now" (EVENT_NOT_ALLOWED) and "not with this payload" (EVENT_GUARD_FAILED) have codes of their own
  const code = api?.body.code;
  const translated = lang === 'zh' && api ? ((code && ERRORS_ZH[code]) ?? STATUS_ZH[api.status]) : undefined;
  return (
    <div className="error-note" role="alert" data-code={api?.body.code}>
      <strong>{api?.status ? `${api.status} · ` : ''}</strong>
      {translated ?? message}
      {translated && (
        <span className="error-detail" lang="en">
          {t('serverSaid')} {message}
        </span>
      )}
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
