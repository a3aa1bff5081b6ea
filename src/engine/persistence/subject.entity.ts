import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A person or organisation held accountable, as one case was opened against them: each case has its
 * own row (never rewritten by another case, of its unit or another), and the rows of one `ref` make
 * the lifelong record across posts and units (each reader sees the rows of the cases within reach).
 */
@Entity('subject')
export class SubjectEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Index('IDX_subject_ref')
  @Column('varchar', { length: 200 })
  ref: string;

  @Column('varchar', { length: 16 })
  kind: 'individual' | 'organisation';

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 200, nullable: true })
  organisation: string | null;

  @Column('varchar', { length: 200, nullable: true })
  post: string | null;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;

  @Column('varchar', { name: 'updated_at', length: 24 })
  updatedAt: string;
}

/** A measure taken against a subject by a case's decision, with its impact period. */
@Entity('measure')
@Index('IDX_measure_subject', ['subjectId'])
@Index('IDX_measure_case', ['caseId'])
@Index('IDX_measure_unit_decided', ['unitId', 'decidedAt', 'liftedAt', 'type'])
@Index('IDX_measure_unit_impact', ['unitId', 'impactUntil', 'liftedAt', 'type', 'subjectRef'])
export class MeasureEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { name: 'subject_id', length: 36 })
  subjectId: string;

  /** The subject row's ref (the person or organisation; it never changes). */
  @Column('varchar', { name: 'subject_ref', length: 200 })
  subjectRef: string;

  @Column('varchar', { name: 'case_id', length: 36 })
  caseId: string;

  /** The case's handling unit, moved with the case (a transfer). */
  @Column('varchar', { name: 'unit_id', length: 64 })
  unitId: string;

  @Column('varchar', { length: 64 })
  type: string;

  @Column('varchar', { length: 64, nullable: true })
  detail: string | null;

  /** An instant in the engine's form (toISOString): the figures compare it as text. */
  @Column('varchar', { name: 'decided_at', length: 24 })
  decidedAt: string;

  @Column('varchar', { name: 'impact_until', length: 24, nullable: true })
  impactUntil: string | null;

  /** The organisation and post the subject held when the measure was taken. */
  @Column('varchar', { length: 200, nullable: true })
  organisation: string | null;

  @Column('varchar', { length: 200, nullable: true })
  post: string | null;

  @Column('varchar', { name: 'lifted_at', length: 24, nullable: true })
  liftedAt: string | null;

  @Column('varchar', { name: 'lifted_reason', length: 500, nullable: true })
  liftedReason: string | null;
}
