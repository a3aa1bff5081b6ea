import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, In } from 'typeorm';
import { CaseEntity } from '../engine/persistence/case.entity';
import { Clock } from '../engine/clock';
import { AccessLogEntity } from '../engine/persistence/access-log.entity';
import { keysetPage, likeContains, type Page } from '../engine/persistence/keyset';
import { Jurisdiction, reachCondition, type Reach } from '../engine/units/jurisdiction';
import type { AccessLogQuery } from './dto/access-log.query';
import type { Reader } from './reader';

/** What was read: one case's records, a subject's record, or a list. */
export interface ReadRecord {
  caseId?: string;
  subjectId?: string;
  /** The handling unit of the case read. */
  unitId?: string;
  /** For lists: how many items the answer held, and the filters asked for. */
  resultCount?: number;
  query?: object;
}

export interface AccessLogItem {
  id: string;
  at: string;
  actor: { sub: string; roles: string[]; unit: string | null };
  action: string;
  caseId: string | null;
  subjectId: string | null;
  unitId: string | null;
  /** The case read, when it is within the reader's reach now. */
  case: { title: string; businessKey: string } | null;
  requestId: string;
  resultCount: number | null;
  query: unknown;
}

/**
 * The access log (查阅登记): every read of confidential records is written before the answer leaves,
 * in the same request. A read whose record cannot be written fails instead of going unrecorded.
 */
@Injectable()
export class AccessLogService {
  /** One statement, prepared once by the driver: TypeORM's insert would build it anew for every read. */
  private readonly insertSql: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
  ) {
    const marks = Array.from({ length: 12 }, (_, i) => (db.options.type === 'postgres' ? `$${i + 1}` : '?'));
    this.insertSql = `INSERT INTO access_log (id, at, actor_sub, actor_roles, actor_unit, action, case_id,
      subject_id, unit_id, request_id, result_count, query) VALUES (${marks.join(', ')})`;
  }

  async record(reader: Reader, action: string, what: ReadRecord = {}): Promise<void> {
    await this.db.query(this.insertSql, [
      randomUUID(),
      this.clock.now().toISOString(),
      reader.actor.sub,
      JSON.stringify(reader.actor.roles),
      reader.actor.unit ?? null,
      action,
      what.caseId ?? null,
      what.subjectId ?? null,
      what.unitId ?? null,
      reader.requestId.slice(0, 200),
      what.resultCount ?? null,
      what.query && Object.keys(what.query).length ? JSON.stringify(what.query) : null,
    ]);
  }

  /** Entries about the caller's subtree: reads of its cases, and reads by its users. Newest first. */
  async search(reader: Reader, query: AccessLogQuery): Promise<Page<AccessLogItem>> {
    const reach = await this.jurisdiction.reach(reader.actor);
    const qb = this.db.manager.createQueryBuilder(AccessLogEntity, 'a');
    const byCase = reachCondition(reach, 'a.unit_id');
    const byActor = reachCondition(reach, 'a.actor_unit', 'actorPrefix');
    qb.where(new Brackets((b) => b.where(byCase.sql, byCase.params).orWhere(byActor.sql, byActor.params)));
    if (query.actor) qb.andWhere('a.actor_sub = :actor', { actor: query.actor });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.caseId) qb.andWhere('a.case_id = :caseId', { caseId: query.caseId });
    if (query.subjectId) qb.andWhere('a.subject_id = :subjectId', { subjectId: query.subjectId });
    if (query.q) {
      const inReach = reachCondition(reach, 'qc.unit_id', 'qcPrefix');
      qb.andWhere(
        `a.case_id IN (SELECT qc.id FROM "case" qc WHERE (qc.title LIKE :q ESCAPE '\\' OR qc.business_key LIKE :q ESCAPE '\\') AND ${inReach.sql})`,
        { q: likeContains(query.q), ...inReach.params },
      );
    }
    if (query.from) qb.andWhere('a.at >= :from', { from: new Date(query.from).toISOString() });
    if (query.to) qb.andWhere('a.at < :to', { to: new Date(query.to).toISOString() });
    const { rows, nextCursor } = await keysetPage(
      qb,
      { columns: ['a.at', 'a.id'], keys: ['at', 'id'], direction: 'DESC' },
      query.limit,
      query.cursor,
    );
    const cases = await this.casesInReach(reach, rows);
    return { items: rows.map((r) => item(r, cases.get(r.caseId ?? '') ?? null)), nextCursor };
  }

  /** The titles and numbers of the cases read, only for those within the reader's reach. */
  private async casesInReach(reach: Reach, rows: AccessLogEntity[]) {
    const ids = [...new Set(rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))];
    const found = new Map<string, { title: string; businessKey: string }>();
    if (!ids.length) return found;
    const inReach = reachCondition(reach, 'c.unit_id');
    const cases = await this.db.manager
      .createQueryBuilder(CaseEntity, 'c')
      .select(['c.id', 'c.title', 'c.businessKey'])
      .where({ id: In(ids) })
      .andWhere(inReach.sql, inReach.params)
      .getMany();
    for (const c of cases) found.set(c.id, { title: c.title, businessKey: c.businessKey });
    return found;
  }
}

function item(row: AccessLogEntity, readCase: AccessLogItem['case']): AccessLogItem {
  return {
    id: row.id,
    at: row.at,
    actor: { sub: row.actorSub, roles: JSON.parse(row.actorRoles) as string[], unit: row.actorUnit },
    action: row.action,
    caseId: row.caseId,
    subjectId: row.subjectId,
    unitId: row.unitId,
    case: readCase,
    requestId: row.requestId,
    resultCount: row.resultCount,
    query: row.query === null ? null : (JSON.parse(row.query) as unknown),
  };
}
