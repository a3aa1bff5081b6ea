import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The outbox of committed changes: one row per step (an opening, an event, a timeout, a record),
 * written in the step's own transaction, deleted once the notices capability has drawn its
 * notices and webhook deliveries from it (in that capability's own transaction). A crash between
 * the two leaves the row, and the sweep drains it later: nothing committed goes unannounced.
 */
@Entity('change_outbox')
export class ChangeOutboxEntity {
  @PrimaryColumn('varchar', { name: 'case_id', length: 36 })
  caseId: string;

  @PrimaryColumn('int')
  revision: number;

  @Column('varchar', { length: 24 })
  at: string;
}

/**
 * An in-app notice (通知): to the holders of a role in a unit (`role` + `unitId`, or any unit above it
 * when `above`), or to one person (`recipientSub`). `key` makes drawing it from the outbox idempotent.
 */
@Entity('notice')
@Index('IDX_notice_unit_at', ['unitId', 'at'])
@Index('IDX_notice_recipient', ['recipientSub', 'at'])
export class NoticeEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { length: 200, unique: true })
  key: string;

  /** `work` (a case now waits for you), `urge` (督办), `dueSoon` (a time limit about to lapse). */
  @Column('varchar', { length: 32 })
  kind: string;

  @Column('varchar', { name: 'case_id', length: 36 })
  caseId: string;

  @Column('varchar', { name: 'unit_id', length: 64 })
  unitId: string;

  @Column('varchar', { length: 64, nullable: true })
  role: string | null;

  @Column('boolean', { default: false })
  above: boolean;

  @Column('varchar', { name: 'recipient_sub', length: 200, nullable: true })
  recipientSub: string | null;

  /** Who caused it: not told of their own doing. */
  @Column('varchar', { name: 'actor_sub', length: 200, nullable: true })
  actorSub: string | null;

  /** JSON: what the UI renders (events, state, message, deadline kind, due time). */
  @Column('text')
  params: string;

  @Column('varchar', { length: 24 })
  at: string;
}

/** Who has read which notice. */
@Entity('notice_read')
export class NoticeReadEntity {
  @PrimaryColumn('varchar', { name: 'notice_id', length: 36 })
  noticeId: string;

  @PrimaryColumn('varchar', { length: 200 })
  sub: string;

  @Column('varchar', { name: 'read_at', length: 24 })
  readAt: string;
}

/** An outbound endpoint registered by an admin for the cases of a unit's subtree. */
@Entity('webhook')
export class WebhookEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { name: 'unit_id', length: 64 })
  unitId: string;

  @Column('varchar', { length: 2000 })
  url: string;

  @Column('varchar', { length: 200 })
  secret: string;

  /** JSON array of notice kinds. */
  @Column('text')
  kinds: string;

  @Column('varchar', { name: 'created_by', length: 200 })
  createdBy: string;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One notice to be sent to one webhook; the row is the truth, the BullMQ job (jobId = id) its driver. */
@Entity('webhook_delivery')
@Index('IDX_webhook_delivery_hook', ['webhookId', 'createdAt'])
@Index('IDX_webhook_delivery_status', ['status'])
@Index('UQ_webhook_delivery_notice', ['webhookId', 'noticeId'], { unique: true })
export class WebhookDeliveryEntity {
  @PrimaryColumn('varchar', { length: 36 })
  id: string;

  @Column('varchar', { name: 'webhook_id', length: 36 })
  webhookId: string;

  @Column('varchar', { name: 'notice_id', length: 36 })
  noticeId: string;

  /** The exact body sent (and signed). */
  @Column('text')
  body: string;

  @Column('varchar', { length: 16 })
  status: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts: number;

  /** The HTTP status of the last answer, if any. */
  @Column('int', { name: 'last_status', nullable: true })
  lastStatus: number | null;

  @Column('varchar', { name: 'last_error', length: 500, nullable: true })
  lastError: string | null;

  @Column('varchar', { name: 'created_at', length: 24 })
  createdAt: string;

  @Column('varchar', { name: 'last_attempt_at', length: 24, nullable: true })
  lastAttemptAt: string | null;

  @Column('varchar', { name: 'delivered_at', length: 24, nullable: true })
  deliveredAt: string | null;
}
