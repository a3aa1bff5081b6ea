import { readFileSync } from 'node:fs';
import { GRADES, type Band } from '../machines/assessment.types';
import type { Label } from '../src/engine/workflow.types';
import DEFAULT_PLAN from '../config/assessment-indicators.json';

/*
 * The annual assessment's indicator plan (年度考核指标): which indicators a unit is scored on and
 * their default weights. The seeds' five come in config/assessment-indicators.json; a deployment
 * points ASSESSMENT_INDICATORS_FILE at its own file. Read once, when the catalogue is loaded: the
 * published schemas (the keys of `weights` and `scores`) follow it, and a plan that is not sound
 * stops the start with a message naming the file and the problem.
 *
 * The plan's grade bands (考核等次) say which grade a weighted on-site total falls in; the committee's
 * grade follows it (rule gradeFollowsScore). The seeds' practice, a local policy: excellent from 90,
 * good from 80, pass from 60, fail below.
 */

export interface IndicatorSeed {
  code: string;
  label: Label;
  weight: number;
}

/** An indicator code: a key of the scores and weights objects in payloads. */
const CODE = /^[a-z][A-Za-z0-9]{0,39}$/;

/** The weights of a plan add up to this. */
export const WEIGHT_TOTAL = 100;

/** Checks a plan read from `source`; returns it or throws with what is wrong. */
export function checkPlan(plan: unknown, source: string): IndicatorSeed[] {
  const fail = (why: string): never => {
    throw new Error(`assessment indicator plan (${source}): ${why}`);
  };
  const list = (plan as { indicators?: unknown } | null)?.indicators;
  if (!Array.isArray(list) || list.length < 1 || list.length > 20) {
    return fail('"indicators" must be a list of 1 to 20 indicators');
  }
  const seen = new Set<string>();
  const out = list.map((raw: unknown, i): IndicatorSeed => {
    const { code, label, weight } = (raw ?? {}) as Record<string, unknown>;
    if (typeof code !== 'string' || !CODE.test(code)) {
      return fail(
        `indicator ${i + 1}: "code" must be 1 to 40 letters and digits starting with a lower-case letter`,
      );
    }
    if (seen.has(code)) return fail(`indicator ${code} is listed twice`);
    seen.add(code);
    const { zh, en } = (label ?? {}) as Record<string, unknown>;
    if (typeof zh !== 'string' || !zh || typeof en !== 'string' || !en) {
      return fail(`indicator ${code}: "label" must have zh and en`);
    }
    if (!Number.isInteger(weight) || (weight as number) < 0 || (weight as number) > WEIGHT_TOTAL) {
      return fail(`indicator ${code}: "weight" must be a whole number from 0 to ${WEIGHT_TOTAL}`);
    }
    return { code, label: { zh, en }, weight: weight as number };
  });
  const sum = out.reduce((a, b) => a + b.weight, 0);
  if (sum !== WEIGHT_TOTAL) fail(`the weights add up to ${sum}, not ${WEIGHT_TOTAL}`);
  return out;
}

/**
 * Checks a plan's grade bands read from `source`: each grade once, from excellent down to fail, each
 * minimum from 0 to 100 and below the one before, the last (fail) from 0 — so that every total from 0
 * to 100 falls in exactly one band. Returns them or throws with what is wrong.
 */
export function checkBands(plan: unknown, source: string): Band[] {
  const fail = (why: string): never => {
    throw new Error(`assessment indicator plan (${source}): ${why}`);
  };
  const list = (plan as { bands?: unknown } | null)?.bands;
  const order = GRADES.join(', ');
  if (!Array.isArray(list) || list.length !== GRADES.length) {
    return fail(`"bands" must list the ${GRADES.length} grades, each with its minimum total: ${order}`);
  }
  const bands = list.map((raw: unknown, i): Band => {
    const { grade, min } = (raw ?? {}) as Record<string, unknown>;
    if (grade !== GRADES[i]) return fail(`band ${i + 1} must be ${GRADES[i]} (the bands run ${order})`);
    if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 100) {
      return fail(`band ${GRADES[i]}: "min" must be a number from 0 to 100`);
    }
    return { grade: GRADES[i], min };
  });
  bands.slice(1).forEach((b, i) => {
    if (b.min >= bands[i].min) {
      fail(`band ${b.grade} starts at ${b.min}, not below ${bands[i].grade} (${bands[i].min})`);
    }
  });
  const last = bands[bands.length - 1];
  if (last.min !== 0) fail(`band ${last.grade} must start at 0, so that every total has a grade`);
  return bands;
}

function read(): { plan: unknown; source: string } {
  const file = process.env.ASSESSMENT_INDICATORS_FILE;
  if (!file) return { plan: DEFAULT_PLAN, source: 'config/assessment-indicators.json' };
  try {
    return { plan: JSON.parse(readFileSync(file, 'utf8')), source: `ASSESSMENT_INDICATORS_FILE ${file}` };
  } catch (error) {
    throw new Error(`ASSESSMENT_INDICATORS_FILE ${file}: ${(error as Error).message}`, { cause: error });
  }
}

const { plan, source } = read();

/** The deployment's indicators, in order, with their default weights. */
export const INDICATORS: readonly IndicatorSeed[] = checkPlan(plan, source);
/** The deployment's grade bands, from excellent down to fail. */
export const GRADE_BANDS: readonly Band[] = checkBands(plan, source);
export const INDICATOR_CODES: readonly string[] = INDICATORS.map((i) => i.code);
