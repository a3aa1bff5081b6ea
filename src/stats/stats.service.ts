import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../engine/clock';
import { overdueSql } from '../engine/persistence/overdue';
import type { ReportQueries } from '../engine/report.types';
import { WorkflowRegistry } from '../engine/workflow.registry';
import type { Label, WorkflowDefinition } from '../engine/workflow.types';
import { num, SqlReportQueries } from './report-queries';
import type { Actor } from '../engine/actor';
import { Jurisdiction } from '../engine/units/jurisdiction';

/** One report a workflow declares, as served: its title and whatever its `run` returned. */
export interface ServedReport {
  title: Label;
  data: unknown;
}

/**
 * Dashboard figures, computed in the database with GROUP BY. The generic figures hold for any
 * workflow (stages come from its machine, deadline kinds and measure types from the data); what
 * only one procedure knows how to count is a report that workflow declares, run here alongside.
 * Every query is plain SQL over the engine's tables that runs on SQLite and PostgreSQL alike.
 */
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  /** The workflow asked for, or the catalogue's first one. */
  private workflowOf(name: string | undefined): WorkflowDefinition {
    if (name !== undefined) return this.registry.latest(name);
    const first = this.registry.all()[0];
    if (!first) throw new Error('The workflow catalogue is empty');
    return first;
  }

  /** The figures over the cases within the caller's reach. */
  async stats(name: string | undefined, actor: Actor) {
    const wf = this.workflowOf(name);
    const stages = Object.keys(wf.machine.root.states);
    const generatedAt = this.clock.now().toISOString();
    const reach = await this.jurisdiction.reach(actor);
    const q = new SqlReportQueries(this.db, wf.name, generatedAt, stages, reach);
    const [casesByStage, outcomes, overdueByKind, measuresByType, timeInStage, reports] = await Promise.all([
      this.casesByStage(q, stages),
      this.outcomes(q),
      this.overdueByKind(q),
      this.measuresByType(q),
      this.timeInStage(q, stages),
      this.reports(q, wf),
    ]);
    return {
      workflow: wf.name,
      generatedAt,
      stages,
      casesByStage,
      outcomes,
      overdueByKind,
      // a workflow whose effects never record measures has no such figure
      recordsMeasures: wf.effectTypes.includes('recordMeasures'),
      measuresByType,
      timeInStage,
      reports,
    };
  }

  /** Every report the workflow declares, run in parallel, in declaration order. */
  private async reports(q: ReportQueries, wf: WorkflowDefinition): Promise<Record<string, ServedReport>> {
    const entries = await Promise.all(
      Object.entries(wf.reports ?? {}).map(
        async ([key, report]) => [key, { title: report.title, data: await report.run(q) }] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  private async casesByStage(q: ReportQueries, stages: string[]) {
    const stage = q.stageOf('c.state');
    const rows = await q.rows(
      `SELECT ${stage} AS stage, COUNT(*) AS count,
         SUM(CASE WHEN EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id AND ${overdueSql('d')})
           THEN 1 ELSE 0 END) AS overdue
       FROM "case" c WHERE ${q.inScope('c')} GROUP BY ${stage}`,
    );
    const byStage = new Map(rows.map((r) => [String(r.stage), r]));
    return stages.map((s) => ({
      stage: s,
      count: num(byStage.get(s)?.count),
      overdue: num(byStage.get(s)?.overdue),
    }));
  }

  private async outcomes(q: ReportQueries) {
    const rows = await q.rows(
      `SELECT c.outcome AS outcome, COUNT(*) AS count FROM "case" c
       WHERE ${q.inScope('c')} AND c.status = 'closed'
       GROUP BY c.outcome ORDER BY COUNT(*) DESC`,
    );
    return rows.map((r) => ({ outcome: String(r.outcome ?? 'unknown'), count: num(r.count) }));
  }

  /**
   * Per deadline kind: `overdue` now (the one rule of src/engine/persistence/overdue.ts), `lapsed` ever (fired
   * limits that flag lateness, settled or not), `pending` (still running).
   */
  private async overdueByKind(q: ReportQueries) {
    const rows = await q.rows(
      `SELECT d.kind AS kind,
         SUM(CASE WHEN ${overdueSql('d')} THEN 1 ELSE 0 END) AS overdue,
         SUM(CASE WHEN d.status = 'fired' AND d.flags_overdue THEN 1 ELSE 0 END) AS lapsed,
         SUM(CASE WHEN d.status = 'pending' THEN 1 ELSE 0 END) AS pending
       FROM deadline d INNER JOIN "case" c ON c.id = d.case_id
       WHERE ${q.inScope('c')} GROUP BY d.kind ORDER BY d.kind`,
    );
    return rows.map((r) => ({
      kind: String(r.kind),
      overdue: num(r.overdue),
      lapsed: num(r.lapsed),
      pending: num(r.pending),
    }));
  }

  private async measuresByType(q: ReportQueries) {
    const rows = await q.rows(
      `SELECT m.type AS type, COUNT(*) AS count,
         SUM(CASE WHEN m.lifted_at IS NULL THEN 0 ELSE 1 END) AS lifted
       FROM measure m INNER JOIN "case" c ON c.id = m.case_id AND m.subject_id = c.subject_id
       WHERE ${q.inScope('c')} GROUP BY m.type ORDER BY COUNT(*) DESC`,
    );
    return rows.map((r) => ({ type: String(r.type), count: num(r.count), lifted: num(r.lifted) }));
  }

  /**
   * Time in each stage: for every history row, the time until the case's next row (seq + 1), or
   * until now when the case is still active in that stage, summed per stage.
   */
  private async timeInStage(q: ReportQueries, stages: string[]) {
    const stage = q.stageOf('t.to_state');
    const rows = await q.rows(
      `SELECT ${stage} AS stage, SUM(${q.elapsedMs('t.at', 'COALESCE(n.at, :now)')}) AS "totalMs",
         COUNT(DISTINCT t.case_id) AS cases
       FROM transition t
       INNER JOIN "case" c ON c.id = t.case_id
       LEFT JOIN transition n ON n.case_id = t.case_id AND n.seq = t.seq + 1
       WHERE ${q.inScope('c')} AND (n.id IS NOT NULL OR c.status = 'active')
       GROUP BY ${stage}`,
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
}
