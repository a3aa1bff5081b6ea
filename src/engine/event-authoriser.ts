import { DEADLINE_ACTOR, TIMEOUT_EVENT_PREFIX, type Actor } from './actor';
import { checkRole } from './case-opener';
import { EngineErrorCode, ForbiddenError, UserInputError } from './errors';
import { payloadClassFor } from './payload-variants';
import { validatePayload } from './payload.validator';
import type { CaseEntity } from './persistence/case.entity';
import type { Jurisdiction } from './units/jurisdiction';
import type { WorkflowDefinition } from './workflow.types';

/** Role and payload checks; timeout events come only from the deadline timer inside this process. */
export async function authoriseEvent(
  wf: WorkflowDefinition,
  found: CaseEntity,
  type: string,
  payload: unknown,
  actor: Actor,
  /** The deadline row being fired, when the deadline timer sends the event. */
  deadline: unknown,
  jurisdiction: Jurisdiction,
): Promise<Record<string, unknown>> {
  if (type.startsWith(TIMEOUT_EVENT_PREFIX)) {
    if (actor !== DEADLINE_ACTOR || !deadline) {
      throw new ForbiddenError(
        EngineErrorCode.ROLE_FORBIDDEN,
        'Only the deadline timer sends timeout events',
      );
    }
    return {};
  }
  if (Object.hasOwn(wf.linkedEvents ?? {}, type)) {
    throw new ForbiddenError(
      EngineErrorCode.ROLE_FORBIDDEN,
      `${type} is sent only by a linked case of this ${wf.name} case, never by a user`,
    );
  }
  // Own keys only: `__proto__`, `constructor`, `toString`… are unknown events, not Object.prototype members.
  const policy = Object.hasOwn(wf.events, type) ? wf.events[type] : undefined;
  if (!policy) {
    throw new UserInputError(
      EngineErrorCode.EVENT_UNKNOWN,
      `Unknown event "${type}" for workflow ${wf.name}`,
      {
        known: Object.keys(wf.events),
      },
    );
  }
  checkRole(policy.roles, actor, `send ${type}`);
  jurisdiction.assertActs(actor, found.unitId, policy.reach === 'above');
  // The stored context is read only for events whose payload rules depend on the case.
  const context = () => (JSON.parse(found.snapshot) as { context: unknown }).context;
  return validatePayload(type, payloadClassFor(policy, context), payload);
}
