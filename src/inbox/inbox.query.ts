import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../engine/actor';
import { EngineError } from '../engine/errors';
import { restoreSnapshot } from '../engine/machine-snapshot';
import { CaseEntity } from '../engine/persistence/case.entity';
import { readPrepared } from '../engine/persistence/prepared-statements';
import { decodeCursor, encodeCursor, escapeLike, keysetPage } from '../engine/persistence/keyset';
import { callerChoices } from '../engine/transition.step';
import type { Reach } from '../engine/units/jurisdiction';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { CaseWaitingBuilder } from '../engine/waiting/case-waiting.builder';
import { takenEvents } from '../engine/waiting/waiting-roles';
import { WorkflowRegistry } from '../engine/workflow.registry';
import type { WorkflowDefinition } from '../engine/workflow.types';
import { CasesQuery, type CaseSummary } from '../cases/cases.query';

/** Cases waiting for the caller looked at per request, unless the request names another limit. */
export const INBOX_DEFAULT_LIMIT = 100;
export const INBOX_MAX_LIMIT = 500;
/** While the read model is being built: at most this many active cases are scanned per request. */
export const INBOX_SCAN_LIMIT = 500;
const BATCH = 100;

export interface InboxItem extends CaseSummary {
  /** The events the caller may send now that the case waits for (side moves left out). */
  yourEvents: string[];
}

export interface InboxPage {
  items: InboxItem[];
  /** How many cases were looked at. */
  scanned: number;
  /** Where to go on looking (`cursor`), when more cases than the limit may wait for the caller. */
  nextCursor: string | null;
}

interface Candidate {
  case_id: string;
  created_at: string;
}

const EMPTY: InboxPage = { items: [], scanned: 0, nextCursor: null };

/**
 * 我的待办: the active cases within the caller's reach that wait for an event the caller may send
 * now — by role, by unit (own unit, or above for events so declared), and by the case's machine
 * (its guards decide). Events a workflow declares as side moves (take-over, transfer…) do not count.
 *
 * The candidates come from the engine's read model (case_waiting: per case, the roles it waits for,
 * kept in the transaction of each change), newest first; only their snapshots are restored, for what
 * the read model cannot know: the per-person choices (callerChoices) and the caller's events. Until
 * the read model of the cases that existed before it is built (at start-up), the active cases are
 * scanned as before.
 */
