import type { IndexCount } from '../engine/index.types';
import type { Label } from '../engine/workflow.types';
import type { FigureDto, IndexRowDto } from './dto/indices.dto';

/** Facts' (or counts') numerators and denominators summed per unit, in one pass. */
export type UnitSums = ReadonlyMap<string, { numerator: number; denominator: number }>;

export function sumsByUnit(facts: readonly IndexCount[]): UnitSums {
  const sums = new Map<string, { numerator: number; denominator: number }>();
  for (const f of facts) {
    const sum = sums.get(f.unit);
    if (sum) {
      sum.numerator += f.numerator;
      sum.denominator += f.denominator;
    } else sums.set(f.unit, { numerator: f.numerator, denominator: f.denominator });
  }
  return sums;
}

/** A unit's figure: the sums of its facts' numerators and denominators, and their ratio. */
export function figureOf(sums: UnitSums, unit: string, rule: Label): FigureDto {
  const { numerator, denominator } = sums.get(unit) ?? { numerator: 0, denominator: 0 };
  return { numerator, denominator, rate: denominator ? numerator / denominator : null, rule };
}

/**
 * The weighted mean of the rates that exist, 0–100, the weights renormalised over them (two decimals);
 * null when no rate exists or the weights of those that do add up to 0.
 */
export function scoreOf(rates: readonly { weight: number; rate: number | null }[]): number | null {
  let weights = 0;
  let sum = 0;
  for (const { weight, rate } of rates) {
    if (rate === null) continue;
    weights += weight;
    sum += weight * rate * 100;
  }
  return weights ? Math.round((sum / weights) * 100) / 100 : null;
}

/** Ranks each row by score among the rows with the same parent (1 = best, ties share a rank). */
export function rankRows(rows: IndexRowDto[]): void {
  for (const row of rows) {
    const siblings = rows.filter((r) => r.unit.parentCode === row.unit.parentCode);
    row.siblings = siblings.length;
    const score = row.score;
    row.rank = score === null ? null : 1 + siblings.filter((r) => r.score !== null && r.score > score).length;
  }
}
