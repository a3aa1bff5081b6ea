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
}

export type CaseEvent =
  | { type: 'SEND'; action: PendingAction }
  | { type: 'RETRY' }
  | { type: 'DISCARD' }
  | { type: 'RELOAD' }
  | { type: 'DISMISS' };

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
  }),
  initial: 'loading',
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
        DISMISS: { actions: assign({ done: null, actionError: null }) },
      },
    },
    submitting: {
      invoke: {
        src: 'send',
        input: ({ context }) => ({
          caseId: context.caseId,
          revision: context.data!.case.revision,
          action: context.pending!,
        }),
        onDone: {
          target: 'ready',
          actions: assign({
            data: ({ event }) => event.output,
            done: ({ context }) => context.pending?.type ?? null,
            pending: null,
          }),
        },
        onError: [
          {
            guard: 'isConflict',
            target: 'conflict',
            actions: assign({
              conflict: ({ context, event }) => {
                const latest = (event.error as ConflictError).latest;
                const before = context.data!.case;
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
          actions: assign({ data: ({ context }) => context.conflict!.after, conflict: null }),
        },
        DISCARD: {
          target: 'ready',
          actions: assign({ data: ({ context }) => context.conflict!.after, conflict: null, pending: null }),
        },
      },
    },
    error: {
      on: { RETRY: 'loading', RELOAD: 'loading' },
    },
  },
});
