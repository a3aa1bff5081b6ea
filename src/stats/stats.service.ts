import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { TransitionEntity } from '../engine/persistence/transition.entity';
import { CaseEntity } from '../engine/persistence/case.entity';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { DeadlineEntity } from '../engine/persistence/deadline.entity';
import { Clock } from '../engine/clock';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { MeasureEntity } from '../engine/persistence/subject.entity';

type Row = Record<string, string | number | null>;

const num = (v: string | number | null | undefined): number =>
  v === null || v === undefined ? 0 : Number(v);
const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Supervisors' figures, computed in the database with GROUP BY. Every query is plain SQL that runs
 * on SQLite and PostgreSQL alike; the one dialect difference (subtracting two ISO timestamps) is
 * isolated in `elapsedMs`.
 */
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly registry: WorkflowRegistry,
    private readonly clock: Clock,
  ) {}

  async stats(workflow: string) {
    const wf = this.registry.latest(workflow);
    const stages = Object.keys(wf.machine.root.states);
    const [byStage, outcomes, overdue, measures, timeInStage, rectification, appeals] = await Promise.all([
      this.casesByStage(workflow, stages),
      this.outcomes(workflow),
      this.overdueByKind(workflow),
      this.measuresByType(workflow),
      this.timeInStage(workflow, stages),
      this.rectificationByOrganisation(workflow),
      this.appealOutcomes(workflow),
    ]);
    return {
      workflow,
      generatedAt: this.clock.now().toISOString(),
      stages,
      casesByStage: byStage,
      outcomes,
      overdueByKind: overdue,
      measuresByType: measures,
      timeInStage,
      rectificationByOrganisation: rectification,
      appeals,
    };
  }

  /** The top-level stage of a (possibly parallel, comma-separated) state path, as a SQL CASE. */
  private stageExpr(column: string, stages: string[]): string {
    const whens = stages.map(
      (s) => `WHEN ${column} = ${quote(s)} OR ${column} LIKE ${quote(`${s}.%`)} THEN ${quote(s)}`,
    );
    return `CASE ${whens.join(' ')} ELSE 'other' END`;
  }

  /** Milliseconds from one ISO 8601 text column to another. */
  private elapsedMs(from: string, to: string): string {
    return this.tx.isPostgres
      ? `EXTRACT(EPOCH FROM (CAST(${to} AS timestamptz) - CAST(${from} AS timestamptz))) * 1000`
      : `(julianday(${to}) - julianday(${from})) * 86400000.0`;
  }

  private rows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<Row[]> {
    return qb.getRawMany<Row>();
  }

  private async casesByStage(workflow: string, stages: string[]) {
    const stage = this.stageExpr('c.state', stages);
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(CaseEntity, 'c')
        .select(stage, 'stage')
        .addSelect('COUNT(*)', 'count')
        .addSelect(
          `SUM(CASE WHEN EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND d.status = 'fired'
            AND d.flags_overdue = :yes AND d.settled_at IS NULL) THEN 1 ELSE 0 END)`,
          'overdue',
        )
        .where('c.workflow = :workflow', { workflow, yes: this.yes })
        .groupBy(stage),
    );
    const byStage = new Map(rows.map((r) => [String(r.stage), r]));
    return stages.map((s) => ({
      stage: s,
      count: num(byStage.get(s)?.count),
      overdue: num(byStage.get(s)?.overdue),
    }));
  }

  private async outcomes(workflow: string) {
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(CaseEntity, 'c')
        .select('c.outcome', 'outcome')
        .addSelect('COUNT(*)', 'count')
        .where("c.workflow = :workflow AND c.status = 'closed'", { workflow })
        .groupBy('c.outcome')
        .orderBy('COUNT(*)', 'DESC'),
    );
    return rows.map((r) => ({ outcome: String(r.outcome ?? 'unknown'), count: num(r.count) }));
  }

  private get yes(): boolean | number {
    return this.tx.isPostgres ? true : 1;
  }

  private async overdueByKind(workflow: string) {
    const lapsed = "d.status = 'fired' AND d.flags_overdue = :yes";
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(DeadlineEntity, 'd')
        .innerJoin(CaseEntity, 'c', 'c.id = d.case_id')
        .select('d.kind', 'kind')
        .addSelect(`SUM(CASE WHEN ${lapsed} AND d.settled_at IS NULL THEN 1 ELSE 0 END)`, 'overdue')
        .addSelect(`SUM(CASE WHEN ${lapsed} THEN 1 ELSE 0 END)`, 'lapsed')
        .addSelect("SUM(CASE WHEN d.status = 'pending' THEN 1 ELSE 0 END)", 'pending')
        .where('c.workflow = :workflow', { workflow, yes: this.yes })
        .groupBy('d.kind')
        .orderBy('d.kind'),
    );
    return rows.map((r) => ({
      kind: String(r.kind),
      overdue: num(r.overdue),
      lapsed: num(r.lapsed),
      pending: num(r.pending),
    }));
  }

  private async measuresByType(workflow: string) {
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(MeasureEntity, 'm')
        .innerJoin(CaseEntity, 'c', 'c.id = m.case_id')
        .select('m.type', 'type')
        .addSelect('COUNT(*)', 'count')
        .addSelect('SUM(CASE WHEN m.lifted_at IS NULL THEN 0 ELSE 1 END)', 'lifted')
        .where('c.workflow = :workflow', { workflow })
        .groupBy('m.type')
        .orderBy('COUNT(*)', 'DESC'),
    );
    return rows.map((r) => ({ type: String(r.type), count: num(r.count), lifted: num(r.lifted) }));
  }

  /**
   * Time in each stage: for every history row, the time until the case's next row (seq + 1), or
   * until now when the case is still active in that stage, summed per stage.
   */
  private async timeInStage(workflow: string, stages: string[]) {
    const stage = this.stageExpr('t.to_state', stages);
    const until = 'COALESCE(n.at, :now)';
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(TransitionEntity, 't')
        .innerJoin(CaseEntity, 'c', 'c.id = t.case_id')
        .leftJoin(TransitionEntity, 'n', 'n.case_id = t.case_id AND n.seq = t.seq + 1')
        .select(stage, 'stage')
        .addSelect(`SUM(${this.elapsedMs('t.at', until)})`, 'totalMs')
        .addSelect('COUNT(DISTINCT t.case_id)', 'cases')
        .where('c.workflow = :workflow', { workflow, now: this.clock.now().toISOString() })
        .andWhere("(n.id IS NOT NULL OR c.status = 'active')")
        .groupBy(stage),
    );
    const byStage = new Map(rows.map((r) => [String(r.stage), r]));
    return stages
      .filter((s) => byStage.has(s))
      .map((s) => {
        const r = byStage.get(s)!;
        const cases = num(r.cases);
        const totalMs = Math.max(0, Math.round(num(r.totalMs)));
        return { stage: s, cases, totalMs, averageMs: cases ? Math.round(totalMs / cases) : 0 };
      });
  }

  /** Cases whose decision set a rectification (限期整改), and how many passed verification, per organisation. */
  private async rectificationByOrganisation(workflow: string) {
    const organisation = "COALESCE(CASE WHEN s.kind = 'organisation' THEN s.name END, s.organisation, '-')";
    const had = (condition: string) =>
      `SUM(CASE WHEN EXISTS (SELECT 1 FROM transition r WHERE r.case_id = c.id AND ${condition}) THEN 1 ELSE 0 END)`;
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(CaseEntity, 'c')
        .innerJoin('subject', 's', 's.id = c.subject_id')
        .select(organisation, 'organisation')
        .addSelect(had("r.to_state LIKE '%rectification.rectifying%'"), 'required')
        .addSelect(had(`r.type = 'VERIFY_RECTIFICATION' AND r.payload LIKE '%"passed":true%'`), 'completed')
        .addSelect(had("r.to_state LIKE '%rectification.escalated%'"), 'escalated')
        .where('c.workflow = :workflow', { workflow })
        .groupBy(organisation),
    );
    return rows
      .map((r) => {
        const required = num(r.required);
        const completed = num(r.completed);
        return {
          organisation: String(r.organisation),
          required,
          completed,
          escalated: num(r.escalated),
          rate: required ? completed / required : null,
        };
      })
      .filter((r) => r.required > 0)
      .sort((a, b) => b.required - a.required || a.organisation.localeCompare(b.organisation));
  }

  private async appealOutcomes(workflow: string) {
    const outcome = `CASE WHEN t.type = 'FILE_APPEAL' THEN 'filed'
      WHEN t.payload LIKE '%"outcome":"upheld"%' THEN 'upheld'
      WHEN t.payload LIKE '%"outcome":"amended"%' THEN 'amended'
      WHEN t.payload LIKE '%"outcome":"revoked"%' THEN 'revoked' ELSE 'other' END`;
    const rows = await this.rows(
      this.db.manager
        .createQueryBuilder(TransitionEntity, 't')
        .innerJoin(CaseEntity, 'c', 'c.id = t.case_id')
        .select(outcome, 'outcome')
        .addSelect('COUNT(*)', 'count')
        .where('c.workflow = :workflow', { workflow })
        .andWhere("t.type IN ('FILE_APPEAL', 'RESOLVE_APPEAL')")
        .groupBy(outcome),
    );
    const count = (o: string) => num(rows.find((r) => r.outcome === o)?.count);
    const resolved = count('upheld') + count('amended') + count('revoked');
    return {
      filed: count('filed'),
      pending: Math.max(0, count('filed') - resolved),
      outcomes: (['upheld', 'amended', 'revoked'] as const).map((o) => ({ outcome: o, count: count(o) })),
    };
  }
}
