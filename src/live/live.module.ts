import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app.config';
import { CASE_CHANGE_PUBLISHER } from '../engine/engine.listener';
import { CaseChanges } from './case-changes';
import { CaseStreamController } from './case-stream.controller';
import { CaseStreams } from './case-streams';

/**
 * Live refresh of case pages: every process announces its commits (worker processes too); processes
 * that serve HTTP also keep the open streams.
 */
@Global()
@Module({})
export class LiveModule {
  static forRole(role: AppConfig['WENZE_ROLE']): DynamicModule {
    const http = role !== 'worker';
    return {
      module: LiveModule,
      controllers: http ? [CaseStreamController] : [],
      providers: [
        CaseChanges,
        { provide: CASE_CHANGE_PUBLISHER, useExisting: CaseChanges },
        ...(http ? [CaseStreams] : []),
      ],
      exports: [CASE_CHANGE_PUBLISHER],
    };
  }
}
