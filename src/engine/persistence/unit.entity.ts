import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A body in the organisation tree. Units are never moved or renamed in place, so a path never changes. */
@Entity('unit')
export class UnitEntity {
  /** How the API names the unit (e.g. an administrative division code). */
  @PrimaryColumn('varchar', { length: 64 })
  code: string;

  @Column('varchar', { length: 200 })
  name: string;

  /** The short name (简称) that heads the unit's case numbers, e.g. 县纪; the name when absent. */
  @Column('varchar', { name: 'short_name', length: 64, nullable: true })
  shortName: string | null;

  @Column('varchar', { name: 'parent_code', length: 64, nullable: true })
  parentCode: string | null;

  /** Materialised path of codes from the root, `/prov/city/county/`: a subtree is `path LIKE '/prov/city/%'`. */
  @Index('IDX_unit_path')
  @Column('varchar', { length: 1000 })
  path: string;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;
}
