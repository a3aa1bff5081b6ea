import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export const CADRE_STATUSES = ['active', 'left'] as const;
export type CadreStatus = (typeof CADRE_STATUSES)[number];

/**
 * A person on a unit's register (干部名册): their post and rank, and the department they work in. A
 * person who leaves is marked `left` (with the date), never deleted: a case may name them.
 */
@Entity('cadre')
@Unique('UQ_cadre_unit_ref', ['unitCode', 'ref'])
export class CadreEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  /** The unit on whose register the person is. */
  @Column('varchar', { name: 'unit_code', length: 64 })
  unitCode: string;

  /** The person's identifier (personnel number, 人员编号/身份标识): unique within a unit. */
  @Index('IDX_cadre_ref')
  @Column('varchar', { length: 200 })
  ref: string;

  @Column('varchar', { length: 200 })
  name: string;

  /** 职务 */
  @Column('varchar', { length: 200, nullable: true })
  post: string | null;

  /** 职级 */
  @Column('varchar', { length: 64, nullable: true })
  rank: string | null;

  /** The department (a unit of kind department under the person's unit) they work in. */
  @Column('varchar', { name: 'department_code', length: 64, nullable: true })
  departmentCode: string | null;

  @Column('varchar', { length: 8, default: 'active' })
  status: CadreStatus;

  @Column('varchar', { name: 'left_at', length: 24, nullable: true })
  leftAt: string | null;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;

  @Column('varchar', { name: 'updated_at', length: 24 })
  updatedAt: string;
}
