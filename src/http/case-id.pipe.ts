import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Route parameter `:id` of a case: a v4 UUID, else 400 naming it. */
export const caseIdPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new BadRequestException('id must be a case id (UUID)'),
});
