import { useEffect, useState } from 'react';
import { get, query } from '../api/client';
import type { CaseSummary, CaseView, Page, Workflow } from '../api/types';
import { useWorkflows } from '../api/workflows';
import { useSession } from '../auth/session';

export interface InboxItem {
  summary: CaseSummary;
  yourEvents: string[];
}

/** At most this many active cases are looked at (pages of 100), and this many asked about. */
const MAX_PAGES = 5;
const MAX_ASKED = 100;

/**
 * Whether a case in these states may take one of `events` by the machine's graph: a transition on
 * it from one of the states or from a state holding one. Guards are not known here: the case's own
 * answer (GET /cases/:id → yourEvents) decides.
 */
function mayTake(wf: Workflow, states: string[], events: Set<string>): boolean {
  return wf.machine.transitions.some(
    (tr) => events.has(tr.event) && states.some((s) => s === tr.source || s.startsWith(`${tr.source}.`)),
  );
}

/**
 * 我的待办: the active cases, across all workflows, in which the signed-in user may act now. The
 * active cases the user reads (GET /cases) are narrowed by the workflows' graphs to those where an
 * event of the user's roles leads out of their state, then each is asked for its yourEvents.
 * Reloaded when `refresh` changes (the nav passes the path: after each move in the workbench).
 */
export function useInbox(refresh: unknown): { items: InboxItem[] | null; error: unknown } {
  const { user } = useSession();
  const workflows = useWorkflows();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const roles = (user?.roles ?? []).join(',');

  useEffect(() => {
    if (!workflows || !roles) return;
    let live = true;
    const mine = new Set(roles.split(','));
    const eventsOf = new Map(
      workflows.map((w) => [
        w.name,
        new Set(w.events.filter((e) => e.roles.some((r) => mine.has(r))).map((e) => e.type)),
      ]),
    );
    void (async () => {
      const active: CaseSummary[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page: Page<CaseSummary> = await get<Page<CaseSummary>>(
          `/cases${query({ status: 'active', limit: 100, cursor })}`,
        );
        active.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      const candidates = active
        .filter((c) => {
          const wf = workflows.find((w) => w.name === c.workflow);
          const events = eventsOf.get(c.workflow);
          return wf && events && events.size > 0 && mayTake(wf, c.states, events);
        })
        .slice(0, MAX_ASKED);
      const views = await Promise.all(
        candidates.map((c) =>
          get<CaseView>(`/cases/${c.id}`).then(
            (v) => ({ summary: c, yourEvents: v.yourEvents }),
            () => ({ summary: c, yourEvents: [] as string[] }),
          ),
        ),
      );
      if (live) {
        setItems(views.filter((v) => v.yourEvents.length > 0));
        setError(null);
      }
    })().catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [workflows, roles, refresh]);

  return { items, error };
}
