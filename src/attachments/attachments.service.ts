import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuditService, type HistoryEntry } from '../audit/audit.service';
import type { AppConfig } from '../config/app.config';
import type { Actor } from '../engine/actor';
import { EngineService } from '../engine/engine.service';
import { mayRecord, type RecordKind } from '../engine/history/record-event';
import { Jurisdiction } from '../engine/units/jurisdiction';
import type { CaseEntity } from '../engine/persistence/case.entity';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { BlobStore } from '../files/blob.store';
import { receiveUpload } from './upload.reader';

/** An attached file's history row: evidence of the handling unit's own work, so its reach is `own`. */
export const ATTACHMENT_RECORD: RecordKind = { type: 'record.attachment', reach: 'own' };

/** An attached file as its history row records it. */
export interface Attachment {
  seq: number;
  at: string;
  actor: string;
  name: string;
  size: number;
  sha256: string;
  mediaType: string;
  kind: string;
  description?: string;
}

function attachmentOf(row: Pick<HistoryEntry, 'seq' | 'at' | 'payload'>, actor: string): Attachment {
  const p = row.payload as Omit<Attachment, 'seq' | 'at' | 'actor'>;
  return {
    seq: row.seq,
    at: row.at,
    actor,
    name: p.name,
    size: p.size,
    sha256: p.sha256,
    mediaType: p.mediaType,
    kind: p.kind,
    ...(p.description ? { description: p.description } : {}),
  };
}

/** Files attached to a case: stored by hash in the blob store, each one a row on the case's chain. */
@Injectable()
export class AttachmentsService {
  readonly maxBytes: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: EngineService,
    private readonly audit: AuditService,
    private readonly blobs: BlobStore,
    private readonly registry: WorkflowRegistry,
    private readonly jurisdiction: Jurisdiction,
    config: ConfigService<AppConfig, true>,
  ) {
    this.maxBytes = config.get('ATTACHMENT_MAX_BYTES', { infer: true });
  }

  /** Whether the caller may attach files to the case: a role for it, and the reach of the record kind. */
  mayAttach(actor: Actor, c: CaseEntity): boolean {
    const roles = this.registry.rolesFor('attach');
    return actor.roles.some((r) => roles.includes(r)) && mayRecord(ATTACHMENT_RECORD, actor, c.unitId);
  }

  get kinds(): readonly string[] {
    return this.registry.attachmentKinds;
  }

  /** Receives the form's file, stores it, records it on the chain (a refused record's file is swept later). */
  async attach(caseId: string, request: FastifyRequest, actor: Actor, ifMatch?: number) {
    // Outside the caller's reach nothing is read from the request (the record checks reach again).
    const c = await this.audit.caseOrFail(caseId, actor);
    // Nor from a unit the record kind does not admit (the record checks both again, on the row it writes).
    this.jurisdiction.assertActs(actor, c.unitId, ATTACHMENT_RECORD.reach === 'above');
    const upload = await receiveUpload(request, this.blobs, this.kinds, this.maxBytes);
    const { blob, ...rest } = upload;
    const payload = { sha256: blob.sha256, size: blob.size, ...rest };
    // A refused record leaves its file to the file sweep: the same bytes may be another request's.
    const { revision } = (await this.engine.record(caseId, ATTACHMENT_RECORD, payload, actor, {
      ifMatch,
    })) as {
      revision: number;
    };
    const row = await this.db.manager.findOneByOrFail(TransitionEntity, { caseId, seq: revision });
    return {
      attachment: attachmentOf({ ...row, payload: JSON.parse(row.payload) as unknown }, row.actorSub),
      revision,
    };
  }

  /** The files attached to a case the caller may read (see AuditService.caseOrFail), in seq order. */
  async list(c: CaseEntity): Promise<Attachment[]> {
    return (await this.audit.history(c))
      .filter((r) => r.type === ATTACHMENT_RECORD.type)
      .map((r) => attachmentOf(r, r.actor.sub));
  }

  /** The attachment with this hash and a stream of its bytes; 404 when the case records no such file. */
  async open(c: CaseEntity, sha256: string) {
    const found = (await this.list(c)).find((a) => a.sha256 === sha256);
    if (!found) throw new NotFoundException(`Case ${c.id} has no attachment ${sha256}`);
    const stream = await this.blobs.open(sha256);
    if (!stream) {
      throw new NotFoundException(
        `The file of attachment ${sha256} is missing from the store (GET /cases/${c.id}/verify reports it)`,
      );
    }
    return { attachment: found, stream };
  }
}
