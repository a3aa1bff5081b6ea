import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { DossierController } from './dossier.controller';
import { DossierSigner } from './dossier.signer';

/** Signed dossiers of a case (view + history + verification), checkable offline. */
@Module({ imports: [AuditModule, CasesModule], controllers: [DossierController], providers: [DossierSigner] })
export class DossierModule {}
