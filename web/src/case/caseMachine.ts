import { assign, fromPromise, setup } from 'xstate';
import { ApiError, get, request } from '../api/client';
import type { CaseView, HistoryEntry, SubjectRecord, VerifyResult, Workflow } from '../api/types';
import { loadWorkflow } from '../api/workflows';

/** Everything the case page shows. */
export interface Loaded {
  case: CaseView;
  workflow: Workflow;
  history: HistoryEntry[];
  verify: VerifyResult | null;
  subject: SubjectRecord | null;
}

export interface PendingAction {
  type: string;
  payload: Record<string, unknown>;
  /** The revision shown when the user opened the form (a 409 if the case moved on since). */
  revision?: number;
}

/** The case was brought up to date after someone else changed it (live refresh). */
export interface Updated {
  revision: number;
  /** Who made the newest change (its history row's actor). */
  by: HistoryEntry | null;
}

export interface Conflict {
  /** What the page showed when the user acted. */
  before: CaseView;
  /** The case as it is now. */
  after: Loaded;
  /** The history rows written since. */
  changes: HistoryEntry[];
}

/** A 409 on send, carrying the case as it is now. */
export class ConflictError extends Error {
  constructor(readonly latest: Loaded) {
    super('The case has moved on');
  }
}

async function loadRest(c: CaseView): Promise<Loaded> {
  const [workflow, history, verify, subject] = await Promise.all([
    loadWorkflow(c.workflow),
    get<HistoryEntry[]>(`/cases/${c.id}/history`),
    get<VerifyResult>(`/cases/${c.id}/verify`).catch(() => null),
    c.subject ? get<SubjectRecord>(`/subjects/${c.subject.id}`).catch(() => null) : Promise.resolve(null),
  ]);
  return { case: c, workflow, history, verify, subject };
}

export async function loadCase(caseId: string): Promise<Loaded> {
  return loadRest(await get<CaseView>(`/cases/${caseId}`));
}

/** Sends the event with If-Match: the revision the page shows. On 409 it fetches the case as it is now. */
export async function sendEvent(input: {
  caseId: string;
  revision: number;
  action: PendingAction;
}): Promise<Loaded> {
  const { caseId, revision, action } = input;
  try {
    const reply = await request<CaseView>('POST', `/cases/${caseId}/events`, {
      body: { type: action.type, payload: action.payload },
      headers: { 'if-match': `"${revision}"` },
    });
    return await loadRest(reply.data);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) throw new ConflictError(await loadCase(caseId));
    throw error;
  }
}

/** 督办: a message on the case's chain about one of its deadlines (POST /cases/:id/urge). */
export async function urgeCase(caseId: string, deadlineId: string, message: string): Promise<void> {
  await request('POST', `/cases/${caseId}/urge`, { body: { message, deadlineId } });
}

export interface CaseContext {
  caseId: string;
  data: Loaded | null;
  loadError: unknown;
  pending: PendingAction | null;
  /** The server's 400 problems for the form of this event. */
  problems: { event: string; messages: string[] } | null;
  /** A refusal other than 400 and 409 (403, 422, network). */
  actionError: { event: string; error: unknown } | null;
  done: string | null;
  conflict: Conflict | null;
  /** The newest revision the live stream announced. */
  known: number;
  updated: Updated | null;
  /** Counts this page's own successful sends: the action forms start afresh after each. */
  sent: number;
}

export type CaseEvent =
  | { type: 'SEND'; action: PendingAction }
  | { type: 'RETRY' }
  | { type: 'DISCARD' }
  | { type: 'RELOAD' }
  | { type: 'DISMISS' }
  | { type: 'CHANGED'; revision: number };

