import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CaseOpener } from '../case-opener';
import { validatePayload } from '../payload.validator';
import { CaseEntity } from '../persistence/case.entity';
import { Jurisdiction } from '../units/jurisdiction';
import { WorkflowRegistry } from '../workflow.registry';
import type { OpenCaseEffect } from '../workflow.types';
import { EffectHandlers, type EffectContext, type EffectHandler } from './effect.handlers';

/**
 * `openCase`: opens a case in any deployed workflow inside the asking case's transaction, linked
 * both ways. Its business key derives from the asking case, so the same effect never opens two.
 */
@Injectable()
export class OpenCaseHandler implements EffectHandler<OpenCaseEffect> {
  readonly type = 'openCase';

  constructor(
    handlers: EffectHandlers,
    private readonly registry: WorkflowRegistry,
    private readonly opener: CaseOpener,
    private readonly jurisdiction: Jurisdiction,
  ) {
    handlers.register(this);
  }

  async handle(effect: OpenCaseEffect, { manager, case: from, event, actor, result }: EffectContext) {
    const wf = this.registry.latest(effect.workflow);
    const payload = await validatePayload(
      `an ${effect.relation} case in ${wf.name}`,
      wf.open.payload,
      effect.payload,
    );
    const businessKey = fitKey(`${from.businessKey}/${effect.relation}/${effect.subject.ref}`);
    if (await manager.findOneBy(CaseEntity, { workflow: wf.name, businessKey })) return;
    const title = effect.title.slice(0, 500); // the title column's width
    const command = { businessKey, title, subject: effect.subject, payload };
    const unitId = effect.unit ?? from.unitId;
    await this.jurisdiction.assertExists(unitId, manager);
    const linked = await this.opener.create(manager, wf, command, actor, event.at, unitId, {
      caseId: from.id,
      relation: effect.relation,
    });
    result.scheduled.push(...linked.scheduled);
  }
}

/** A derived business key that fits the column (200): long ones keep a prefix and end in a hash of the whole. */
function fitKey(key: string): string {
  if (key.length <= 200) return key;
  return `${key.slice(0, 129)}#${createHash('sha256').update(key).digest('hex')}`;
}
