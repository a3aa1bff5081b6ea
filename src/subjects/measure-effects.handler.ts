import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { EffectHandlers, type EffectContext, type EffectHandler } from '../engine/effects/effect.handlers';
import { SubjectFields } from '../engine/open-case.input';
import { validatePayload } from '../engine/payload.validator';
import { MeasureEntity, SubjectEntity } from '../engine/persistence/subject.entity';
import type { LiftMeasuresEffect, RecordMeasuresEffect, SubjectInput } from '../engine/workflow.types';

const instant = (iso: string) => new Date(iso).toISOString();

/**
 * `recordMeasures`: the measures join the subject's lifelong record, with the post they held then. A
 * measure naming another subject goes on a subject row of theirs tied to this case (by its measures):
 * one row per person and case, as the case named them first.
 */
@Injectable()
export class RecordMeasuresHandler implements EffectHandler<RecordMeasuresEffect> {
  readonly type = 'recordMeasures';

  constructor(handlers: EffectHandlers) {
    handlers.register(this);
  }

  async handle(
    effect: RecordMeasuresEffect,
    { manager, case: row, event, result }: EffectContext,
  ): Promise<void> {
    const own = await manager.findOneByOrFail(SubjectEntity, { id: row.subjectId });
    const rows = new Map<string, SubjectEntity>([[own.ref, own]]);
    for (const x of effect.measures) {
      const subject = x.subject ? await this.subjectRow(manager, rows, x.subject, row.id, event.at) : own;
      await manager.insert(MeasureEntity, {
        id: randomUUID(),
        subjectId: subject.id,
        subjectRef: subject.ref,
        caseId: row.id,
        // the case's unit after this step (a transfer in the same step moves it first or after: both hold)
        unitId: result.movedTo ?? row.unitId,
        type: x.type,
        detail: x.detail ?? null,
        // instants in the engine's form, which orders as text (the figures' year bounds in SQL)
        decidedAt: instant(x.decidedAt),
        impactUntil: x.impactUntil === undefined || x.impactUntil === null ? null : instant(x.impactUntil),
        organisation: subject.organisation,
        post: subject.post,
        liftedAt: null,
        liftedReason: null,
      });
    }
  }

  /** The case's row of `named` (its own subject, or one an earlier measure of the case created), or a new one. */
  private async subjectRow(
    manager: EntityManager,
    rows: Map<string, SubjectEntity>,
    named: SubjectInput,
    caseId: string,
    at: string,
  ): Promise<SubjectEntity> {
    // the workflow's word, checked like a client's subject: the record keeps what a case opening would
    await validatePayload('the subject a measure names', SubjectFields, named);
    const known =
      rows.get(named.ref) ??
      (await manager
        .createQueryBuilder(SubjectEntity, 's')
        .innerJoin(MeasureEntity, 'm', 'm.subject_id = s.id')
        .where('s.ref = :ref AND m.case_id = :caseId', { ref: named.ref, caseId })
        .getOne());
    if (known) return rows.set(named.ref, known).get(named.ref)!;
    const subject = manager.create(SubjectEntity, {
      id: randomUUID(),
      ref: named.ref,
      kind: named.kind,
      name: named.name,
      organisation: named.organisation ?? null,
      post: named.post ?? null,
      createdAt: at,
      updatedAt: at,
    });
    await manager.insert(SubjectEntity, subject);
    rows.set(named.ref, subject);
    return subject;
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
