import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, post, readEvents } from '../api/client';
import type { components } from '../api/schema';
import { Link } from '../common/router';
import { ErrorNote, Loading } from '../common/ui';
import { useI18n, WorkflowTerms } from '../i18n/i18n';

type Notice = components['schemas']['NoticeDto'];
type NoticePage = components['schemas']['NoticePageDto'];

const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 30_000;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** The unread count, live from GET /notices/stream (reconnecting after a break). */
function useUnread(): [number | null, (n: number) => void] {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      let wait = FIRST_RETRY_MS;
      while (!abort.signal.aborted) {
        try {
          await readEvents(
            '/notices/stream',
            (data) => {
              wait = FIRST_RETRY_MS;
              const message = JSON.parse(data) as { unread?: unknown };
              if (typeof message.unread === 'number') setUnread(message.unread);
            },
            abort.signal,
          );
        } catch (error) {
          if (abort.signal.aborted) return;
          if (error instanceof ApiError && [401, 403].includes(error.status)) return;
        }
        await pause(wait, abort.signal);
        wait = Math.min(wait * 2, LAST_RETRY_MS);
      }
    })();
    return () => abort.abort();
  }, []);
  return [unread, setUnread];
}

/** One notice's line, in the words of its case's workflow. */
function NoticeLine({ notice }: { notice: Notice }) {
  const { t, eventName, term, dateTime } = useI18n();
  const p = notice.params as { events?: string[]; message?: string; deadlineKind?: string; dueAt?: string };
  if (notice.kind === 'work')
    return <>{t('noticeWork', { events: (p.events ?? []).map(eventName).join('、') })}</>;
  if (notice.kind === 'urge') return <>{t('noticeUrge', { message: p.message ?? '' })}</>;
  return (
    <>
      {t('noticeDueSoon', {
        deadline: p.deadlineKind ? term('deadline', p.deadlineKind) : '',
        date: dateTime(p.dueAt),
      })}
    </>
  );
}

/** 通知: a bell with the unread count in the top bar; opens the latest notices, each a link to its case. */
export function NoticeBell() {
  const { t, dateTime } = useI18n();
  const [unread, setUnread] = useUnread();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState<NoticePage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    setError(null);
    get<NoticePage>('/notices?limit=20').then(
      (p) => {
        setPage(p);
        setUnread(p.unread);
      },
      (e: unknown) => setError(e),
    );
  }, [setUnread]);

  useEffect(() => {
    if (open) load();
  }, [open, load, unread]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const markRead = async (n: Notice) => {
    if (n.read) return;
    try {
      const r = await post<{ unread: number }>(`/notices/${n.id}/read`, {});
      setUnread(r.unread);
      setPage((p) => p && { ...p, items: p.items.map((i) => (i.id === n.id ? { ...i, read: true } : i)) });
    } catch (e) {
      setError(e);
    }
  };

  const count = unread ?? 0;
  return (
    <div className="bell" ref={box}>
      <button
        type="button"
        className="btn btn-small bell-button"
        aria-expanded={open}
        aria-controls="notice-panel"
        aria-label={count ? t('noticesUnread', { n: count }) : t('noticesBell')}
        title={count ? t('noticesUnread', { n: count }) : t('noticesBell')}
        data-testid="notice-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg className="bell-icon" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
          <path
            fill="currentColor"
            d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v3L2 11v1h12v-1l-1.5-2V6A4.5 4.5 0 0 0 8 1.5Zm-1.75 11.5a1.75 1.75 0 0 0 3.5 0Z"
          />
        </svg>{' '}
        {t('noticesBell')}
        {count > 0 && (
          <span className="nav-count" data-testid="notice-count">
            {count}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" id="notice-panel" role="region" aria-label={t('noticesTitle')}>
          {error !== null && <ErrorNote error={error} />}
          {!page && error === null && <Loading />}
          {page && page.items.length === 0 && <p className="empty">{t('noticesEmpty')}</p>}
          {page && page.items.length > 0 && (
            <ul className="notice-list" data-testid="notice-list">
              {page.items.map((n) => (
                <li key={n.id} className={n.read ? 'notice read' : 'notice unread'} data-kind={n.kind}>
                  <WorkflowTerms workflow={n.case.workflow}>
                    <span className={`notice-kind notice-kind-${n.kind}`}>
                      {t(`noticeKind_${n.kind}` as 'noticeKind_work')}
                    </span>{' '}
                    <Link
                      href={`/cases/${n.case.id}`}
                      onClick={() => {
                        void markRead(n);
                        setOpen(false);
                      }}
                    >
                      {n.case.title}
                    </Link>
                    <div className="notice-text">
                      <NoticeLine notice={n} />
                    </div>
                    <div className="muted">
                      <span className="mono">{n.case.businessKey}</span> · {dateTime(n.at)}
                      {!n.read && (
                        <>
                          {' · '}
                          <button type="button" className="linklike" onClick={() => void markRead(n)}>
                            {t('noticesMarkRead')}
                          </button>
                        </>
                      )}
                    </div>
                  </WorkflowTerms>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
