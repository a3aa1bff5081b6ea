import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenErrors } from '../engine/payload.validator';

type Check = (value: unknown) => boolean;
const quickChecks = new Map<unknown, Check>();

/**
 * A DTO of a hot route may declare a plain check that accepts only values its class-validator rules
 * accept: such a value skips class-transformer and class-validator (a fifth of an event's CPU in the
 * pipe). Whatever the check does not accept goes through them, so every refusal and its 400 messages
 * stay class-validator's.
 */
export function acceptQuickly<T extends object>(cls: new () => T, check: Check): void {
  quickChecks.set(cls, check);
}

/** DTO validation: unknown properties are refused, and every problem is named. */
class WenzeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const cls = metadata.metatype as (new () => object) | undefined;
    const check = cls && quickChecks.get(cls);
    if (check && value !== null && typeof value === 'object') {
      // What the full pipe does to the value in place before looking at it (the handlers read the raw body too).
      this.closeArrayGaps(value);
      this.stripProtoKeys(value);
      if (check(value)) return Object.assign(new cls(), value);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new WenzeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenErrors(errors);
      return new BadRequestException(problems);
    },
  });
}
