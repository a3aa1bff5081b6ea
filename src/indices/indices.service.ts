import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../engine/actor';
import { CaseTallyBuilder } from '../engine/tally/case-tally.builder';
import { Clock } from '../engine/clock';
import { EngineErrorCode, NotFoundError, UserInputError } from '../engine/errors';
import type {
  FigureDefinition,
  IndexCount,
  IndexDefinition,
  IndexQueries,
  IndicesCatalogue,
} from '../engine/index.types';
import { CaseEntity } from '../engine/persistence/case.entity';
import type { UnitEntity } from '../engine/persistence/unit.entity';
import { Jurisdiction, reachCondition, type Reach } from '../engine/units/jurisdiction';
import { WORKFLOW_CATALOGUE } from '../engine/workflow.registry';
import type { Catalogue } from '../engine/workflow.types';
import type { FigureDto, IndexCaseDto, IndexRowDto, IndicesReportDto } from './dto/indices.dto';
import type { Part } from './dto/indices.query';
import { SqlIndexQueries } from './index-queries';
import { figureOf, rankRows, scoreOf, sumsByUnit, type UnitSums } from './scoring';

/** The figures besides the rates, by the names the report gives them. */
const FIGURES = ['softMeasures', 'linkedCases', 'declinedClues', 'restrictedNow'] as const;
type FigureName = (typeof FIGURES)[number];
/** Names a figure had before, still taken by the drill-down: the share of the measures was `softAccountability`. */
const FORMER_NAMES: Record<string, FigureName> = { softAccountability: 'softMeasures' };

const empty = (en: string): FigureDefinition => ({
  label: { zh: en, en },
  rule: { zh: '未定义', en: 'Not declared' },
  facts: () => Promise.resolve([]),
});

/**
 * A figure's sums per unit: its counts where it declares them and the read model they may read
 * (case_tally) is built, else its facts (summed by the reader).
 */
const countsOf = (
  figure: IndexDefinition,
  q: IndexQueries,
  built: boolean,
): Promise<readonly IndexCount[]> => (figure.counts && built ? figure.counts(q) : figure.facts(q));

interface Scope {
  asked: UnitEntity;
  units: UnitEntity[];
  reach: Reach;
}

/**
 * GET /indices: the figures the catalogue declares (workflows/indices.ts), per unit and year, over the
 * cases each unit handles; scored with the plan's weights and ranked among siblings. Knows no figure's
 * meaning: it sums the facts each definition returns.
 */
