import { Module } from '@nestjs/common';
import { UrgeController } from './urge.controller';

/** Urging (督办): a supervisor's message on a case's chain, e.g. about an overdue deadline. */
@Module({ controllers: [UrgeController] })
export class UrgingModule {}
