import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FilesModule } from '../files/files.module';
import { DocumentFont } from './document.font';
import { DocumentsController } from './documents.controller';
import { DocumentApprovals } from './document.approvals';
import { DocumentsService } from './documents.service';

/** Documents (文书) the workflows declare, issued as PDF in the GB/T 9704 layout and recorded on the chain. */
@Module({
  imports: [AuditModule, FilesModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentApprovals, DocumentFont],
  exports: [DocumentFont],
})
export class DocumentsModule {}
