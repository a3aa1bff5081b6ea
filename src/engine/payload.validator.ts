import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { EngineErrorCode, EngineException } from './engine.errors';
import type { PayloadClass } from './workflow.types';

/** Validates an event payload against its class; unknown properties are refused, not dropped. */
export async function validatePayload(
  eventType: string,
  cls: PayloadClass | undefined,
  payload: unknown,
): Promise<Record<string, unknown>> {
  const value = payload ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(eventType, ['payload must be a JSON object']);
  }
  const plain = value as Record<string, unknown>;
  if (!cls) {
    if (Object.keys(plain).length) throw invalid(eventType, [`${eventType} takes no payload`]);
    return plain;
  }
  const errors = await validate(plainToInstance(cls, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length) throw invalid(eventType, flattenErrors(errors));
  return plain;
}

export function flattenErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? prefix + m : `${path}: ${m}`,
    );
    return [...own, ...flattenErrors(e.children ?? [], `${path}.`)];
  });
}

function invalid(eventType: string, problems: string[]): EngineException {
  return new EngineException(
    EngineErrorCode.PAYLOAD_INVALID,
    `Invalid payload for ${eventType}: ${problems.join('; ')}`,
    { problems },
  );
}
