import { Controller, Get, Header, Inject, Param, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Access, Public } from '../auth/auth.types';
import type { AppConfig } from '../config/app.config';
import { DocumentFont } from '../documents/document.font';
import { canonicalJson } from '../engine/history/canonical-json';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { WORKFLOW_CATALOGUE } from '../engine/workflow.registry';
import type { Catalogue } from '../engine/workflow.types';
import { attachment } from '../export/download';
import { caseIdPipe } from '../http/case-id.pipe';
import { ApiErrors } from '../http/dto/error-body.dto';
import { renderDossierPdf } from './dossier.pdf';
import { DossierService } from './dossier.service';
import { dossierSheet, type SheetNames } from './dossier.sheet';
import { DossierSigner } from './dossier.signer';
import { SignedDossierDto } from './dto/dossier.dto';
import { DossierPdfQuery } from './dto/dossier-pdf.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class DossierController {
  constructor(
    private readonly dossiers: DossierService,
    private readonly signer: DossierSigner,
    private readonly font: DocumentFont,
    private readonly jurisdiction: Jurisdiction,
    @Inject(WORKFLOW_CATALOGUE) private readonly catalogue: Catalogue,
    private readonly config: ConfigService<AppConfig, true>,
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
      'signed for it. The same dossier reads as a PDF at GET /cases/:id/dossier.pdf.',
  })
  @ApiOkResponse({ type: SignedDossierDto })
  @ApiErrors(400, 401, 403, 404, 409)
  dossier(@Param('id', caseIdPipe) id: string, @CurrentReader() reader: Reader) {
    return this.dossiers.signed(id, reader, 'case.dossier');
  }

  /*
   * A path of its own rather than content negotiation on /dossier: a link or a saved bookmark names
   * what it fetches, caches and proxies keep the two apart, and a client that asks for JSON with a
   * loose Accept header is never handed a PDF.
   */
  @Get('cases/:id/dossier.pdf')
  @Access('readRecords')
  @ApiOperation({
    summary: 'The signed dossier as a readable PDF (for a leader or an archive), in Chinese by default',
    description:
      'The same dossier as GET /cases/:id/dossier, signed the same way, laid out for reading: a cover (case ' +
      'number, title, handling unit, subject, procedure and version, current state, when opened and closed), ' +
      'the history as a table (times in Beijing time, events named as the workbench names them, who, each ' +
      'row’s hash abbreviated), the time limits, the attachments and documents issued with their SHA-256, ' +
      'the linked cases, and the signature block: the SHA-256 of the dossier’s canonical JSON, the ' +
      'signature and its key id. The signed JSON is embedded in the PDF (dossier-<id>.json), to be checked ' +
      'with scripts/verify-dossier.mjs. lang: zh or en (default: LANGUAGE). Same reach (404 outside it), ' +
      'logged as case.dossier.pdf, 409 CHAIN_NOT_VERIFIED when the records do not verify; 503 without a ' +
      'CJK font (DOCUMENT_FONT).',
  })
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  async dossierPdf(
    @Param('id', caseIdPipe) id: string,
    @Query() query: DossierPdfQuery,
    @CurrentReader() reader: Reader,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const fonts = this.font.require();
    const signed = await this.dossiers.signed(id, reader, 'case.dossier.pdf');
    const lang = query.lang ?? this.config.get('LANGUAGE', { infer: true });
    const digest = createHash('sha256').update(canonicalJson(signed.dossier), 'utf8').digest('hex');
    const file = `dossier-${id}.json`;
    const sheet = dossierSheet(signed, lang, await this.names(), { file, digest });
    const pdf = await renderDossierPdf(sheet, fonts, {
      createdAt: signed.dossier.exportedAt,
      embed: { name: file, json: JSON.stringify(signed, null, 2) },
    });
    const c = signed.dossier.case;
    const name = `${lang === 'zh' ? '案卷档案' : 'dossier'}-${(c.caseNo ?? c.businessKey).replace(/[\\/:*?"<>|\s]/g, '_')}.pdf`;
    void reply.header('Content-Type', 'application/pdf').header('Content-Disposition', attachment(name));
    return pdf;
  }

  /** Names of workflows (the catalogue's terms), units (their full names) and roles, for the PDF. */
  private async names(): Promise<SheetNames> {
    const units = new Map((await this.jurisdiction.list()).map((u) => [u.code, u.fullName ?? u.name]));
    const terms = this.catalogue.terms;
    const roles = new Map(
      [...this.catalogue.roles, ...this.catalogue.workflows.flatMap((wf) => wf.roles)].map((r) => [
        r.id,
        r.label,
      ]),
    );
    return {
      terms,
      workflowTitle: (name) => {
        const own = this.catalogue.workflows.find((w) => w.name === name)?.title ?? name;
        return terms?.workflow(name) ?? { zh: own, en: own };
      },
      unit: (code) => units.get(code) ?? code,
      role: (id) => roles.get(id),
    };
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
