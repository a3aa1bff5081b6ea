import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { InboxController } from './inbox.controller';
import { InboxQuery } from './inbox.query';

/** 我的待办: the cases that wait for the caller, asked of each case's machine. */
@Module({ imports: [CasesModule], controllers: [InboxController], providers: [InboxQuery] })
export class InboxModule {}
