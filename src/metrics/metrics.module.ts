import { Global, Module } from '@nestjs/common';
import { ENGINE_OBSERVER } from '../engine/engine.listener';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Global so that the engine finds its observer without importing a capability module. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, { provide: ENGINE_OBSERVER, useExisting: MetricsService }],
  exports: [MetricsService, ENGINE_OBSERVER],
})
export class MetricsModule {}
