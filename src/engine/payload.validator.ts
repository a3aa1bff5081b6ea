import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { EngineErrorCode, UserInputError } from './errors';
import { memoiseValidationMetadata } from './validation-metadata.memo';
import type { PayloadClass } from './workflow.types';

memoiseValidationMetadata();

/** Validates an event payload against its class; unknown properties are refused, not dropped. */
export async function validatePayload(
  what: string,
  cls: PayloadClass | undefined,
  payload: unknown,
): Promise<Record<string, unknown>> {
  // Absent means empty; null is not an object (the published schema says so too).
  const value = payload === undefined ? {} : payload;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(what, ['payload must be a JSON object']);
  }
  const plain = value as Record<string, unknown>;
  if (!cls) {
    if (Object.keys(plain).length) throw invalid(what, [`${what} takes no payload`]);
    return plain;
  }
  const problems = await problemsOf(cls, plain);
  if (problems.length) throw invalid(what, problems);
  return plain;
}

/** Whether class-validator knows rules for the class (its metadata is complete once the class is loaded). */
const declaresFields = new WeakMap<PayloadClass, boolean>();

/** What class-validator finds wrong with a plain object as an instance of `cls` (empty when valid). */
export async function problemsOf(cls: PayloadClass, plain: object): Promise<string[]> {
  let declared = declaresFields.get(cls);
  if (declared === undefined) {
    declared = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).length > 0;
    declaresFields.set(cls, declared);
  }
  // A class with no fields declared (an empty payload): class-validator would call any value unknown.
  if (!declared) {
    return Object.keys(plain).map((k) => `property ${k} should not exist`);
  }
  const errors = await validate(plainToInstance(cls, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return flattenErrors(errors);
}

/** The fields the problems are about (the path each problem starts with), once each, for the reader's language. */
export function fieldsOf(problems: readonly string[]): string[] {
  return [...new Set(problems.map((p) => /^[\w.[\]]+/.exec(p)?.[0] ?? '').filter(Boolean))];
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

function invalid(what: string, problems: string[]): UserInputError {
  return new UserInputError(
    EngineErrorCode.PAYLOAD_INVALID,
    `Invalid payload for ${what}: ${problems.join('; ')}`,
    {
      problems,
    },
    { fields: fieldsOf(problems) },
  );
}
