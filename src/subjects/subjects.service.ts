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

/** The subject as one case within reach was opened with. */
export interface SubjectVersion {
  subjectId: string;
  caseId: string;
  at: string;
  kind: SubjectEntity['kind'];
  name: string;
  organisation: string | null;
  post: string | null;
}

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
   * By id (a case's subject record, within reach) or by the subject's own reference (personnel number,
   * organisation code). Only the cases within the caller's reach are listed, with their measures and
   * the subject as each was opened (`versions`); the name, organisation and post shown are those of the
   * latest of them. A subject with no case within reach is not found.
   */
  async record(idOrRef: string, actor: Actor) {
    const notFound = new NotFoundError(EngineErrorCode.SUBJECT_NOT_FOUND, `No subject ${idOrRef}`);
    const byId = UUID.test(idOrRef);
    const asked = byId ? await this.db.manager.findOneBy(SubjectEntity, { id: idOrRef }) : null;
    const ref = byId ? asked?.ref : idOrRef;
    if (ref === undefined) throw notFound;
    const reach = reachCondition(await this.jurisdiction.reach(actor), 'c.unit_id');
    const versions = await this.versions(ref, reach);
    if (versions.length === 0 || (byId && !versions.some((v) => v.subjectId === idOrRef))) throw notFound;
    const [first, latest] = [versions[0], versions[versions.length - 1]];
    const [measures, cases] = await Promise.all([
      this.db.manager
        .createQueryBuilder(MeasureEntity, 'm')
        .innerJoin(CaseEntity, 'c', 'c.id = m.case_id')
        .where('m.subject_id IN (SELECT sr.id FROM subject sr WHERE sr.ref = :ref)', { ref })
        .andWhere(reach.sql, reach.params)
        .orderBy('m.decidedAt', 'ASC')
        .getMany(),
      this.cases.list({ subjectId: first.subjectId, limit: 100 }, actor),
    ]);
    const { kind, name, organisation, post } = latest;
    return {
      id: first.subjectId,
      ref,
      kind,
      name,
      organisation,
      post,
      createdAt: first.at,
      updatedAt: latest.at,
      versions,
      cases: cases.items,
      // the unit and the person's ref on a measure row serve the indices' reads, not the record
      measures: measures.map(({ unitId: _unit, subjectRef: _ref, ...m }) => ({
        ...m,
        lifted: m.liftedAt !== null,
      })),
      ...this.impact(measures),
    };
  }

  /**
   * The subject as each case of `ref` within reach was opened with (or named them), oldest first: a
   * case's own subject, or a subject its measures name (a row of theirs tied to the case). Two branches
   * of a UNION, each on its own index (case.subject_id, measure.subject_id): one join on `a OR b` got
   * none on PostgreSQL and read every case. UNION drops a pair both branches find.
   */
  private async versions(ref: string, reach: { sql: string; params: Record<string, string> }) {
    const columns = `s.id AS "subjectId", c.id AS "caseId", s.created_at AS "at", s.kind AS "kind",
      s.name AS "name", s.organisation AS "organisation", s.post AS "post"`;
    const [sql, values] = this.db.driver.escapeQueryWithParameters(
      `SELECT v."subjectId", v."caseId", v."at", v."kind", v."name", v."organisation", v."post" FROM (
         SELECT ${columns} FROM subject s INNER JOIN "case" c ON c.subject_id = s.id
         WHERE s.ref = :ref AND ${reach.sql}
         UNION
         SELECT ${columns} FROM subject s INNER JOIN measure mc ON mc.subject_id = s.id
           INNER JOIN "case" c ON c.id = mc.case_id
         WHERE s.ref = :ref AND ${reach.sql}
       ) v
       ORDER BY v."at" ASC, v."subjectId" ASC, v."caseId" ASC`,
      { ...reach.params, ref },
    );
    const rows = (await this.db.query(sql, values)) as SubjectVersion[];
    return rows.map((r) => ({ ...r, organisation: r.organisation ?? null, post: r.post ?? null }));
  }

  /** The impact periods of the measures not lifted, and until when the subject is restricted. */
  private impact(measures: MeasureEntity[]) {
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
    return { impactPeriods, restricted: restrictedUntil !== null, restrictedUntil };
  }
}
