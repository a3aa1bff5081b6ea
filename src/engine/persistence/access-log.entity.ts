import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One read of confidential records (查阅登记): who read what, when, in which request. Append-only. */
@Entity('access_log')
@Index('IDX_access_log_at', ['at', 'id'])
@Index('IDX_access_log_actor', ['actorSub', 'at'])
@Index('IDX_access_log_case', ['caseId'])
export class AccessLogEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 24 })
  at: string;

  @Column('varchar', { name: 'actor_sub', length: 200 })
  actorSub: string;

  /** JSON array of the roles the token carried. */
  @Column('text', { name: 'actor_roles' })
  actorRoles: string;

  @Column('varchar', { name: 'actor_unit', length: 64, nullable: true })
  actorUnit: string | null;

  /** What was read, e.g. `case.history`, `case.list`. */
  @Column('varchar', { length: 64 })
  action: string;

  @Column('varchar', { name: 'case_id', length: 36, nullable: true })
  caseId: string | null;

  @Column('varchar', { name: 'subject_id', length: 36, nullable: true })
  subjectId: string | null;

  /** The unit of the case read (for single reads): lets a unit's supervisors see who read its cases. */
  @Column('varchar', { name: 'unit_id', length: 64, nullable: true })
  unitId: string | null;

  @Column('varchar', { name: 'request_id', length: 200 })
  requestId: string;

  /** For lists: how many items the answer held. */
  @Column('int', { name: 'result_count', nullable: true })
  resultCount: number | null;

  /** For lists: the filters asked for (JSON). */
  @Column('text', { nullable: true })
  query: string | null;
}
