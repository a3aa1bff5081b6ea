import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EngineErrorCode, UserInputError } from '../errors';
import { CaseEntity } from '../persistence/case.entity';
import { DeadlineEntity } from '../persistence/deadline.entity';
import { MeasureEntity } from '../persistence/subject.entity';
import { Jurisdiction } from '../units/jurisdiction';
import type { TransferUnitEffect } from '../workflow.types';
import { EffectHandlers, type EffectContext, type EffectHandler } from './effect.handlers';

/**
 * `transferUnit`: the case moves to another handling unit in the same transaction as its history row,
 * with the rows it owns (measures, time limits).
 */
@Injectable()
export class TransferUnitHandler implements EffectHandler<TransferUnitEffect> {
  readonly type = 'transferUnit';

  constructor(
    handlers: EffectHandlers,
    private readonly jurisdiction: Jurisdiction,
  ) {
    handlers.register(this);
  }

  async handle(effect: TransferUnitEffect, { manager, case: row, result }: EffectContext): Promise<void> {
    await this.check(effect, { ...row, unitId: result.movedTo ?? row.unitId }, manager);
    await manager.update(CaseEntity, { id: row.id }, { unitId: effect.unit });
    // the rows the case owns are counted by their unit (GET /indices): they move with it
    for (const owned of [MeasureEntity, DeadlineEntity]) {
      await manager.update(owned, { caseId: row.id }, { unitId: effect.unit });
    }
    result.movedTo = effect.unit;
  }

  async check(effect: TransferUnitEffect, row: CaseEntity, manager?: EntityManager): Promise<void> {
    await this.jurisdiction.assertExists(effect.unit, manager);
    if (effect.unit === row.unitId) {
      throw new UserInputError(
        EngineErrorCode.PAYLOAD_INVALID,
        `The case is handled by ${row.unitId} already: name another unit`,
      );
    }
  }
}
