import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { CaseEntity } from '../engine/persistence/case.entity';
import { decodeCursor, encodeCursor, type Page } from '../http/cursor';
import { EngineErrorCode, EngineException } from '../engine/engine.errors';
import { MIGRATE_EVENT, resolveExactly } from '../engine/engine.service';
import { serialiseSnapshot, stateLabel } from '../engine/machine-snapshot';
import { WorkflowRegistry } from '../engine/workflow.registry';
import type { WorkflowDefinition } from '../engine/workflow.types';
import type { AuditQuery } from './audit.query';
import { chainHash, GENESIS_HASH } from '../engine/history/hash-chain';
import { TransitionEntity } from '../engine/persistence/transition.entity';

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
  problems: string[];
}

/**
 * Whether two state labels name the same states. The leaves of a parallel state come in the order
 * of the snapshot value's keys, which differs between a snapshot built by transitions from the
 * start (machine order) and one restored from stored canonical JSON (alphabetical order).
 */
function sameStates(a: string, b: string): boolean {
  const sorted = (label: string) => label.split(',').sort().join(',');
  return sorted(a) === sorted(b);
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
  ) {}

  private async caseOrFail(caseId: string): Promise<CaseEntity> {
    const c = await this.db.manager.findOneBy(CaseEntity, { id: caseId });
    if (!c) throw new EngineException(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    return c;
  }

  async history(caseId: string): Promise<HistoryEntry[]> {
    await this.caseOrFail(caseId);
    const rows = await this.db.manager.find(TransitionEntity, { where: { caseId }, order: { seq: 'ASC' } });
    return rows.map(entry);
  }

  async verify(caseId: string): Promise<VerifyResult> {
    const c = await this.caseOrFail(caseId);
    const rows = await this.db.manager.find(TransitionEntity, { where: { caseId }, order: { seq: 'ASC' } });
    const problems: string[] = [];
    const brokenAtSeq = this.checkChain(c, rows, problems);
    const replayMatches = this.replay(this.registry.get(c.workflow, c.workflowVersion), c, rows, problems);
    return {
      ok: brokenAtSeq === undefined && replayMatches,
      checked: rows.length,
      ...(brokenAtSeq !== undefined ? { brokenAtSeq } : {}),
      replayMatches,
      problems,
    };
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

  /** Replays the history through the pure machine and compares every state and the final snapshot. */
  private replay(
    wf: WorkflowDefinition,
    c: CaseEntity,
    rows: TransitionEntity[],
    problems: string[],
  ): boolean {
    try {
      // A case that was migrated started on the version its first MIGRATE row names.
      const firstMigration = rows.find((r) => r.type === MIGRATE_EVENT);
      let machineOf = firstMigration
        ? this.registry.get(
            c.workflow,
            (JSON.parse(firstMigration.payload) as { fromVersion: number }).fromVersion,
          )
        : wf;
      let snapshot: AnyMachineSnapshot | undefined;
      for (const row of rows) {
        const payload = JSON.parse(row.payload) as Record<string, unknown>;
        if (!snapshot) {
          snapshot = initialTransition(machineOf.machine, payload)[0];
        } else if (row.type === MIGRATE_EVENT) {
          machineOf = this.registry.get(c.workflow, payload.toVersion as number);
          snapshot = resolveExactly(machineOf, row.toState.split(','), snapshot.context);
        } else {
          const event = { type: row.type, payload, at: row.at, actor: row.actorSub };
          snapshot = transition(machineOf.machine, snapshot, event)[0];
        }
        if (!sameStates(stateLabel(snapshot), row.toState)) {
          problems.push(
            `replay: seq ${row.seq} leads to ${stateLabel(snapshot)}, history says ${row.toState}`,
          );
          return false;
        }
      }
      if (!snapshot || serialiseSnapshot(snapshot) !== c.snapshot) {
        problems.push('replay: the replayed snapshot differs from the stored one');
        return false;
      }
      return true;
    } catch (error) {
      problems.push(`replay failed: ${(error as Error).message}`);
      return false;
    }
  }

  async search(query: AuditQuery): Promise<Page<HistoryEntry>> {
    const qb = this.db.manager.createQueryBuilder(TransitionEntity, 't');
    if (query.actor) qb.andWhere('t.actor_sub = :actor', { actor: query.actor });
    if (query.type) qb.andWhere('t.type = :type', { type: query.type });
    if (query.caseId) qb.andWhere('t.case_id = :caseId', { caseId: query.caseId });
    if (query.from) qb.andWhere('t.at >= :from', { from: new Date(query.from).toISOString() });
    if (query.to) qb.andWhere('t.at < :to', { to: new Date(query.to).toISOString() });
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2);
      qb.andWhere('(t.at < :cAt OR (t.at = :cAt AND t.id < :cId))', { cAt: at, cId: id });
    }
    const rows = await qb
      .orderBy('t.at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(entry),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null,
    };
  }
}
