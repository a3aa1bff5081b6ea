import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../actor';
import type { CommitResult } from '../engine.listener';
import type { CaseEntity } from '../persistence/case.entity';
import { WorkflowRegistry } from '../workflow.registry';
import type {
  BusinessCalendar,
  EffectType,
  Language,
  MachineEvent,
  WorkflowDefinition,
  WorkflowEffect,
} from '../workflow.types';
import type { AnyMachineSnapshot } from 'xstate';

/** Where an effect runs: inside the transition's transaction, after the case row and history row. */
export interface EffectContext {
  manager: EntityManager;
  workflow: WorkflowDefinition;
  /** The case as it was before the transition (id, subject, business key do not change). */
  case: CaseEntity;
  event: MachineEvent;
  actor: Actor;
  result: CommitResult;
}

export interface EffectHandler<E extends WorkflowEffect = WorkflowEffect> {
  readonly type: E['type'];
  handle(effect: E, context: EffectContext): Promise<void>;
  /** The checks `handle` would refuse on, without writing: so that a dry run predicts the refusal. */
  check?(effect: E, caseRow: CaseEntity): Promise<void>;
}

/**
 * Effect handlers by type. Capability modules register theirs when they are constructed; at start
 * every effect type a workflow declares must have one, or the service refuses to start.
 */
@Injectable()
export class EffectHandlers implements OnApplicationBootstrap {
  private readonly byType = new Map<string, EffectHandler>();

  constructor(private readonly registry: WorkflowRegistry) {}

  register<E extends WorkflowEffect>(handler: EffectHandler<E>): void {
    if (this.byType.has(handler.type)) throw new Error(`Effect type ${handler.type} has two handlers`);
    this.byType.set(handler.type, handler as unknown as EffectHandler);
  }

  onApplicationBootstrap(): void {
    for (const wf of this.registry.everyVersion()) {
      const missing = wf.effectTypes.filter((t) => !this.byType.has(t));
      if (missing.length) {
        throw new Error(
          `Workflow ${wf.name}@${wf.version} declares effects with no handler: ${missing.join(', ')} ` +
            `(handlers: ${[...this.byType.keys()].join(', ') || 'none'})`,
        );
      }
    }
  }

  /** A transition's effects, as its workflow derives them from the snapshots before and after it. */
  of(
    wf: WorkflowDefinition,
    step: { before: AnyMachineSnapshot; after: AnyMachineSnapshot; event: MachineEvent },
    calendar: BusinessCalendar,
    language: Language,
  ): WorkflowEffect[] {
    const { before, after, event } = step;
    return wf.effects({
      before: { value: before.value, context: before.context },
      after: { value: after.value, context: after.context },
      event,
      calendar,
      language,
    });
  }

  /** What a dry run can know: each effect's handler checks it without writing. */
  async check(effects: WorkflowEffect[], caseRow: CaseEntity): Promise<void> {
    for (const effect of effects) await this.byType.get(effect.type)?.check?.(effect, caseRow);
  }

  /** Carries out a transition's effects in order; an undeclared or unhandled type is a workflow bug. */
  async run(effects: WorkflowEffect[], context: EffectContext): Promise<void> {
    for (const effect of effects) {
      const declared: readonly EffectType[] = context.workflow.effectTypes;
      const handler = this.byType.get(effect.type);
      if (!declared.includes(effect.type) || !handler) {
        throw new Error(`Workflow ${context.workflow.name} returned an undeclared effect ${effect.type}`);
      }
      await handler.handle(effect, context);
    }
  }
}