/** The case page: loading → ready ⇄ submitting → (conflict → retry | discard), and error. */
export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as { caseId: string },
  },
  actors: {
    load: fromPromise<Loaded, { caseId: string }>(({ input }) => loadCase(input.caseId)),
    send: fromPromise<Loaded, { caseId: string; revision: number; action: PendingAction }>(({ input }) =>
      sendEvent(input),
    ),
  },
  guards: {
    isConflict: ({ event }) => 'error' in event && event.error instanceof ConflictError,
    isBadPayload: ({ event }) =>
      'error' in event && event.error instanceof ApiError && event.error.status === 400,
    isBehind: ({ context }) => context.data !== null && context.known > context.data.case.revision,
    mayRetry: ({ context }) =>
      Boolean(
        context.conflict &&
        context.pending &&
        context.conflict.after.case.yourEvents.includes(context.pending.type),
      ),
  },
}).createMachine({
  id: 'casePage',
  context: ({ input }) => ({
    caseId: input.caseId,
    data: null,
    loadError: null,
    pending: null,
    problems: null,
    actionError: null,
    done: null,
    conflict: null,
    known: 0,
    updated: null,
    sent: 0,
  }),
  initial: 'loading',
  on: {
    CHANGED: { actions: assign({ known: ({ context, event }) => Math.max(context.known, event.revision) }) },
  },
  states: {
    loading: {
      invoke: {
        src: 'load',
        input: ({ context }) => ({ caseId: context.caseId }),
        onDone: { target: 'ready', actions: assign({ data: ({ event }) => event.output, loadError: null }) },
        onError: { target: 'error', actions: assign({ loadError: ({ event }) => event.error }) },
      },
    },
    ready: {
      always: { guard: 'isBehind', target: 'refreshing' },
      on: {
        SEND: {
          target: 'submitting',
          actions: assign({
            pending: ({ event }) => event.action,
            problems: null,
            actionError: null,
            done: null,
          }),
        },
        RELOAD: 'loading',
        DISMISS: { actions: assign({ done: null, actionError: null, updated: null }) },
      },
    },
    // Someone else changed the case: read it again; an open form stays as it is.
    refreshing: {
      invoke: {
        src: 'load',
        input: ({ context }) => ({ caseId: context.caseId }),
        onDone: {
          target: 'ready',
          actions: assign({
            updated: ({ context, event }) => {
              const before = context.data!.case.revision;
              if (event.output.case.revision <= before) return context.updated;
              const newest = event.output.history.filter((h) => h.seq > before).at(-1) ?? null;
              return { revision: event.output.case.revision, by: newest };
            },
            data: ({ context, event }) =>
              event.output.case.revision >= context.data!.case.revision ? event.output : context.data,
            known: ({ context, event }) => Math.max(context.known, event.output.case.revision),
          }),
        },
        // A failed refresh leaves the page as it was; the next announcement tries again.
        onError: {
          target: 'ready',
          actions: assign({ known: ({ context }) => context.data!.case.revision }),
        },
      },
      on: {
        SEND: {
          target: 'submitting',
          actions: assign({
            pending: ({ event }) => event.action,
            problems: null,
            actionError: null,
            done: null,
          }),
        },
        DISMISS: { actions: assign({ done: null, actionError: null, updated: null }) },
      },
    },
    submitting: {
      invoke: {
        src: 'send',
        input: ({ context }) => ({
          caseId: context.caseId,
          revision: context.pending!.revision ?? context.data!.case.revision,
          action: context.pending!,
        }),
        onDone: {
          target: 'ready',
          actions: assign({
            data: ({ event }) => event.output,
            done: ({ context }) => context.pending?.type ?? null,
            pending: null,
            updated: null,
            sent: ({ context }) => context.sent + 1,
          }),
        },
        onError: [
          {
            guard: 'isConflict',
            target: 'conflict',
            actions: assign({
              conflict: ({ context, event }) => {
                const latest = (event.error as ConflictError).latest;
                // what the user saw when opening the form (the page may have been refreshed since)
                const shown = context.data!.case;
                const revision = context.pending!.revision ?? shown.revision;
                const state = latest.history.find((h) => h.seq === revision)?.to ?? shown.state;
                const before = { ...shown, revision, state };
                return {
                  before,
                  after: latest,
                  changes: latest.history.filter((h) => h.seq > before.revision),
                };
              },
            }),
          },
          {
            guard: 'isBadPayload',
            target: 'ready',
            actions: assign({
              problems: ({ context, event }) => ({
                event: context.pending!.type,
                messages: (event.error as ApiError).problems.length
                  ? (event.error as ApiError).problems
                  : [(event.error as ApiError).message],
              }),
            }),
          },
          {
            target: 'ready',
            actions: assign({
              actionError: ({ context, event }) => ({ event: context.pending!.type, error: event.error }),
            }),
          },
        ],
      },
    },
    conflict: {
      on: {
        RETRY: {
          guard: 'mayRetry',
          target: 'submitting',
          actions: assign({
            data: ({ context }) => context.conflict!.after,
            // sent again against the case as it is now
            pending: ({ context }) => ({ ...context.pending!, revision: undefined }),
            conflict: null,
          }),
        },
        DISCARD: {
          target: 'ready',
          actions: assign({
            data: ({ context }) => context.conflict!.after,
            conflict: null,
            pending: null,
            sent: ({ context }) => context.sent + 1,
          }),
        },
      },
    },
    error: {
      on: { RETRY: 'loading', RELOAD: 'loading' },
    },
  },
});
