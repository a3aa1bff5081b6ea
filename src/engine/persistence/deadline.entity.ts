import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeadlineStatus = 'pending' | 'fired' | 'cancelled';

/** A time limit the machine scheduled. The row is the truth; the queue job only drives it. */
@Entity('deadline')
@Index('IDX_deadline_status_due', ['status', 'dueAt'])
@Index('IDX_deadline_case', ['caseId', 'status'])
@Index('IDX_deadline_unit_overdue', ['unitId', 'status', 'settledAt', 'flagsOverdue', 'kind'])
@Index('IDX_deadline_provisional', ['provisional', 'status'])
export class DeadlineEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { name: 'case_id', length: 36 })
  caseId: string;

  /** The case's handling unit, moved with the case (a transfer). */
  @Column('varchar', { name: 'unit_id', length: 64 })
  unitId: string;

  @Column('varchar', { length: 64 })
  kind: string;

  @Column('varchar', { name: 'due_at', length: 24 })
  dueAt: string;

  @Column('varchar', { length: 16 })
  status: DeadlineStatus;

  /** The XState send id: the timeout event type `xstate.after.<delay>.<stateId>`. */
  @Column('varchar', { name: 'send_id', length: 300 })
  sendId: string;

  /** true when passing it only flags the case overdue. */
  @Column('boolean', { name: 'flags_overdue' })
  flagsOverdue: boolean;

  /** true when its due time was counted on working days of a provisional calendar (no official schedule yet). */
  @Column('boolean', { default: false })
  provisional: boolean;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;

  /** When it fired (the timeout event was applied). */
  @Column('varchar', { name: 'fired_at', length: 24, nullable: true })
  firedAt: string | null;

  /** When the state it guarded was left (or it was cancelled); a fired deadline not yet settled is overdue. */
  @Column('varchar', { name: 'settled_at', length: 24, nullable: true })
  settledAt: string | null;
}
