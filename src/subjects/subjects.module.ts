import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { LiftMeasuresHandler, RecordMeasuresHandler } from './measure-effects.handler';
import { SubjectsController } from './subjects.controller';
import { SubjectsService } from './subjects.service';

/** The lifelong record of subjects, and the handlers of the measure effects that write it. */
@Module({
  imports: [CasesModule],
  controllers: [SubjectsController],
  providers: [SubjectsService, RecordMeasuresHandler, LiftMeasuresHandler],
})
export class SubjectsModule {}
