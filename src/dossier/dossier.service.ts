import { Injectable } from '@nestjs/common';
import { AccessLogService } from '../access-log/access-log.service';
import type { ReadAction } from '../access-log/dto/access-log.query';
import type { Reader } from '../access-log/reader';
import { AuditService, type HistoryEntry, type VerifyResult } from '../audit/audit.service';
import { CasesQuery } from '../cases/cases.query';
import { Clock } from '../engine/clock';
import { ConflictError, EngineErrorCode } from '../engine/errors';
import { canonicalJson } from '../engine/history/canonical-json';
import { dossierFiles, type DossierFile } from './dossier.files';
import { DossierSigner } from './dossier.signer';

type CaseView = Awaited<ReturnType<CasesQuery['get']>>;

/** What GET /cases/:id/dossier answers: the dossier and the signature over its canonical JSON. */
export interface SignedDossier {
  dossier: {
    format: 'wenze-dossier/1';
    exportedAt: string;
    exportedBy: string;
    case: Omit<CaseView, 'yourEvents'>;
    history: HistoryEntry[];
    files: DossierFile[];
    verification: VerifyResult;
  };
  signature: { alg: 'Ed25519'; keyId: string; value: string };
}

/** Builds and signs a case's dossier, for the JSON and the PDF alike (the same reach, log and refusal). */
@Injectable()
export class DossierService {
  constructor(
    private readonly cases: CasesQuery,
    private readonly audit: AuditService,
    private readonly signer: DossierSigner,
    private readonly clock: Clock,
    private readonly accessLog: AccessLogService,
  ) {}

  /**
   * The signed dossier of a case the reader may read (404 outside their reach), the read logged as
   * `action`; 409 CHAIN_NOT_VERIFIED when the case's records do not verify.
   */
  async signed(id: string, reader: Reader, action: ReadAction): Promise<SignedDossier> {
    const { actor } = reader;
    // Read and checked against the caller's reach once, for the view, the history and the verification.
    const c = await this.audit.caseOrFail(id, actor);
    const [view, history, verification] = await Promise.all([
      this.cases.get(id, actor, c),
      this.audit.history(c),
      this.audit.verify(c),
    ]);
    await this.accessLog.record(reader, action, { caseId: id, unitId: view.unitId });
    // A signature attests what it covers: a case whose records do not verify gets none (the
    // verification and the history stay readable, and say what is wrong).
    if (!verification.ok) {
      throw new ConflictError(
        EngineErrorCode.CHAIN_NOT_VERIFIED,
        `The records of case ${id} do not verify` +
          (verification.brokenAtSeq !== undefined
            ? ` (the hash chain breaks at seq ${verification.brokenAtSeq})`
            : '') +
          `: no signed dossier is issued for it; GET /cases/${id}/verify says what is wrong`,
        { problems: verification.problems, brokenAtSeq: verification.brokenAtSeq ?? null },
      );
    }
    const { yourEvents: _mine, ...caseView } = view;
    const dossier: SignedDossier['dossier'] = {
      format: 'wenze-dossier/1',
      exportedAt: this.clock.now().toISOString(),
      exportedBy: actor.sub,
      case: caseView,
      history,
      files: dossierFiles(history),
      verification,
    };
    const signature = {
      alg: 'Ed25519' as const,
      keyId: this.signer.keyId,
      value: this.signer.sign(canonicalJson(dossier)),
    };
    return { dossier, signature };
  }
}
