import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '../persistence/case.entity';
import { TransactionRunner } from '../persistence/transaction.runner';
import { type BuiltCase, ReadModelBuilder } from '../read-model.builder';
import { WorkflowRegistry } from '../workflow.registry';
import { waitingRolesOf } from './waiting-roles';

/** The marker row (table read_model) set once every existing case has its case_waiting rows. */
export const CASE_WAITING_MODEL = 'case_waiting';

/** Builds the inbox's read model (case_waiting) for the active cases that existed before it. */
@Injectable()
export class CaseWaitingBuilder extends ReadModelBuilder {
  protected readonly model = CASE_WAITING_MODEL;
  protected readonly label = "The inbox's read model";
  protected readonly fallback = 'the inbox scans the cases';
  protected readonly activeOnly = true;

  constructor(
    tx: TransactionRunner,
    private readonly registry: WorkflowRegistry,
  ) {
    super(tx);
  }

  protected async write(m: EntityManager, cases: readonly BuiltCase[]): Promise<number> {
    const rows = cases.flatMap((c) =>
      waitingRolesOf(this.registry, c as CaseEntity).map((w) => [
        c.id,
        w.role,
        w.above,
        c.unitId,
        c.createdAt,
      ]),
    );
    return this.replace(m, cases, 'case_id, role, above, unit_id, created_at', rows);
  }
}
