import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { EffectHandlers, type EffectContext, type EffectHandler } from '../engine/effects/effect.handlers';
import { MeasureEntity, SubjectEntity } from '../engine/persistence/subject.entity';
import type { LiftMeasuresEffect, RecordMeasuresEffect } from '../engine/workflow.types';

/** `recordMeasures`: the measures join the subject's lifelong record, with the post they held then. */
@Injectable()
export class RecordMeasuresHandler implements EffectHandler<RecordMeasuresEffect> {
  readonly type = 'recordMeasures';

  constructor(handlers: EffectHandlers) {
    handlers.register(this);
  }

  async handle(effect: RecordMeasuresEffect, { manager, case: row }: EffectContext): Promise<void> {
    const subject = await manager.findOneByOrFail(SubjectEntity, { id: row.subjectId });
    await manager.insert(
      MeasureEntity,
      effect.measures.map((x) => ({
        id: randomUUID(),
        subjectId: row.subjectId,
        caseId: row.id,
        type: x.type,
        detail: x.detail ?? null,
        decidedAt: x.decidedAt,
        impactUntil: x.impactUntil ?? null,
        organisation: subject.organisation,
        post: subject.post,
        liftedAt: null,
        liftedReason: null,
      })),
    );
  }
}

/** `liftMeasures`: the case's measures still in force are lifted, with the reason. */
@Injectable()
export class LiftMeasuresHandler implements EffectHandler<LiftMeasuresEffect> {
  readonly type = 'liftMeasures';

  constructor(handlers: EffectHandlers) {
    handlers.register(this);
  }

  async handle(effect: LiftMeasuresEffect, { manager, case: row, event }: EffectContext): Promise<void> {
    await manager.update(
      MeasureEntity,
      { caseId: row.id, liftedAt: IsNull() },
      { liftedAt: event.at, liftedReason: effect.reason.slice(0, 500) },
    );
  }
}