@Injectable()
export class InboxQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly jurisdiction: Jurisdiction,
    private readonly cases: CasesQuery,
    private readonly readModel: CaseWaitingBuilder,
  ) {}

  async page(actor: Actor, cursor?: string, limit = INBOX_DEFAULT_LIMIT): Promise<InboxPage> {
    const after = cursor ? decodeCursor(cursor, { kind: 'text', maxLength: 36 }) : undefined;
    if (!this.dutyWorkflows(actor).length) return EMPTY;
    if (!(await this.readModel.isBuilt())) return this.scan(actor, cursor);
    const reach = await this.jurisdiction.reach(actor);
    if (reach.kind === 'none') return EMPTY;
    const candidates = await this.candidates(actor, reach, limit + 1, after);
    const looked = candidates.slice(0, limit);
    const rows = looked.length
      ? await this.db.manager.findBy(CaseEntity, { id: In(looked.map((c) => c.case_id)) })
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const matched: { row: CaseEntity; yourEvents: string[] }[] = [];
    for (const c of looked) {
      const row = byId.get(c.case_id);
      if (!row || row.status !== 'active') continue;
      const yourEvents = this.waitingOn(row, actor);
      if (yourEvents.length) matched.push({ row, yourEvents });
    }
    const last = looked[looked.length - 1];
    const summaries = await this.cases.summariesOf(matched.map((m) => m.row));
    return {
      items: summaries.map((s, i) => ({ ...s, yourEvents: matched[i].yourEvents })),
      scanned: looked.length,
      nextCursor: candidates.length > limit && last ? encodeCursor([last.created_at, last.case_id]) : null,
    };
  }

  /**
   * The newest `take` cases (after the cursor) that wait for one of the caller's roles: at the
   * caller's own unit, or — for events declared for the units above — at a unit within reach. One
   * query per role and kind, each read in index order, merged here (a case may wait for two).
   */
  private async candidates(
    actor: Actor,
    reach: Reach,
    take: number,
    after?: [string, string],
  ): Promise<Candidate[]> {
    const keyset = after ? ' AND (created_at, case_id) < (?, ?)' : '';
    const order = ` ORDER BY created_at DESC, case_id DESC LIMIT ${take}`;
    const queries: [string, unknown[]][] = [];
    for (const role of actor.roles) {
      if (actor.unit) {
        queries.push([
          `SELECT case_id, created_at FROM case_waiting WHERE unit_id = ? AND role = ? AND above = FALSE${keyset}${order}`,
          [actor.unit, role, ...(after ?? [])],
        ]);
      }
      const inReach =
        reach.kind === 'subtree'
          ? ` AND (unit_id || '') IN (SELECT ru.code FROM unit ru WHERE ru.path LIKE ? ESCAPE '\\')`
          : '';
      queries.push([
        `SELECT case_id, created_at FROM case_waiting WHERE role = ? AND above = TRUE${inReach}${keyset}${order}`,
        [role, ...(reach.kind === 'subtree' ? [`${escapeLike(reach.path)}%`] : []), ...(after ?? [])],
      ]);
    }
    const lists = await Promise.all(
      queries.map(([sql, params]) => readPrepared<Candidate>(this.db, sql, params)),
    );
    const seen = new Set<string>();
    return lists
      .flat()
      .sort((a, b) =>
        a.created_at === b.created_at ? cmp(b.case_id, a.case_id) : cmp(b.created_at, a.created_at),
      )
      .filter((c) => !seen.has(c.case_id) && seen.add(c.case_id))
      .slice(0, take);
  }

  /** The workflows in which the caller's roles may send some duty event: only they can have work for them. */
  private dutyWorkflows(actor: Actor): string[] {
    return this.registry
      .all()
      .filter((wf) =>
        Object.values(wf.events).some((p) => !p.sideMove && p.roles.some((r) => actor.roles.includes(r))),
      )
      .map((wf) => wf.name);
  }

  /**
   * Without the read model (while it is built): the newest active cases within reach, at most
   * INBOX_SCAN_LIMIT per request, each case's machine asked.
   */
  private async scan(actor: Actor, cursor?: string): Promise<InboxPage> {
    const workflows = this.dutyWorkflows(actor);
    const reach = await this.jurisdiction.pageCondition(await this.jurisdiction.reach(actor), 'c.unit_id');
    const matched: { row: CaseEntity; yourEvents: string[] }[] = [];
    let scanned = 0;
    let next: string | null = cursor ?? null;
    do {
      const qb = this.db.manager
        .createQueryBuilder(CaseEntity, 'c')
        .where(reach.sql, reach.params)
        .andWhere("c.status = 'active'")
        .andWhere('c.workflow IN (:...workflows)', { workflows });
      const { rows, nextCursor } = await keysetPage(
        qb,
        { columns: ['c.created_at', 'c.id'], keys: ['createdAt', 'id'], direction: 'DESC' },
        Math.min(BATCH, INBOX_SCAN_LIMIT - scanned),
        next ?? undefined,
      );
      scanned += rows.length;
      next = nextCursor;
      for (const row of rows) {
        const yourEvents = this.waitingOn(row, actor);
        if (yourEvents.length) matched.push({ row, yourEvents });
      }
    } while (next && scanned < INBOX_SCAN_LIMIT);
    const summaries = await this.cases.summariesOf(matched.map((m) => m.row));
    return {
      items: summaries.map((s, i) => ({ ...s, yourEvents: matched[i].yourEvents })),
      scanned,
      nextCursor: next,
    };
  }

  /** The duty events of the caller's roles the case's machine takes now, from the caller's unit. */
  private waitingOn(row: CaseEntity, actor: Actor): string[] {
    let wf: WorkflowDefinition;
    try {
      wf = this.registry.get(row.workflow, row.workflowVersion);
      const snapshot = restoreSnapshot(wf.machine, row.snapshot);
      // The duty events of the caller's roles from the caller's unit (or above), that the machine takes.
      const mine = (type: string) => {
        const policy = wf.events[type];
        return (
          !policy.sideMove &&
          policy.roles.some((r) => actor.roles.includes(r)) &&
          (policy.reach === 'above' || actor.unit === row.unitId)
        );
      };
      return takenEvents(wf, snapshot, mine).filter(
        (type) => callerChoices(wf, snapshot.context, type, actor.sub).offered,
      );
    } catch (error) {
      // A case whose version is gone waits for a migration, not for this user.
      if (error instanceof EngineError) return [];
      throw error;
    }
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
