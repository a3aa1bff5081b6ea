import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenErrors } from '../engine/payload.validator';

/** DTO validation: unknown properties are refused, and every problem is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenErrors(errors);
      return new BadRequestException(problems);
    },
  });
}
