import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../engine/actor';
import { Clock } from '../engine/clock';
import { CaseEntity } from '../engine/persistence/case.entity';
import { NoticeEntity, NoticeReadEntity } from '../engine/persistence/notice.entity';
import { Jurisdiction, reachCondition } from '../engine/units/jurisdiction';
import type { NoticeDto, NoticePageDto } from './dto/notice.dto';

/**
 * The caller's own notices: those for a role they hold in their own unit (or, for events declared for
 * the unit above, a unit within their reach), and those for them in person; always only about cases
 * within their reach now, never about what they did themselves.
 */
@Injectable()
export class NoticesQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: Jurisdiction,
    private readonly clock: Clock,
  ) {}

  async page(actor: Actor, limit: number, unreadOnly = false): Promise<NoticePageDto> {
    const qb = await this.mine(actor);
    if (!qb) return { items: [], unread: 0 };
    const rows = await (unreadOnly ? qb.clone().andWhere('r.notice_id IS NULL') : qb.clone())
      .select(['n.id AS id', 'n.kind AS kind', 'n.role AS role', 'n.params AS params', 'n.at AS at'])
      .addSelect(['c.id AS case_id', 'c.title AS title', 'c.business_key AS business_key'])
      .addSelect(['c.workflow AS workflow', 'c.unit_id AS unit_id', 'r.read_at AS read_at'])
      .orderBy('n.at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit)
      .getRawMany<Record<string, string | null>>();
    const items: NoticeDto[] = rows.map((r) => ({
      id: r.id!,
      kind: r.kind!,
      case: {
        id: r.case_id!,
        title: r.title!,
        businessKey: r.business_key!,
        workflow: r.workflow!,
        unitId: r.unit_id!,
      },
      role: r.role,
      params: JSON.parse(r.params!) as Record<string, unknown>,
      at: r.at!,
      read: r.read_at !== null,
    }));
    return { items, unread: await this.unread(actor, qb) };
  }

  async unread(actor: Actor, built?: SelectQueryBuilder<NoticeEntity> | null): Promise<number> {
    const qb = built === undefined ? await this.mine(actor) : built;
    if (!qb) return 0;
    return qb.clone().andWhere('r.notice_id IS NULL').getCount();
  }

  /** Marks one of the caller's notices read (again: no change); someone else's is 404. */
  async markRead(actor: Actor, id: string): Promise<{ id: string; read: boolean; unread: number }> {
    const qb = await this.mine(actor);
    const found = qb && (await qb.clone().andWhere('n.id = :id', { id }).getExists());
    if (!found) throw new NotFoundException(`No notice ${id} of yours`);
    const exists = await this.db.manager.exists(NoticeReadEntity, {
      where: { noticeId: id, sub: actor.sub },
    });
    if (!exists) {
      await this.db.manager
        .createQueryBuilder()
        .insert()
        .into(NoticeReadEntity)
        .values({ noticeId: id, sub: actor.sub, readAt: this.clock.now().toISOString() })
        .orIgnore()
        .execute();
    }
    return { id, read: true, unread: await this.unread(actor, qb) };
  }

  private async mine(actor: Actor): Promise<SelectQueryBuilder<NoticeEntity> | null> {
    const reach = await this.jurisdiction.reach(actor);
    if (reach.kind === 'none') return null;
    const inReach = reachCondition(reach, 'c.unit_id');
    const roles = actor.roles.length ? actor.roles : ['\u0000'];
    return this.db.manager
      .createQueryBuilder(NoticeEntity, 'n')
      .innerJoin(CaseEntity, 'c', 'c.id = n.case_id')
      .leftJoin(NoticeReadEntity, 'r', 'r.notice_id = n.id AND r.sub = :sub', { sub: actor.sub })
      .where(inReach.sql, inReach.params)
      .andWhere(
        new Brackets((b) =>
          b.where('n.actor_sub IS NULL').orWhere('n.actor_sub <> :sub', { sub: actor.sub }),
        ),
      )
      .andWhere(
        new Brackets((b) =>
          b
            .where('n.recipient_sub = :sub', { sub: actor.sub })
            .orWhere(
              new Brackets((byRole) =>
                byRole
                  .where('n.role IN (:...roles)', { roles })
                  .andWhere(
                    new Brackets((unit) =>
                      unit.where('n.unit_id = :unit', { unit: actor.unit ?? '' }).orWhere('n.above = true'),
                    ),
                  ),
              ),
            ),
        ),
      );
  }
}
