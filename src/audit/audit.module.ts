import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The hash-chained history: per case, verification, and the supervisors' search. */
@Module({
  imports: [FilesModule],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
