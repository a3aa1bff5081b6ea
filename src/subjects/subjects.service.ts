import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CasesQuery } from '../cases/cases.query';
import { Clock } from '../engine/clock';
import { EngineErrorCode, NotFoundError } from '../engine/errors';
import { MeasureEntity, SubjectEntity } from '../engine/persistence/subject.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The lifelong record of a person or organisation (终身问责). */
@Injectable()
export class SubjectsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesQuery,
    private readonly clock: Clock,
  ) {}

  /** By id, or by the subject's own reference (personnel number, organisation code). */
  async record(idOrRef: string) {
    const subject = await this.db.manager.findOneBy(
      SubjectEntity,
      UUID.test(idOrRef) ? { id: idOrRef } : { ref: idOrRef },
    );
    if (!subject) throw new NotFoundError(EngineErrorCode.SUBJECT_NOT_FOUND, `No subject ${idOrRef}`);
    const [measures, cases] = await Promise.all([
      this.db.manager.find(MeasureEntity, { where: { subjectId: subject.id }, order: { decidedAt: 'ASC' } }),
      this.cases.list({ subjectId: subject.id, limit: 100 }),
    ]);
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
