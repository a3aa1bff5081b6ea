import { Module } from '@nestjs/common';
import { CasesExportController } from './cases-export.controller';
import { CasesController } from './cases.controller';
import { CasesQuery } from './cases.query';
import { RegisterModule } from '../register/register.module';

/** Cases over HTTP: open, list, export, read, send events, migrate. */
@Module({
  imports: [RegisterModule],
  // The export first: its static path is matched before /cases/:id.
  controllers: [CasesExportController, CasesController],
  providers: [CasesQuery],
  exports: [CasesQuery],
})
export class CasesModule {}