@Injectable()
export class IndicesService {
  /** The figures the catalogue declares (their names also head the export's columns). */
  readonly figures: IndicesCatalogue;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(WORKFLOW_CATALOGUE) catalogue: Catalogue,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
    private readonly tallies: CaseTallyBuilder,
  ) {
    this.figures = catalogue.indices ?? {
      rates: [],
      softMeasures: empty('Share'),
      linkedCases: empty('Linked cases'),
      declinedClues: empty('Declined clues'),
      restrictedNow: empty('Restricted now'),
    };
  }

  /** The unit asked for (the caller's own by default) and the units below it; 404 outside reach. */
  async scope(actor: Actor, code: string | undefined): Promise<Scope> {
    const asked = code ?? actor.unit;
    if (!asked) {
      throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, 'unit is required: your token names no unit');
    }
    const reach = await this.jurisdiction.reach(actor);
    const all = await this.jurisdiction.list();
    const unit = all.find((u) => u.code === asked);
    if (!unit || !(await this.jurisdiction.reaches(reach, asked))) {
      throw new NotFoundError(EngineErrorCode.UNIT_NOT_FOUND, `No unit ${asked}`);
    }
    // Departments are not handling units: each counts in the rates of the unit it lies under.
    const units = all
      .filter((u) => u.path.startsWith(unit.path) && (u.kind !== 'department' || u.code === unit.code))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { asked: unit, units, reach };
  }

  private queries(scope: Scope, units: UnitEntity[], year: number, now: string): SqlIndexQueries {
    return new SqlIndexQueries(
      this.db,
      now,
      scope.reach,
      units.map((u) => u.code),
      year,
    );
  }

  async report(actor: Actor, year: number, code: string | undefined): Promise<IndicesReportDto> {
    const scope = await this.scope(actor, code);
    const generatedAt = this.clock.now().toISOString();
    const q = this.queries(scope, scope.units, year, generatedAt);
    const { rates } = this.figures;
    const built = await this.tallies.isBuilt();
    const [rateFacts, figureFacts, overdue] = await Promise.all([
      Promise.all(rates.map((r) => countsOf(r, q, built))),
      Promise.all(FIGURES.map((f) => countsOf(this.figures[f], q, built))),
      // by the limit's own unit (its case's, moved with it): the counts the store keeps (overdue_count)
      q.rows(
        `SELECT o.unit_id AS unit, o.kind AS kind, SUM(o.n) AS count
         FROM overdue_count o
         WHERE ${q.inScope('o')} AND o.n > 0
         GROUP BY o.unit_id, o.kind ORDER BY o.kind`,
      ),
    ]);
    // summed per unit once: a province's 111 rows each filtering every fact cost 11 ms a report
    const rateSums = rateFacts.map(sumsByUnit);
    const figureSums = figureFacts.map(sumsByUnit);
    const figure = (name: FigureName) => figureSums[FIGURES.indexOf(name)];
    const count = (sums: UnitSums, unit: string) => sums.get(unit)?.numerator ?? 0;
    const overdueOf = new Map<string, { kind: string; count: number }[]>();
    for (const r of overdue) {
      const unit = String(r.unit);
      const kinds = overdueOf.get(unit) ?? [];
      kinds.push({ kind: String(r.kind), count: q.num(r.count) });
      overdueOf.set(unit, kinds);
    }
    const baseDepth = scope.asked.path.split('/').length;
    const rows: IndexRowDto[] = scope.units.map((u) => {
      const figures: Record<string, FigureDto> = Object.fromEntries(
        rates.map((r, i) => [r.code, figureOf(rateSums[i], u.code, r.rule)]),
      );
      const soft = figureOf(figure('softMeasures'), u.code, this.figures.softMeasures.rule);
      return {
        unit: {
          code: u.code,
          name: u.name,
          parentCode: u.parentCode,
          depth: u.path.split('/').length - baseDepth,
        },
        rates: figures,
        score: scoreOf(rates.map((r) => ({ weight: r.weight, rate: figures[r.code].rate }))),
        rank: null,
        siblings: 0,
        softMeasures: soft,
        // Deprecated: the same figure under its former name (the HTTP contract's key before issue 20).
        softAccountability: soft,
        linkedCases: count(figure('linkedCases'), u.code),
        declinedClues: count(figure('declinedClues'), u.code),
        overdueNow: overdueOf.get(u.code) ?? [],
        restrictedNow: count(figure('restrictedNow'), u.code),
      };
    });
    rankRows(rows);
    return {
      year,
      unit: { code: scope.asked.code, name: scope.asked.name },
      generatedAt,
      indicators: rates.map((r) => ({ code: r.code, label: r.label, weight: r.weight })),
      rows,
    };
  }

  /** The cases behind one figure of the unit asked for (its own cases only, as its row counts them). */
  async cases(actor: Actor, year: number, code: string | undefined, asked: string, part: Part) {
    const scope = await this.scope(actor, code);
    const name = FORMER_NAMES[asked] ?? asked;
    const definition =
      this.figures.rates.find((r) => r.code === name) ??
      (FIGURES.includes(name as FigureName) ? this.figures[name as FigureName] : undefined);
    if (!definition) {
      const known = [...this.figures.rates.map((r) => r.code), ...FIGURES].join(', ');
      throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, `figure must be one of ${known}`);
    }
    const q = this.queries(scope, [scope.asked], year, this.clock.now().toISOString());
    const facts = (await definition.facts(q)).filter(
      (f) => f.unit === scope.asked.code && (part === 'numerator' ? f.numerator : f.denominator) > 0,
    );
    const ids = [...new Set(facts.flatMap((f) => f.cases))];
    const found = new Map<string, CaseEntity>();
    if (ids.length) {
      const within = reachCondition(scope.reach, 'c.unit_id');
      const cases = await this.db.manager
        .createQueryBuilder(CaseEntity, 'c')
        .where('c.id IN (:...ids)', { ids })
        .andWhere(within.sql, within.params)
        .getMany();
      for (const c of cases) found.set(c.id, c);
    }
    const items: IndexCaseDto[] = facts.flatMap((f) =>
      f.cases.flatMap((id) => {
        const c = found.get(id);
        return c
          ? [
              {
                caseId: c.id,
                workflow: c.workflow,
                title: c.title,
                state: c.state,
                detail: f.detail,
                detailText: f.text ?? null,
              },
            ]
          : [];
      }),
    );
    return { items };
  }
}
