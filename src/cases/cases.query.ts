import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { Clock } from '../engine/clock';
import { EngineError, EngineErrorCode, NotFoundError, UserInputError } from '../engine/errors';
import { keysetPage, type Page } from '../engine/persistence/keyset';
import { allowedEvents, blockedEvents, callerChoices, type CallerChoice } from '../engine/transition.step';
import type { Actor } from '../engine/actor';
import { restoreSnapshot } from '../engine/machine-snapshot';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { SubjectEntity } from '../engine/persistence/subject.entity';
import { CaseEntity } from '../engine/persistence/case.entity';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import { chainBreak } from '../engine/history/chain-check';
import { Jurisdiction, type Reach } from '../engine/units/jurisdiction';
import { caseSummary, deadlineView } from './case.views';
import { CaseViewSql, type CaseViewRows, type LinkRow } from './case-view.sql';
import type { ListCasesQuery } from './dto/list-cases.query';
import { applyCaseFilters, type CaseFilters } from './case-filters';
import { CadreLookup } from '../register/register.lookup';

export type CaseSummary = ReturnType<typeof caseSummary>;

/** Reads of cases for the API; writes go through the engine. */
@Injectable()
export class CasesQuery {
  private readonly view: CaseViewSql;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
    private readonly register: CadreLookup,
  ) {
    this.view = new CaseViewSql(db);
  }

  /** See CaseViewSql.readerInTransaction: for ApplyOptions.alsoRead, its rows for get(). */
  get viewReaderInTransaction() {
    return this.view.readerInTransaction();
  }

  /**
   * The case view; pass the row (and its snapshot) when the caller has them already (e.g. as just
   * committed by the engine, which checked the caller's reach).
   */
  async get(
    id: string,
    actor: Actor,
    row?: CaseEntity,
    snapshot?: AnyMachineSnapshot,
    rows?: CaseViewRows | null,
  ) {
    // Read with the rest of the view (one snapshot on PostgreSQL), unless the engine handed it over.
    const read = rows ?? (await this.view.read(id, row));
    if (!read) throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${id}`);
    const { row: c, subject, deadlines, links: linked } = read;
    if (!row) await this.jurisdiction.assertReads(actor, c.unitId, id);
    const links = await this.visibleLinks(id, linked, await this.jurisdiction.reach(actor));
    const now = this.clock.now();
    const views = deadlines.map((d) => deadlineView(d, now));
    const machine = this.machineView(c, actor, snapshot);
    const summary = caseSummary(c, subject, views);
    // An individual on the register of the case's unit (or one below): who they are there now.
    const cadre =
      subject?.kind === 'individual' ? await this.register.linkedCadre(subject.ref, c.unitId) : null;
    return {
      ...summary,
      subject: summary.subject ? { ...summary.subject, cadre } : null,
      context: machine.context,
      allowedEvents: machine.allowed,
      yourEvents: machine.yourEvents,
      eventVariants: machine.eventVariants,
      eventPrefill: machine.eventPrefill,
      eventChoices: machine.eventChoices,
      blockedEvents: machine.blockedEvents,
      ...(machine.problem ? { problem: machine.problem } : {}),
      deadlines: views,
      links,
    };
  }

  /** What the machine says about the case now; a case whose version is gone can still be read. */
  private machineView(c: CaseEntity, actor: Actor, committed?: AnyMachineSnapshot) {
    try {
      const wf = this.registry.get(c.workflow, c.workflowVersion);
      const snapshot = committed ?? restoreSnapshot(wf.machine, c.snapshot);
      const allowed = allowedEvents(wf, snapshot);
      const eventChoices: Record<string, Record<string, CallerChoice[]>> = {};
      const yourEvents = allowed.filter((e) => {
        if (!wf.events[e].roles.some((r) => actor.roles.includes(r))) return false;
        const { offered, choices } = callerChoices(wf, snapshot.context, e, actor.sub);
        if (choices && offered) eventChoices[e] = choices;
        return offered;
      });
      const eventVariants: Record<string, string> = {};
      for (const [type, policy] of Object.entries(wf.events)) {
        if (policy.payload && typeof policy.payload !== 'function') {
          eventVariants[type] = policy.payload.select(snapshot.context);
        }
      }
      const blocked = blockedEvents(wf, snapshot, allowed, (e) =>
        wf.events[e].roles.some((r) => actor.roles.includes(r)),
      );
      const eventPrefill: Record<string, Record<string, unknown>> = {};
      for (const type of yourEvents) {
        const start = wf.events[type].prefill?.(snapshot.context, actor.sub);
        if (start) eventPrefill[type] = start;
      }
      return {
        context: snapshot.context as unknown,
        allowed,
        yourEvents,
        eventVariants,
        eventPrefill,
        eventChoices,
        blockedEvents: blocked,
        problem: null,
      };
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      const stored = JSON.parse(c.snapshot) as { context: unknown };
      return {
        context: stored.context,
        allowed: [],
        yourEvents: [],
        eventVariants: {},
        eventPrefill: {},
        eventChoices: {},
        blockedEvents: [],
        problem: error.message,
      };
    }
  }

  /** Links to the cases within the caller's reach; the others are not mentioned at all. */
  private async visibleLinks(id: string, rows: LinkRow[], reach: Reach) {
    const links = [];
    for (const r of rows) {
      if (!(await this.jurisdiction.reaches(reach, r.other.unitId))) continue;
      const outgoing = r.fromCaseId === id;
      links.push({
        caseId: r.other.id,
        relation: r.relation,
        direction: outgoing ? ('opened' as const) : ('openedBy' as const),
        workflow: r.other.workflow,
        title: r.other.title,
        state: r.other.state,
        status: r.other.status,
      });
    }
    return links;
  }

  /** Cases within the caller's reach, newest first. */
  async list(query: ListCasesQuery, actor: Actor): Promise<Page<CaseSummary & { chainBroken?: true }>> {
    const qb = await this.filtered(query, actor);
    const { rows, nextCursor } = await keysetPage(
      qb,
      { columns: ['c.created_at', 'c.id'], keys: ['createdAt', 'id'], direction: 'DESC' },
      query.limit,
      query.cursor,
    );
    const items = await this.summaries(rows);
    const broken = await this.brokenChains(rows);
    return { items: items.map((s) => (broken.has(s.id) ? { ...s, chainBroken: true } : s)), nextCursor };
  }

  /**
   * The cases of a page whose hash chain does not verify (rows changed, missing or added behind the
   * engine's back): the chain only, without the replay and the files GET /cases/:id/verify adds.
   */
  private async brokenChains(cases: CaseEntity[]): Promise<Set<string>> {
    if (!cases.length) return new Set();
    const rows = await this.db.manager.find(TransitionEntity, {
      where: { caseId: In(cases.map((c) => c.id)) },
      order: { caseId: 'ASC', seq: 'ASC' },
    });
    const byCase = new Map<string, TransitionEntity[]>();
    for (const r of rows) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r]);
    return new Set(cases.filter((c) => chainBreak(c, byCase.get(c.id) ?? []) !== undefined).map((c) => c.id));
  }

  /**
   * Every case the filters match within the caller's reach, newest first (the export): refused when
   * more than `max` match, so that a download is never cut short silently.
   */
  async all(filters: CaseFilters, actor: Actor, max: number): Promise<CaseSummary[]> {
    const qb = await this.filtered(filters, actor);
    const count = await qb.getCount();
    if (count > max) {
      throw new UserInputError(
        EngineErrorCode.PAYLOAD_INVALID,
        `${count} cases match; an export holds at most ${max}: narrow the filters (e.g. openedFrom/openedTo)`,
        { count, max },
      );
    }
    const rows = await qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').getMany();
    const out: CaseSummary[] = [];
    for (let i = 0; i < rows.length; i += 500) out.push(...(await this.summaries(rows.slice(i, i + 500))));
    return out;
  }

  private async filtered(filters: CaseFilters, actor: Actor) {
    const qb = this.db.manager.createQueryBuilder(CaseEntity, 'c');
    const reach = await this.jurisdiction.pageCondition(await this.jurisdiction.reach(actor), 'c.unit_id');
    qb.where(reach.sql, reach.params);
    applyCaseFilters(qb, filters, this.clock.now());
    return qb;
  }

  /** Summaries of these cases, in their order (with subject, overdue limits and the next deadline). */
  summariesOf(cases: CaseEntity[]): Promise<CaseSummary[]> {
    return this.summaries(cases);
  }

  private async summaries(cases: CaseEntity[]): Promise<CaseSummary[]> {
    if (!cases.length) return [];
    const ids = cases.map((c) => c.id);
    const [subjects, deadlines] = await Promise.all([
      this.db.manager.findBy(SubjectEntity, { id: In([...new Set(cases.map((c) => c.subjectId))]) }),
      this.db.manager.findBy(DeadlineEntity, { caseId: In(ids), status: In(['fired', 'pending']) }),
    ]);
    const now = this.clock.now();
    const subjectById = new Map(subjects.map((s) => [s.id, s]));
    return cases.map((c) =>
      caseSummary(
        c,
        subjectById.get(c.subjectId) ?? null,
        deadlines.filter((d) => d.caseId === c.id).map((d) => deadlineView(d, now)),
      ),
    );
  }
}
