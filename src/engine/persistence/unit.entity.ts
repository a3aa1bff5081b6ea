import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const UNIT_KINDS = ['committee', 'government', 'department', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** The kinds a department may lie under. */
export const DEPARTMENT_PARENT_KINDS: readonly UnitKind[] = ['committee', 'government'];

/** A body in the organisation tree. Units are never moved or renamed in place, so a path never changes. */
@Entity('unit')
export class UnitEntity {
  /** How the API names the unit (e.g. an administrative division code). */
  @PrimaryColumn('varchar', { length: 64 })
  code: string;

  @Column('varchar', { length: 200 })
  name: string;

  /** The full name its documents are headed and signed with (中共青龙县纪律检查委员会), if given. */
  @Column('varchar', { name: 'full_name', length: 200, nullable: true })
  fullName: string | null;

  /** The short name (简称) that heads the unit's case numbers, e.g. 县纪; the name when absent. */
  @Column('varchar', { name: 'short_name', length: 64, nullable: true })
  shortName: string | null;

  @Column('varchar', { name: 'parent_code', length: 64, nullable: true })
  parentCode: string | null;

  /** Materialised path of codes from the root, `/prov/city/county/`: a subtree is `path LIKE '/prov/city/%'`. */
  @Index('IDX_unit_path')
  @Column('varchar', { length: 1000 })
  path: string;

  /** What body the unit is: a department lies under a committee or government unit. */
  @Column('varchar', { length: 16, default: 'committee' })
  kind: UnitKind;

  /** A department's overseeing leader (分管领导): a ref on the register of the unit above. */
  @Column('varchar', { name: 'leader_ref', length: 200, nullable: true })
  leaderRef: string | null;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;
}
