export const NOTICE_QUEUE = 'notices';
/** Drain the change outbox (all of it: rows of linked cases too). */
export const DRAIN_JOB = 'drain';

export const WEBHOOK_QUEUE = 'webhooks';
export const DELIVER_JOB = 'deliver';

export interface DeliverJob {
  deliveryId: string;
}

/** What a notice is about. */
export const NOTICE_KINDS = ['work', 'urge', 'dueSoon'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
