import { useEffect, useState } from 'react';
import { get, query } from '../api/client';
import type { components } from '../api/schema';
import { useSession } from '../auth/session';

export type InboxItem = components['schemas']['InboxItem'];
export type InboxPage = components['schemas']['InboxPage'];

/**
 * 我的待办: the service's answer (GET /inbox) — the active cases within the user's reach that wait
 * for an event the user may send now, side moves (take-over, transfer…) left out. The service looks
 * at a bounded number of the newest cases waiting for the user's roles; `more()` goes on with the older ones.
 * Reloaded when `refresh` changes (the nav passes the path: after each move in the workbench).
 */
export function useInbox(refresh: unknown): {
  items: InboxItem[] | null;
  scanned: number;
  more: (() => void) | null;
  error: unknown;
} {
  const { user } = useSession();
  const [pages, setPages] = useState<InboxPage[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const sub = user?.sub ?? '';

  useEffect(() => setCursor(null), [sub, refresh]);

  useEffect(() => {
    if (!sub) return;
    let live = true;
    get<InboxPage>(`/inbox${query({ cursor })}`).then(
      (page) => {
        if (!live) return;
        setPages((prev) => (cursor && prev ? [...prev, page] : [page]));
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [sub, refresh, cursor]);

  const last = pages?.at(-1);
  return {
    items: pages ? pages.flatMap((p) => p.items) : null,
    scanned: pages ? pages.reduce((n, p) => n + p.scanned, 0) : 0,
    more: last?.nextCursor ? () => setCursor(last.nextCursor) : null,
    error,
  };
}
