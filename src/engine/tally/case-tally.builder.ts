import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EngineError } from '../errors';
import { TransactionRunner } from '../persistence/transaction.runner';
import { type BuiltCase, ReadModelBuilder } from '../read-model.builder';
import { WorkflowRegistry } from '../workflow.registry';
import { type StoredTally, TALLY_COLUMNS, talliesOf, tallyValues } from './case-tally';

/** The marker row (table read_model) set once every existing case has its case_tally rows. */
export const CASE_TALLY_MODEL = 'case_tally';

/**
 * Builds the indices' read model (case_tally: what a workflow's `tallies` count inside its cases) for
 * the cases that existed before it, open or closed. Until it is built, the indices count from the
 * cases' snapshots.
 */
@Injectable()
export class CaseTallyBuilder extends ReadModelBuilder {
  protected readonly model = CASE_TALLY_MODEL;
  protected readonly label = "The indices' read model";
  protected readonly fallback = 'the indices count from the snapshots';
  protected readonly activeOnly = false;

  constructor(
    tx: TransactionRunner,
    private readonly registry: WorkflowRegistry,
  ) {
    super(tx);
  }

  protected async write(m: EntityManager, cases: readonly BuiltCase[]): Promise<number> {
    const tallied = cases.map((c) => ({ c, tallies: this.talliesOfCase(c) })).filter((x) => x.tallies.length);
    const refs = await this.subjectRefs(
      m,
      tallied.map((x) => x.c.subjectId),
    );
    const rows = tallied.flatMap(({ c, tallies }) =>
      tallies.map((t, seq) => tallyValues(c, refs.get(c.subjectId) ?? '', t, seq)),
    );
    return this.replace(m, cases, TALLY_COLUMNS, rows);
  }

  /** The refs of subject rows, by id. */
  private async subjectRefs(m: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const found = await m.query<{ id: string; ref: string }[]>(
      this.tx.isPostgres
        ? `SELECT id, ref FROM subject WHERE id = ANY($1)`
        : `SELECT id, ref FROM subject WHERE id IN (${ids.map(() => '?').join(', ')})`,
      this.tx.isPostgres ? [ids] : ids,
    );
    return new Map(found.map((r) => [r.id, r.ref]));
  }

  /** A stored case's tallies; none when its version is gone (it waits for a migration). */
  private talliesOfCase(c: BuiltCase): StoredTally[] {
    try {
      const wf = this.registry.get(c.workflow, c.workflowVersion);
      if (!wf.tallies) return [];
      return talliesOf(wf, (JSON.parse(c.snapshot) as { context: unknown }).context);
    } catch (error) {
      if (error instanceof EngineError) return [];
      throw error;
    }
  }
}
