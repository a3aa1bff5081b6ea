import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.types';
import { deadlineView } from '../cases/case.views';
import { CaseEntity } from '../engine/persistence/case.entity';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { Clock } from '../engine/clock';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { ListDeadlinesQuery } from './deadlines.query';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('supervisor', 'admin', 'leader', 'officer', 'committee')
  @ApiOperation({ summary: 'Deadlines across cases, soonest due first' })
  async list(@Query() query: ListDeadlinesQuery) {
    const qb = this.db.manager
      .createQueryBuilder(DeadlineEntity, 'd')
      .innerJoinAndMapOne('d.case', CaseEntity, 'c', 'c.id = d.case_id');
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.before) qb.andWhere('d.due_at < :before', { before: new Date(query.before).toISOString() });
    if (query.overdue === 'true') {
      qb.andWhere("d.status = 'fired' AND d.flags_overdue = :yes AND d.settled_at IS NULL", {
        yes: this.tx.isPostgres ? true : 1,
      });
    }
    if (query.cursor) {
      const [dueAt, id] = decodeCursor(query.cursor, 2);
      qb.andWhere('(d.due_at > :cDue OR (d.due_at = :cDue AND d.id > :cId))', { cDue: dueAt, cId: id });
    }
    const rows = (await qb
      .orderBy('d.due_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(query.limit + 1)
      .getMany()) as (DeadlineEntity & { case: CaseEntity })[];
    const page = rows.slice(0, query.limit);
    const now = this.clock.now();
    const last = page[page.length - 1];
    return {
      items: page.map((d) => ({
        ...deadlineView(d, now),
        caseId: d.caseId,
        case: {
          title: d.case.title,
          state: d.case.state,
          status: d.case.status,
          businessKey: d.case.businessKey,
        },
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.dueAt, last.id]) : null,
    };
  }
}
