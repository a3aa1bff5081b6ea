import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '../engine/persistence/case.entity';
import { NoticeEntity, WebhookDeliveryEntity, WebhookEntity } from '../engine/persistence/notice.entity';
import { Jurisdiction } from '../engine/units/jurisdiction';
import type { NoticeKind } from './notice.queue';

/** A notice to be written: to the holders of `role` in the case's unit (or above), or to one person. */
export interface NoticeDraft {
  key: string;
  kind: NoticeKind;
  role: string | null;
  above: boolean;
  recipientSub: string | null;
  actorSub: string | null;
  params: Record<string, unknown>;
  at: string;
}

/** The body of a webhook delivery (what the receiver gets, signed). */
export interface WebhookBody {
  deliveryId: string;
  webhookId: string;
  notice: {
    id: string;
    kind: string;
    at: string;
    /** Whom it is for: a role in a unit (or above it), or a person (`sub`). */
    audience: { unit: string; role: string | null; above: boolean; sub: string | null };
    params: Record<string, unknown>;
  };
  case: { id: string; workflow: string; businessKey: string; title: string; state: string; unit: string };
}

/**
 * Writes notices and, in the same transaction, one delivery row per webhook whose unit's subtree holds
 * the case and which asked for the notice's kind. A notice written already (same key) is left as it is.
 * Returns the ids of the deliveries written, for the queue.
 */
@Injectable()
export class NoticeWriter {
  constructor(private readonly jurisdiction: Jurisdiction) {}

  async write(m: EntityManager, row: CaseEntity, drafts: NoticeDraft[]): Promise<string[]> {
    if (!drafts.length) return [];
    const hooks = await this.hooksFor(m, row.unitId);
    const deliveries: string[] = [];
    for (const draft of drafts) {
      if (await m.exists(NoticeEntity, { where: { key: draft.key } })) continue;
      const notice: NoticeEntity = {
        id: randomUUID(),
        key: draft.key,
        kind: draft.kind,
        caseId: row.id,
        unitId: row.unitId,
        role: draft.role,
        above: draft.above,
        recipientSub: draft.recipientSub,
        actorSub: draft.actorSub,
        params: JSON.stringify(draft.params),
        at: draft.at,
      };
      await m.insert(NoticeEntity, notice);
      for (const hook of hooks) {
        if (!(JSON.parse(hook.kinds) as string[]).includes(draft.kind)) continue;
        const id = randomUUID();
        const body: WebhookBody = {
          deliveryId: id,
          webhookId: hook.id,
          notice: {
            id: notice.id,
            kind: notice.kind,
            at: notice.at,
            audience: { unit: row.unitId, role: draft.role, above: draft.above, sub: draft.recipientSub },
            params: draft.params,
          },
          case: {
            id: row.id,
            workflow: row.workflow,
            businessKey: row.businessKey,
            title: row.title,
            state: row.state,
            unit: row.unitId,
          },
        };
        await m.insert(WebhookDeliveryEntity, {
          id,
          webhookId: hook.id,
          noticeId: notice.id,
          body: JSON.stringify(body),
          status: 'pending',
          attempts: 0,
          lastStatus: null,
          lastError: null,
          createdAt: draft.at,
          lastAttemptAt: null,
          deliveredAt: null,
        });
        deliveries.push(id);
      }
    }
    return deliveries;
  }

  /** The webhooks registered for a unit at or above the case's unit. */
  private async hooksFor(m: EntityManager, unitId: string): Promise<WebhookEntity[]> {
    const hooks = await m.find(WebhookEntity);
    if (!hooks.length) return [];
    const casePath = await this.jurisdiction.pathOf(unitId, m);
    if (!casePath) return [];
    const out: WebhookEntity[] = [];
    for (const hook of hooks) {
      const path = await this.jurisdiction.pathOf(hook.unitId, m);
      if (path && casePath.startsWith(path)) out.push(hook);
    }
    return out;
  }
}
