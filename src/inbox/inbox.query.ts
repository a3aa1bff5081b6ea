import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../engine/actor';
import { EngineError } from '../engine/errors';
import { restoreSnapshot } from '../engine/machine-snapshot';
import { CaseEntity } from '../engine/persistence/case.entity';
import { keysetPage } from '../engine/persistence/keyset';
import { allowedEvents, callerChoices } from '../engine/transition.step';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { WorkflowRegistry } from '../engine/workflow.registry';
import type { WorkflowDefinition } from '../engine/workflow.types';
import { CasesQuery, type CaseSummary } from '../cases/cases.query';

/** At most this many active cases are looked at per request (newest first), in batches. */
export const INBOX_SCAN_LIMIT = 500;
const BATCH = 100;

export interface InboxItem extends CaseSummary {
  /** The events the caller may send now that the case waits for (side moves left out). */
  yourEvents: string[];
}

export interface InboxPage {
  items: InboxItem[];
  /** How many active cases were looked at. */
  scanned: number;
  /** Where to go on looking (`cursor`), when more active cases than the limit are within reach. */
  nextCursor: string | null;
}

/**
 * 我的待办: the active cases within the caller's reach that wait for an event the caller may send
 * now — by role, by unit (own unit, or above for events so declared), and by the case's machine
 * (its guards decide). Events a workflow declares as side moves (take-over, transfer…) do not count.
 */
@Injectable()
export class InboxQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly jurisdiction: Jurisdiction,
    private readonly cases: CasesQuery,
  ) {}

  async page(actor: Actor, cursor?: string): Promise<InboxPage> {
    // Only workflows in which the caller's roles may send some duty event can have work for them.
    const workflows = this.registry
      .all()
      .filter((wf) =>
        Object.values(wf.events).some((p) => !p.sideMove && p.roles.some((r) => actor.roles.includes(r))),
      )
      .map((wf) => wf.name);
    if (!workflows.length) return { items: [], scanned: 0, nextCursor: null };
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
      return allowedEvents(wf, snapshot).filter((type) => {
        const policy = wf.events[type];
        return (
          !policy.sideMove &&
          policy.roles.some((r) => actor.roles.includes(r)) &&
          (policy.reach === 'above' || actor.unit === row.unitId) &&
          callerChoices(wf, snapshot.context, type, actor.sub).offered
        );
      });
    } catch (error) {
      // A case whose version is gone waits for a migration, not for this user.
      if (error instanceof EngineError) return [];
      throw error;
    }
  }
}
