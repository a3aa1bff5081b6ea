import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { CaseEntity } from '../engine/persistence/case.entity';
import { EngineErrorCode, NotFoundError } from '../engine/errors';
import { replayHistory } from '../engine/history/replay';
import { keysetPage, likeContains, type Page } from '../engine/persistence/keyset';
import { WorkflowRegistry } from '../engine/workflow.registry';
import type { AuditQuery } from './audit.query';
import { chainHash, GENESIS_HASH } from '../engine/history/hash-chain';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import type { Actor } from '../engine/actor';
import { Jurisdiction, reachCondition } from '../engine/units/jurisdiction';
import { BlobStore } from '../files/blob.store';
import { checkStoredFiles } from './stored-files.check';

export interface HistoryEntry {
  seq: number;
  caseId: string;
  type: string;
  payload: unknown;
  actor: { sub: string; roles: string[] };
  from: string | null;
  to: string;
  at: string;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAtSeq?: number;
  replayMatches: boolean;
  /** Files the chain records (by SHA-256) checked against the store, and whether all are intact. */
  filesChecked: number;
  filesIntact: boolean;
  replayDiffersAtSeq?: number;
  problems: string[];
}

function entry(row: TransitionEntity): HistoryEntry {
  return {
    seq: row.seq,
    caseId: row.caseId,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    actor: { sub: row.actorSub, roles: JSON.parse(row.actorRoles) as string[] },
    from: row.fromState,
    to: row.toState,
    at: row.at,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** The hash-chained history: reading it, checking it, replaying it. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly jurisdiction: Jurisdiction,
    private readonly blobs: BlobStore,
  ) {}

  /** The case, within the caller's reach (outside it, the same 404 as a missing case). */
  async caseOrFail(caseId: string, actor: Actor): Promise<CaseEntity> {
    const c = await this.db.manager.findOneBy(CaseEntity, { id: caseId });
    if (!c) throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    await this.jurisdiction.assertReads(actor, c.unitId, caseId);
    return c;
  }

  /** The history of a case the caller may read (see caseOrFail). */
  async history(c: CaseEntity): Promise<HistoryEntry[]> {
    return (await this.rows(c.id)).map(entry);
  }

  /** Checks the chain of a case the caller may read (see caseOrFail) and replays it. */
  async verify(c: CaseEntity): Promise<VerifyResult> {
    const rows = await this.rows(c.id);
    const problems: string[] = [];
    const brokenAtSeq = this.checkChain(c, rows, problems);
    const replay = replayHistory(
      this.registry,
      this.registry.get(c.workflow, c.workflowVersion),
      c,
      rows,
      problems,
    );
    const files = await checkStoredFiles(rows, this.blobs, problems);
    return {
      ok: brokenAtSeq === undefined && replay.matches && files.filesIntact,
      checked: rows.length,
      ...(brokenAtSeq !== undefined ? { brokenAtSeq } : {}),
      replayMatches: replay.matches,
      ...(replay.differsAtSeq !== undefined ? { replayDiffersAtSeq: replay.differsAtSeq } : {}),
      ...files,
      problems,
    };
  }

  private rows(caseId: string): Promise<TransitionEntity[]> {
    return this.db.manager.find(TransitionEntity, { where: { caseId }, order: { seq: 'ASC' } });
  }

  /** The first seq whose row does not fit the chain, if any. */
  private checkChain(c: CaseEntity, rows: TransitionEntity[], problems: string[]): number | undefined {
    let prev = GENESIS_HASH;
    for (const [i, row] of rows.entries()) {
      const fail = (why: string) => {
        problems.push(`seq ${row.seq}: ${why}`);
        return row.seq;
      };
      if (row.seq !== i + 1) {
        // A gap: the chain breaks at the first seq that is missing, not at the row after it.
        problems.push(`seq ${i + 1}: missing or out of place (the next row found is seq ${row.seq})`);
        return i + 1;
      }
      if (row.prevHash !== prev) return fail('prevHash does not match the previous row');
      if (chainHash(row) !== row.hash) return fail('hash does not match the row contents');
      prev = row.hash;
    }
    if (rows.length !== c.revision || prev !== c.headHash) {
      problems.push(`the case is at revision ${c.revision} but the chain ends at seq ${rows.length}`);
      return rows.length + 1;
    }
    return undefined;
  }

  /** History rows of the cases within the caller's reach, newest first. */
  async search(query: AuditQuery, actor: Actor): Promise<Page<HistoryEntry>> {
    const qb = this.db.manager.createQueryBuilder(TransitionEntity, 't');
    const reach = reachCondition(await this.jurisdiction.reach(actor), 'c.unit_id');
    qb.innerJoin(CaseEntity, 'c', 'c.id = t.case_id').where(reach.sql, reach.params);
    if (query.actor) qb.andWhere('t.actor_sub = :actor', { actor: query.actor });
    if (query.type) qb.andWhere('t.type = :type', { type: query.type });
    if (query.caseId) qb.andWhere('t.case_id = :caseId', { caseId: query.caseId });
    if (query.q) {
      const q = likeContains(query.q);
      qb.andWhere(
        new Brackets((b) =>
          b
            .where("c.title LIKE :q ESCAPE '\\'", { q })
            .orWhere("c.case_no LIKE :q ESCAPE '\\'", { q })
            .orWhere("c.business_key LIKE :q ESCAPE '\\'", { q }),
        ),
      );
    }
    if (query.from) qb.andWhere('t.at >= :from', { from: new Date(query.from).toISOString() });
    if (query.to) qb.andWhere('t.at < :to', { to: new Date(query.to).toISOString() });
    const { rows, nextCursor } = await keysetPage(
      qb,
      { columns: ['t.at', 't.id'], keys: ['at', 'id'], direction: 'DESC' },
      query.limit,
      query.cursor,
    );
    return { items: rows.map(entry), nextCursor };
  }
}
