import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { CaseEntity, CaseLinkEntity, IdempotencyKeyEntity } from './case.entity';
import { TransitionEntity } from './transition.entity';
import { DeadlineEntity } from './deadline.entity';
import { MeasureEntity, SubjectEntity } from './subject.entity';
import { InitialSchema1763900000000 } from './migrations/1763900000000-initial-schema';
import { AppendOnlyHistory1763900000001 } from './migrations/1763900000001-append-only-history';
import { ReadIndexes1763900000002 } from './migrations/1763900000002-read-indexes';
import { IdempotencyRequestHash1764400000000 } from './migrations/1764400000000-idempotency-request-hash';
import { UnitsAndAccessLog1764500000000 } from './migrations/1764500000000-units-and-access-log';
import { DocumentNumbers1764600000000 } from './migrations/1764600000000-document-numbers';
import { SubjectPerCase1764719000000 } from './migrations/1764719000000-subject-per-case';
import { ProvisionalDeadlines1764900000000 } from './migrations/1764900000000-provisional-deadlines';
import { WorkflowFingerprints1764900000001 } from './migrations/1764900000001-workflow-fingerprints';
import { CadreRegister1765000000000 } from './migrations/1765000000000-cadre-register';
import { ReadsAtScale1765300000000 } from './migrations/1765300000000-reads-at-scale';
import { UnitFullNames1765400000000 } from './migrations/1765400000000-unit-full-names';
import { CaseNumbers1765600000000 } from './migrations/1765600000000-case-numbers';
import { NoticesAndWebhooks1765700000000 } from './migrations/1765700000000-notices-and-webhooks';
import { CaseWaiting1765800000000 } from './migrations/1765800000000-case-waiting';
import { CaseWorkflowUnitIndex1765850000000 } from './migrations/1765850000000-case-workflow-unit-index';
import { UnitOnCaseRows1765900000000 } from './migrations/1765900000000-unit-on-case-rows';
import { CaseTally1765950000000 } from './migrations/1765950000000-case-tally';
import { CaseVersionStateIndex1766000000000 } from './migrations/1766000000000-case-version-state-index';
import { DeadlineProvisionalIndex1766000000001 } from './migrations/1766000000001-deadline-provisional-index';
import { UnitCounts1766100000000 } from './migrations/1766100000000-unit-counts';
import { Restrictions1766100000001 } from './migrations/1766100000001-restrictions';
import { UnitEntity } from './unit.entity';
import { WorkflowFingerprintEntity } from './workflow-fingerprint.entity';
import { AccessLogEntity } from './access-log.entity';
import {
  ChangeOutboxEntity,
  NoticeEntity,
  NoticeReadEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
} from './notice.entity';

export const ENTITIES = [
  CaseEntity,
  CaseLinkEntity,
  IdempotencyKeyEntity,
  TransitionEntity,
  DeadlineEntity,
  SubjectEntity,
  MeasureEntity,
  UnitEntity,
  AccessLogEntity,
  WorkflowFingerprintEntity,
  ChangeOutboxEntity,
  NoticeEntity,
  NoticeReadEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
export const MIGRATIONS = [
  InitialSchema1763900000000,
  AppendOnlyHistory1763900000001,
  ReadIndexes1763900000002,
  IdempotencyRequestHash1764400000000,
  UnitsAndAccessLog1764500000000,
  DocumentNumbers1764600000000,
  SubjectPerCase1764719000000,
  ProvisionalDeadlines1764900000000,
  WorkflowFingerprints1764900000001,
  CadreRegister1765000000000,
  ReadsAtScale1765300000000,
  UnitFullNames1765400000000,
  CaseNumbers1765600000000,
  NoticesAndWebhooks1765700000000,
  CaseWaiting1765800000000,
  CaseWorkflowUnitIndex1765850000000,
  UnitOnCaseRows1765900000000,
  CaseTally1765950000000,
  CaseVersionStateIndex1766000000000,
  DeadlineProvisionalIndex1766000000001,
  UnitCounts1766100000000,
  Restrictions1766100000001,
];

/** SQLite (better-sqlite3, WAL) by default; PostgreSQL when DATABASE_URL is set. Schema by migrations only. */
export interface StoreSettings {
  /** PostgreSQL URL; when unset, SQLite at DATABASE_PATH. */
  DATABASE_URL?: string;
  DATABASE_PATH: string;
  /** PostgreSQL: the pool's connections (10 when unset). */
  DATABASE_POOL_SIZE?: number;
}

export function dataSourceOptions(config: StoreSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  } as const;
  if (config.DATABASE_URL) {
    return {
      ...common,
      type: 'postgres',
      url: config.DATABASE_URL,
      extra: { max: config.DATABASE_POOL_SIZE ?? 10 },
    };
  }
  if (config.DATABASE_PATH !== ':memory:') mkdirSync(dirname(config.DATABASE_PATH), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.DATABASE_PATH,
    enableWAL: true,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
  };
}
