import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { DossierController } from './dossier.controller';
import { DossierService } from './dossier.service';
import { DossierSigner } from './dossier.signer';

/** Signed dossiers of a case (view + history + verification), checkable offline; also as a readable PDF. */
@Module({
  imports: [AuditModule, CasesModule, DocumentsModule],
  controllers: [DossierController],
  providers: [DossierSigner, DossierService],
})
export class DossierModule {}
