import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CasesQuery } from '../cases/cases.query';
import { Clock } from '../engine/clock';
import { EngineErrorCode, NotFoundError } from '../engine/errors';
import { MeasureEntity, SubjectEntity } from '../engine/persistence/subject.entity';
import type { Actor } from '../engine/actor';
import { CaseEntity } from '../engine/persistence/case.entity';
import { Jurisdiction, reachCondition } from '../engine/units/jurisdiction';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The lifelong record of a person or organisation (终身问责). */
@Injectable()
export class SubjectsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesQuery,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  /**
   * By id, or by the subject's own reference (personnel number, organisation code). Only the cases
   * within the caller's reach and their measures are listed; a subject with none is not found.
   */
  async record(idOrRef: string, actor: Actor) {
    const subject = await this.db.manager.findOneBy(
      SubjectEntity,
      UUID.test(idOrRef) ? { id: idOrRef } : { ref: idOrRef },
    );
    const notFound = new NotFoundError(EngineErrorCode.SUBJECT_NOT_FOUND, `No subject ${idOrRef}`);
    if (!subject) throw notFound;
    const reach = reachCondition(await this.jurisdiction.reach(actor), 'c.unit_id');
    const [measures, cases] = await Promise.all([
      this.db.manager
        .createQueryBuilder(MeasureEntity, 'm')
        .innerJoin(CaseEntity, 'c', 'c.id = m.case_id')
        .where('m.subject_id = :subjectId', { subjectId: subject.id })
        .andWhere(reach.sql, reach.params)
        .orderBy('m.decidedAt', 'ASC')
        .getMany(),
      this.cases.list({ subjectId: subject.id, limit: 100 }, actor),
    ]);
    if (cases.items.length === 0) throw notFound;
    const now = this.clock.now().toISOString();
    const impactPeriods = measures
      .filter((m) => m.impactUntil && !m.liftedAt)
      .map((m) => ({
        measureId: m.id,
        caseId: m.caseId,
        type: m.type,
        detail: m.detail,
        from: m.decidedAt,
        until: m.impactUntil as string,
        running: (m.impactUntil as string) > now,
      }));
    const running = impactPeriods.filter((p) => p.running).map((p) => p.until);
    const restrictedUntil = running.length ? running.sort().at(-1)! : null;
    return {
      ...subject,
      cases: cases.items,
      measures: measures.map((m) => ({ ...m, lifted: m.liftedAt !== null })),
      impactPeriods,
      restricted: restrictedUntil !== null,
      restrictedUntil,
    };
  }
}
