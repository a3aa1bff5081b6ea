import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { DeadlinePageDto } from './dto/deadline-list.dto';
import { DataSource } from 'typeorm';
import { Access } from '../auth/auth.types';
import { deadlineView } from '../cases/case.views';
import { CaseEntity } from '../engine/persistence/case.entity';
import { keysetPage } from '../engine/persistence/keyset';
import { overdueSql } from '../engine/persistence/overdue';
import { Clock } from '../engine/clock';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { ListDeadlinesQuery } from './deadlines.query';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Access('deadlines')
  @ApiOperation({ summary: 'Deadlines across cases, soonest due first' })
  @ApiOkResponse({ type: DeadlinePageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: ListDeadlinesQuery) {
    const qb = this.db.manager
      .createQueryBuilder(DeadlineEntity, 'd')
      .innerJoinAndMapOne('d.case', CaseEntity, 'c', 'c.id = d.case_id');
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.before) qb.andWhere('d.due_at < :before', { before: new Date(query.before).toISOString() });
    if (query.overdue === 'true') qb.andWhere(overdueSql('d'));
    const { rows, nextCursor } = await keysetPage(
      qb,
      { columns: ['d.due_at', 'd.id'], keys: ['dueAt', 'id'], direction: 'ASC' },
      query.limit,
      query.cursor,
    );
    const now = this.clock.now();
    return {
      items: (rows as (DeadlineEntity & { case: CaseEntity })[]).map((d) => ({
        ...deadlineView(d, now),
        caseId: d.caseId,
        case: {
          title: d.case.title,
          state: d.case.state,
          status: d.case.status,
          businessKey: d.case.businessKey,
        },
      })),
      nextCursor,
    };
  }
}
