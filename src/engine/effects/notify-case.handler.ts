import { Injectable } from '@nestjs/common';
import type { NotifyCaseEffect } from '../workflow.types';
import { WriteCore } from '../write-core';
import { EffectHandlers, type EffectContext, type EffectHandler } from './effect.handlers';

/**
 * `notifyCase`: a case tells another (usually the one that opened it) what happened, in the same
 * transaction, through the write core's one path, so both chains record it or neither does.
 */
@Injectable()
export class NotifyCaseHandler implements EffectHandler<NotifyCaseEffect> {
  readonly type = 'notifyCase';

  constructor(
    handlers: EffectHandlers,
    private readonly writeCore: WriteCore,
  ) {
    handlers.register(this);
  }

  async handle(effect: NotifyCaseEffect, { manager, event, result }: EffectContext): Promise<void> {
    await this.writeCore.applyLinked(manager, effect.caseId, effect.event, effect.payload, event.at, result);
  }
}
