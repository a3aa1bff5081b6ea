import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A deployed workflow version's machine as first deployed: its fingerprint and the canonical definition hashed. */
@Entity('workflow_fingerprint')
export class WorkflowFingerprintEntity {
  @PrimaryColumn('varchar', { length: 100 })
  workflow: string;

  @PrimaryColumn('int')
  version: number;

  /** SHA-256 (hex) of `definition`. */
  @Column('varchar', { length: 64 })
  fingerprint: string;

  /** The canonical JSON of the machine's structure, kept to say what changed. */
  @Column('text')
  definition: string;

  @Column('varchar', { name: 'deployed_at', length: 24 })
  deployedAt: string;
}
