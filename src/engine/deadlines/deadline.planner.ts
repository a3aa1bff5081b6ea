import { randomUUID } from 'node:crypto';
import { TIMEOUT_EVENT_PREFIX } from '../actor';
import type { DeadlineEntity } from '../persistence/deadline.entity';
import type { DeadlinePolicy, WorkflowDefinition } from '../workflow.types';
import type { ChinaBusinessCalendar } from './business-calendar';

/** What a transition's actions mean for deadlines, in the order XState returned them. */
export type DeadlineStep = { op: 'schedule'; row: DeadlineEntity } | { op: 'cancel'; sendId: string };

interface ActionLike {
  type: string;
  params?: unknown;
}

export interface DeadlineSettings {
  /** Deployment overrides of durations, by delay name or deadline kind (DEADLINE_OVERRIDES). */
  overrides: Record<string, string>;
  calendar: ChinaBusinessCalendar;
}

/** A due time and whether it was counted on provisional working days. */
export interface PlannedDue {
  dueAt: string;
  provisional: boolean;
}

/** The delay name of a timeout event or send id: `xstate.after.<delay>.<stateId>` → `<delay>`. */
export function delayOf(sendId: string): string {
  return sendId.slice(TIMEOUT_EVENT_PREFIX.length).split('.')[0];
}

/** The policy of a deadline row's delay in a workflow, if it still has one. */
export function policyOf(wf: WorkflowDefinition, sendId: string): DeadlinePolicy | undefined {
  const delay = delayOf(sendId);
  return Object.hasOwn(wf.deadlines, delay) ? wf.deadlines[delay] : undefined;
}

/** The case a limit is planned for: its id and its handling unit (the row carries both). */
export interface DeadlineOwner {
  id: string;
  unitId: string;
}

/** Turns XState's delayed `raise` and `cancel` actions into deadline rows, using the workflow's policy. */
export class DeadlinePlanner {
  readonly calendar: ChinaBusinessCalendar;
  private readonly overrides: Record<string, string>;

  constructor(settings: DeadlineSettings) {
    this.overrides = settings.overrides;
    this.calendar = settings.calendar;
  }

  plan(
    wf: WorkflowDefinition,
    actions: readonly ActionLike[],
    context: unknown,
    owner: DeadlineOwner,
    at: string,
  ) {
    const steps: DeadlineStep[] = [];
    for (const action of actions) {
      const params = (action.params ?? {}) as { id?: string; delay?: number; sendId?: string };
      if (action.type === 'xstate.cancel' && params.sendId?.startsWith(TIMEOUT_EVENT_PREFIX)) {
        steps.push({ op: 'cancel', sendId: params.sendId });
      } else if (action.type === 'xstate.raise' && params.delay !== undefined && params.id) {
        steps.push({ op: 'schedule', row: this.row(wf, params.id, context, owner, at) });
      }
    }
    return steps;
  }

  /** The duration in force for a delay: the deployment's override by delay name or kind, else the policy's. */
  duration(wf: WorkflowDefinition, delay: string): string {
    const policy = wf.deadlines[delay];
    return this.overrides[delay] ?? this.overrides[policy.kind] ?? policy.duration;
  }

  /** When a limit set at `at` falls due, on today's calendar (also used to re-plan provisional rows). */
  due(wf: WorkflowDefinition, sendId: string, context: unknown, at: string): PlannedDue {
    const delay = delayOf(sendId);
    const policy = policyOf(wf, sendId);
    if (!policy) throw new Error(`Workflow ${wf.name} has no deadline policy for delay "${delay}"`);
    const duration = this.duration(wf, delay);
    const { value, provisional } = this.calendar.traced(() =>
      policy.due
        ? policy.due({ context, at, duration, calendar: this.calendar })
        : this.calendar.add(new Date(at), duration),
    );
    return { dueAt: value.toISOString(), provisional };
  }

  private row(
    wf: WorkflowDefinition,
    sendId: string,
    context: unknown,
    owner: DeadlineOwner,
    at: string,
  ): DeadlineEntity {
    const { dueAt, provisional } = this.due(wf, sendId, context, at);
    const policy = wf.deadlines[delayOf(sendId)];
    return {
      id: randomUUID(),
      caseId: owner.id,
      unitId: owner.unitId,
      kind: policy.kind,
      dueAt,
      status: 'pending',
      sendId,
      flagsOverdue: policy.flagsOverdue,
      provisional,
      createdAt: at,
      firedAt: null,
      settledAt: null,
    };
  }
}
