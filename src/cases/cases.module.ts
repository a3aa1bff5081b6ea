import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesQuery } from './cases.query';

/** Cases over HTTP: open, list, read, send events, migrate. */
@Module({ controllers: [CasesController], providers: [CasesQuery], exports: [CasesQuery] })
export class CasesModule {}
