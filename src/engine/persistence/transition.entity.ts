import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row of the append-only, hash-chained history of a case. */
@Entity('transition')
@Index('UQ_transition_case_seq', ['caseId', 'seq'], { unique: true })
@Index('IDX_transition_at_id', ['at', 'id'])
@Index('IDX_transition_actor', ['actorSub', 'at'])
@Index('IDX_transition_type_at', ['type', 'at', 'id'])
export class TransitionEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column('varchar', { name: 'case_id', length: 36 })
  caseId: string;

  @Column('int')
  seq: number;

  @Column('varchar', { length: 200 })
  type: string;

  /** Canonical JSON of the event payload. */
  @Column('text')
  payload: string;

  @Column('varchar', { name: 'actor_sub', length: 200 })
  actorSub: string;

  /** Canonical JSON array of the actor's roles when the event was sent. */
  @Column('varchar', { name: 'actor_roles', length: 500 })
  actorRoles: string;

  @Column('varchar', { name: 'from_state', length: 500, nullable: true })
  fromState: string | null;

  @Column('varchar', { name: 'to_state', length: 500 })
  toState: string;

  @Column('varchar', { length: 24 })
  at: string;

  @Column('varchar', { name: 'prev_hash', length: 64 })
  prevHash: string;

  @Column('varchar', { length: 64 })
  hash: string;
}
