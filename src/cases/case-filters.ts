import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { EngineErrorCode, UserInputError } from '../engine/errors';
import { escapeLike, likeContains } from '../engine/persistence/keyset';
import { overdueSql } from '../engine/persistence/overdue';
import type { CaseEntity } from '../engine/persistence/case.entity';
import type { ListCasesQuery } from './dto/list-cases.query';

export type CaseFilters = Omit<ListCasesQuery, 'limit' | 'cursor'>;

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The opening-time range as stored times: a date alone means the whole calendar day at UTC+8 (the
 * service's calendar, as for deadlines and indices), so `openedTo`
 * of a date is the end of that day. A reversed range is refused, not answered with nothing.
 */
export function openedRange(f: Pick<CaseFilters, 'openedFrom' | 'openedTo'>): {
  from?: string;
  before?: string;
} {
  const from = f.openedFrom === undefined ? undefined : instant(f.openedFrom, 'openedFrom');
  let before: string | undefined;
  if (f.openedTo !== undefined) {
    const to = instant(f.openedTo, 'openedTo');
    // The end of the named day, or just after the named instant (inclusive either way).
    before = new Date(Date.parse(to) + (DATE_ONLY.test(f.openedTo) ? DAY_MS : 1)).toISOString();
  }
  if (from !== undefined && before !== undefined && from >= before) {
    throw new UserInputError(
      EngineErrorCode.PAYLOAD_INVALID,
      `openedFrom (${f.openedFrom}) is after openedTo (${f.openedTo}): give the earlier date first`,
    );
  }
  return { from, before };
}

function instant(value: string, name: string): string {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(ms)) {
    throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, `${name} is not a date: ${value}`);
  }
  return new Date(ms).toISOString();
}

/** The list's filters on a query of cases aliased `c` (GET /cases, its export). */
export function applyCaseFilters(qb: SelectQueryBuilder<CaseEntity>, f: CaseFilters, now: Date): void {
  const { from, before } = openedRange(f);
  if (f.unitId) qb.andWhere('c.unit_id = :unitId', { unitId: f.unitId });
  if (f.workflow) qb.andWhere('c.workflow = :workflow', { workflow: f.workflow });
  if (f.status) qb.andWhere('c.status = :status', { status: f.status });
  // The person (every case's record of the same ref), not the one case whose record has this id.
  if (f.subjectId) {
    qb.andWhere(
      'c.subject_id IN (SELECT sr.id FROM subject sr WHERE sr.ref = (SELECT si.ref FROM subject si WHERE si.id = :subjectId))',
      { subjectId: f.subjectId },
    );
  }
  if (f.state) {
    const state = escapeLike(f.state);
    qb.andWhere(
      new Brackets((b) =>
        b
          .where("(',' || c.state || ',') LIKE :stateExact ESCAPE '\\'", { stateExact: `%,${state},%` })
          .orWhere("(',' || c.state) LIKE :statePrefix ESCAPE '\\'", { statePrefix: `%,${state}.%` }),
      ),
    );
  }
  if (f.q) {
    const q = likeContains(f.q);
    qb.andWhere(
      new Brackets((b) =>
        b
          .where("c.title LIKE :q ESCAPE '\\'", { q })
          .orWhere("c.business_key LIKE :q ESCAPE '\\'", { q })
          .orWhere("c.case_no LIKE :q ESCAPE '\\'", { q }),
      ),
    );
  }
  if (f.subject) {
    qb.andWhere("c.subject_id IN (SELECT s.id FROM subject s WHERE s.name LIKE :subjectName ESCAPE '\\')", {
      subjectName: likeContains(f.subject),
    });
  }
  if (f.organisation) {
    qb.andWhere(
      "c.subject_id IN (SELECT so.id FROM subject so WHERE so.organisation LIKE :subjectOrg ESCAPE '\\')",
      { subjectOrg: likeContains(f.organisation) },
    );
  }
  if (f.actor) {
    // Walks IDX_transition_actor: the cases this user opened or sent an event of (records too).
    qb.andWhere('c.id IN (SELECT t.case_id FROM transition t WHERE t.actor_sub = :actorSub)', {
      actorSub: f.actor,
    });
  }
  if (from !== undefined) qb.andWhere('c.created_at >= :openedFrom', { openedFrom: from });
  if (before !== undefined) qb.andWhere('c.created_at < :openedBefore', { openedBefore: before });
  if (f.overdue !== undefined) {
    // A scalar subquery per case as the page is walked: as EXISTS, SQLite first built a Bloom filter
    // over every deadline row (the whole table, at each request).
    const exists = `(SELECT 1 FROM deadline d WHERE d.case_id = c.id AND ${overdueSql('d')} LIMIT 1) IS NOT NULL`;
    qb.andWhere(f.overdue ? exists : `NOT ${exists}`);
  }
  if (f.dueWithinDays !== undefined) {
    qb.andWhere(
      "EXISTS (SELECT 1 FROM deadline dd WHERE dd.case_id = c.id AND dd.status = 'pending' AND dd.due_at <= :dueBy)",
      { dueBy: new Date(now.getTime() + f.dueWithinDays * DAY_MS).toISOString() },
    );
  }
}
