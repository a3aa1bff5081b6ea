import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app.config';
import { parseOverrides } from '../../config/app.config';
import { TIMEOUT_EVENT_PREFIX } from '../actor';
import type { WorkflowDefinition } from '../workflow.types';
import { ChinaBusinessCalendar, workingDaysFrom } from './business-calendar';
import type { DeadlineEntity } from '../persistence/deadline.entity';

/** What a transition's actions mean for deadlines, in the order XState returned them. */
export type DeadlineStep = { op: 'schedule'; row: DeadlineEntity } | { op: 'cancel'; sendId: string };

interface ActionLike {
  type: string;
  params?: unknown;
}

/** Turns XState's delayed `raise` and `cancel` actions into deadline rows, using the workflow's policy. */
@Injectable()
export class DeadlinePlanner {
  readonly calendar: ChinaBusinessCalendar;
  private readonly overrides: Record<string, string>;

  constructor(config: ConfigService<AppConfig, true>) {
    this.overrides = parseOverrides(config.get('DEADLINE_OVERRIDES', { infer: true }));
    this.calendar = new ChinaBusinessCalendar(workingDaysFrom(config.get('CALENDAR_FILE', { infer: true })));
  }

  plan(wf: WorkflowDefinition, actions: readonly ActionLike[], context: unknown, caseId: string, at: string) {
    const steps: DeadlineStep[] = [];
    for (const action of actions) {
      const params = (action.params ?? {}) as { id?: string; delay?: number; sendId?: string };
      if (action.type === 'xstate.cancel' && params.sendId?.startsWith(TIMEOUT_EVENT_PREFIX)) {
        steps.push({ op: 'cancel', sendId: params.sendId });
      } else if (action.type === 'xstate.raise' && params.delay !== undefined && params.id) {
        steps.push({ op: 'schedule', row: this.row(wf, params.id, context, caseId, at) });
      }
    }
    return steps;
  }

  /** The duration in force for a delay: the deployment's override by delay name or kind, else the policy's. */
  duration(wf: WorkflowDefinition, delay: string): string {
    const policy = wf.deadlines[delay];
    return this.overrides[delay] ?? this.overrides[policy.kind] ?? policy.duration;
  }

  private row(
    wf: WorkflowDefinition,
    sendId: string,
    context: unknown,
    caseId: string,
    at: string,
  ): DeadlineEntity {
    const delay = sendId.slice(TIMEOUT_EVENT_PREFIX.length).split('.')[0];
    const policy = wf.deadlines[delay];
    if (!policy) throw new Error(`Workflow ${wf.name} has no deadline policy for delay "${delay}"`);
    const duration = this.duration(wf, delay);
    const due = policy.due
      ? policy.due({ context, at, duration, calendar: this.calendar })
      : this.calendar.add(new Date(at), duration);
    return {
      id: randomUUID(),
      caseId,
      kind: policy.kind,
      dueAt: due.toISOString(),
      status: 'pending',
      sendId,
      flagsOverdue: policy.flagsOverdue,
      createdAt: at,
      firedAt: null,
      settledAt: null,
    };
  }
}
