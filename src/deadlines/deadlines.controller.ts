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
import { AccessLogService } from '../access-log/access-log.service';
import { CurrentReader, type Reader } from '../access-log/reader';
import { Jurisdiction, reachCondition } from '../engine/units/jurisdiction';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
    private readonly accessLog: AccessLogService,
  ) {}

  @Get()
  @Access('deadlines')
  @ApiOperation({ summary: 'Deadlines of the cases within your reach, soonest due first (logged)' })
  @ApiOkResponse({ type: DeadlinePageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: ListDeadlinesQuery, @CurrentReader() reader: Reader) {
    const reach = reachCondition(await this.jurisdiction.reach(reader.actor), 'c.unit_id');
    const qb = this.db.manager
      .createQueryBuilder(DeadlineEntity, 'd')
      .innerJoinAndMapOne('d.case', CaseEntity, 'c', 'c.id = d.case_id')
      .where(reach.sql, reach.params);
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
    await this.accessLog.record(reader, 'deadline.list', { resultCount: rows.length, query });
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
          unitId: d.case.unitId,
        },
      })),
      nextCursor,
    };
  }
}
