import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('case')
@Index('UQ_case_workflow_business_key', ['workflow', 'businessKey'], { unique: true })
@Index('IDX_case_created_unit', ['createdAt', 'id', 'unitId'])
@Index('IDX_case_id_unit', ['id', 'unitId'])
@Index('IDX_case_subject', ['subjectId'])
@Index('IDX_case_status_created_unit', ['status', 'createdAt', 'id', 'unitId'])
@Index('IDX_case_unit_created', ['unitId', 'createdAt', 'id'])
@Index('IDX_case_workflow_unit', ['workflow', 'unitId', 'outcome', 'createdAt'])
@Index('IDX_case_version_state', ['workflow', 'workflowVersion', 'state'])
export class CaseEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 64 })
  workflow: string;

  @Column('int', { name: 'workflow_version' })
  workflowVersion: number;

  @Column('varchar', { name: 'business_key', length: 200 })
  businessKey: string;

  @Column('varchar', { length: 500 })
  title: string;

  /** The readable case number (e.g. 县纪〔2026〕问责12号), given at opening; null for cases opened before numbering. */
  @Column('varchar', { name: 'case_no', length: 200, nullable: true })
  caseNo: string | null;

  @Column('varchar', { name: 'subject_id', length: 36 })
  subjectId: string;

  /** The handling unit's code (管辖单位): who reads and acts on the case. */
  @Column('varchar', { name: 'unit_id', length: 64 })
  unitId: string;

  @Index('IDX_case_state')
  @Column('varchar', { length: 200 })
  state: string;

  @Column('varchar', { length: 16 })
  status: 'active' | 'closed';

  @Column('varchar', { length: 64, nullable: true })
  outcome: string | null;

  /** The machine's persisted snapshot (value + context), canonical JSON. */
  @Column('text')
  snapshot: string;

  /** Optimistic lock; equals the seq of the last history row. */
  @Column('int')
  revision: number;

  /** Hash of the last history row, so appending needs no read of the chain. */
  @Column('varchar', { name: 'head_hash', length: 64 })
  headHash: string;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;

  @Column('varchar', { name: 'updated_at', length: 24 })
  updatedAt: string;
}

/** A link between cases, e.g. one case, two investigations (一案双查). */
@Entity('case_link')
export class CaseLinkEntity {
  @PrimaryColumn('varchar', { name: 'from_case_id', length: 36 })
  fromCaseId: string;

  @PrimaryColumn('varchar', { name: 'to_case_id', length: 36 })
  toCaseId: string;

  @Column('varchar', { length: 64 })
  relation: string;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;
}

/**
 * Remembers what an Idempotency-Key was used for, so that a retried POST is not applied twice: the case
 * it opened (POST /cases), or the case an event was sent to (POST /cases/:id/events; see event-keys.ts).
 */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn('varchar', { length: 200 })
  key: string;

  @Column('varchar', { name: 'actor_sub', length: 200 })
  actorSub: string;

  @Column('varchar', { name: 'case_id', length: 36 })
  caseId: string;

  /**
   * SHA-256 of the canonical JSON of the request the key was first used with: the open body, or an
   * event's {caseId, type, payload} (null: keys made before).
   */
  @Column('varchar', { name: 'request_hash', length: 64, nullable: true })
  requestHash: string | null;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;
}
