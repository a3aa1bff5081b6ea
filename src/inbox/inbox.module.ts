import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseWaitingBuilder } from '../engine/waiting/case-waiting.builder';
import { InboxController } from './inbox.controller';
import { InboxQuery } from './inbox.query';

/**
 * 我的待办: the cases that wait for the caller, from the engine's read model (case_waiting), built at
 * start-up for the cases that existed before it; each candidate's machine is asked.
 */
@Module({
  imports: [CasesModule],
  controllers: [InboxController],
  providers: [InboxQuery, CaseWaitingBuilder],
})
export class InboxModule {}
