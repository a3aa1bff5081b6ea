import { Controller, Get, Header, Param } from '@nestjs/common';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { SignedDossierDto } from './dto/dossier.dto';
import { Public } from '../auth/auth.types';
import { AuditService } from '../audit/audit.service';
import { CasesQuery } from '../cases/cases.query';
import { Clock } from '../engine/clock';
import { ConflictError, EngineErrorCode } from '../engine/errors';
import { canonicalJson } from '../engine/history/canonical-json';
import { Access } from '../auth/auth.types';
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { DossierSigner } from './dossier.signer';
import { dossierFiles } from './dossier.files';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class DossierController {
  constructor(
    private readonly cases: CasesQuery,
    private readonly audit: AuditService,
    private readonly signer: DossierSigner,
    private readonly clock: Clock,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get('cases/:id/dossier')
  @Access('readRecords')
  @ApiOperation({
    summary:
      'The case, its history, its files’ hashes and its verification as one signed document (个人档案)',
    description:
      'signature.value is an Ed25519 signature over the canonical JSON of `dossier` (keys sorted, no spaces). ' +
      'Check it offline with: node scripts/verify-dossier.mjs dossier.json public-key.pem [--files DIR] ' +
      '(DIR: the attached files as downloaded, checked against the hashes in `files`). 409: the case’s ' +
      'records do not verify (hash chain broken, replay differing, a recorded file changed): no dossier is ' +
      'signed for it.',
  })
  @ApiOkResponse({ type: SignedDossierDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async dossier(@Param('id', caseIdPipe) id: string, @CurrentReader() reader: Reader) {
    const { actor } = reader;
    // Read and checked against the caller's reach once, for the view, the history and the verification.
    const c = await this.audit.caseOrFail(id, actor);
    const [view, history, verification] = await Promise.all([
      this.cases.get(id, actor, c),
      this.audit.history(c),
      this.audit.verify(c),
    ]);
    await this.accessLog.record(reader, 'case.dossier', { caseId: id, unitId: view.unitId });
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
    const dossier = {
      format: 'wenze-dossier/1',
      exportedAt: this.clock.now().toISOString(),
      exportedBy: actor.sub,
      case: caseView,
      history,
      files: dossierFiles(history),
      verification,
    };
    const signature = {
      alg: 'Ed25519',
      keyId: this.signer.keyId,
      value: this.signer.sign(canonicalJson(dossier)),
    };
    return { dossier, signature };
  }

  @Public()
  @Get('dossier-key')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The public key that checks dossier signatures (PEM)' })
  @ApiOkResponse({ content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  publicKey(): string {
    return this.signer.publicKeyPem;
  }
}
