import { IsInt, IsNumber, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import {
  GRADES,
  MAX_PEOPLE,
  MAX_PROBLEMS,
  MAX_RESULTS,
  RESULT_KINDS,
  type Grade,
  type PayloadOf,
  type Person,
  type Problem,
  type Result,
  type ResultKind,
  type Scores,
  type UnitLeader,
} from '../machines/assessment.types';
import {
  DateTimeField,
  FutureDateTimeField,
  Labelled,
  Nested,
  NestedList,
  Optional,
  publish,
  TextField,
} from '../src/engine/payload-fields';
import { INDICATOR_CODES, INDICATORS, WEIGHT_TOTAL } from './assessment.indicators';

const SHORT = 200;
const LONG = 20_000;
const MAX_EVIDENCE = 50;

export const GRADE_LABELS = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
} satisfies Record<Grade, { zh: string; en: string }>;

/** The kinds of result applied (考核结果运用). */
export const RESULT_LABELS = {
  reward: { zh: '奖励表彰', en: 'Reward or commendation' },
  talk: { zh: '约谈谈话', en: 'Talk (约谈)' },
  adjustment: { zh: '组织调整', en: 'Organisational adjustment' },
  other: { zh: '其他运用', en: 'Other' },
} satisfies Record<ResultKind, { zh: string; en: string }>;

/** The year assessed: a whole number from 2000 to 2100. */
export function YearField(): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(2000)(target, key);
    Max(2100)(target, key);
    publish({ type: 'integer' })(target, key); // Min and Max alone would publish `type: number`
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with the keys of a per-indicator object, or null: exactly the deployment's indicators. */
function keysProblem(key: string, value: unknown): string | null {
  if (!isPlainObject(value))
    return `${key} must be an object with a value per indicator (${INDICATOR_CODES.join(', ')})`;
  const missing = INDICATOR_CODES.filter((c) => !Object.hasOwn(value, c));
  const unknown = Object.keys(value).filter((c) => !INDICATOR_CODES.includes(c));
  if (!missing.length && !unknown.length) return null;
  return (
    `${key} must have exactly the indicators ${INDICATOR_CODES.join(', ')}` +
    (missing.length ? `; missing: ${missing.join(', ')}` : '') +
    (unknown.length ? `; unknown: ${unknown.join(', ')}` : '')
  );
}

/** A per-indicator object whose values each pass `ok`; refused (400) with the first problem found. */
function perIndicator(
  name: string,
  value: { type: 'integer' | 'number'; describe: string; ok: (v: unknown) => boolean },
  extra: (key: string, obj: Record<string, number>) => string | null,
  schemaExtra: Record<string, unknown>,
  description: string,
): PropertyDecorator {
  const problem = (key: string, v: unknown): string | null => {
    const keys = keysProblem(key, v);
    if (keys) return keys;
    const obj = v as Record<string, unknown>;
    const bad = INDICATOR_CODES.find((c) => !value.ok(obj[c]));
    if (bad) return `${key}.${bad} must be ${value.describe} (got ${JSON.stringify(obj[bad])})`;
    return extra(key, obj as Record<string, number>);
  };
  return (target, key) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(key),
      options: { message: (args: ValidationArguments) => problem(args.property, args.value) ?? '' },
      validator: { validate: (v: unknown) => problem(String(key), v) === null },
    });
    publish(() => ({
      type: 'object',
      description,
      properties: Object.fromEntries(
        INDICATORS.map((i) => [
          i.code,
          { type: value.type, minimum: 0, maximum: 100, title: `${i.label.zh} ${i.label.en}` },
        ]),
      ),
      required: [...INDICATOR_CODES],
      additionalProperties: false,
      ...schemaExtra,
    }))(target, key);
  };
}

const isScore = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;
const isWeight = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= WEIGHT_TOTAL;

/** A score from 0 to 100 for each indicator of the plan. */
export function ScoresField(): PropertyDecorator {
  return perIndicator(
    'indicatorScores',
    { type: 'number', describe: 'a score from 0 to 100', ok: isScore },
    () => null,
    {},
    'A score from 0 to 100 for each indicator',
  );
}

/**
 * A weight for each indicator, whole numbers adding up to 100. Published with `x-sum: 100` (a
 * Wenze keyword: the values of the object's properties add up to this), which says exactly that.
 */
export function WeightsField(): PropertyDecorator {
  return perIndicator(
    'indicatorWeights',
    { type: 'integer', describe: `a whole number from 0 to ${WEIGHT_TOTAL}`, ok: isWeight },
    (key, obj) => {
      const sum = INDICATOR_CODES.reduce((a, c) => a + obj[c], 0);
      if (sum === WEIGHT_TOTAL) return null;
      const parts = INDICATOR_CODES.map((c) => `${c} ${obj[c]}`).join(' + ');
      return `${key} must add up to ${WEIGHT_TOTAL}: ${parts} = ${sum}`;
    },
    { 'x-sum': WEIGHT_TOTAL },
    `A weight for each indicator, whole numbers adding up to ${WEIGHT_TOTAL}; by default ` +
      INDICATORS.map((i) => `${i.code} ${i.weight}`).join(', '),
  );
}

/** A list of `min` to `max` strings of 1 to `maxChars` characters (code points, as JSON Schema counts). */
function TextList(maxChars: number, min: number, max: number): PropertyDecorator {
  const problem = (key: string, v: unknown): string | null => {
    if (!Array.isArray(v) || v.length < min || v.length > max)
      return `${key} must be a list of ${min} to ${max} texts`;
    const i = v.findIndex((t) => typeof t !== 'string' || [...t].length < 1 || [...t].length > maxChars);
    return i < 0 ? null : `${key}[${i}] must be a text of 1 to ${maxChars} characters`;
  };
  return (target, key) => {
    registerDecorator({
      name: 'textList',
      target: target.constructor,
      propertyName: String(key),
      options: { message: (args: ValidationArguments) => problem(args.property, args.value) ?? '' },
      validator: { validate: (v: unknown) => problem(String(key), v) === null },
    });
    publish(() => ({
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: maxChars },
      minItems: min,
      maxItems: max,
    }))(target, key);
  };
}

export class AssessmentUnitLeaderDto implements UnitLeader {
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class AssessmentProblemDto implements Problem {
  @TextField(LONG)
  description: string;

  /** The person answerable for rectifying it. */
  @TextField(SHORT)
  responsible: string;

  /** When it must be rectified: the due date of its item in the rectification case. */
  @FutureDateTimeField()
  dueAt: string;
}

/** A person of the assessed unit: the supervisory responsible person, or someone a result names. */
export class AssessmentPersonDto implements Person {
  /** Their stable reference (personnel number): the key of their lifelong record. */
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

/** What POST /cases carries for an assessment besides the common fields (the subject is the assessed unit). */
export class AssessmentOpenPayload {
  /** The year assessed. */
  @YearField()
  year: number;

  /** The unit's principal leader (主体责任): pursued in an accountability case if the unit fails (倒查). */
  @Nested(() => AssessmentUnitLeaderDto)
  unitLeader: AssessmentUnitLeaderDto;

  /** The unit's supervisory responsible person (监督责任, the discipline head): pursued too if the unit fails. */
  @Nested(() => AssessmentPersonDto)
  supervisor: AssessmentPersonDto;

  /** This assessment's weights; without them the deployment's defaults (config/assessment-indicators.json). */
  @Optional()
  @WeightsField()
  weights?: Record<string, number>;
}

export class MidYearCheckPayload implements PayloadOf<'RECORD_MID_YEAR_CHECK'> {
  @TextField(LONG)
  summary: string;

  @Optional()
  @TextField(LONG)
  findings?: string;
}

export class SelfAssessmentPayload implements PayloadOf<'SUBMIT_SELF_ASSESSMENT'> {
  @TextField(LONG)
  report: string;

  @ScoresField()
  scores: Scores;

  /** Where the evidence of each claim is filed (file numbers, archive references). */
  @TextList(SHORT, 1, MAX_EVIDENCE)
  evidenceRefs: string[];
}

export class OnSitePayload implements PayloadOf<'RECORD_ON_SITE'> {
  /** When the on-site assessment was held: not in the future, not before the self-assessment. */
  @DateTimeField()
  heldAt: string;

  @ScoresField()
  scores: Scores;

  /** The survey's approval rate (群众认可率), in percent. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  approvalRate: number;

  /** Problems found; they become the items of one rectification case for the unit. */
  @Optional()
  @NestedList(() => AssessmentProblemDto, 0, MAX_PROBLEMS)
  problems?: AssessmentProblemDto[];

  @Optional()
  @TextField(LONG)
  notes?: string;
}

export class DecideGradePayload implements PayloadOf<'DECIDE_GRADE'> {
  @Labelled(GRADES, GRADE_LABELS)
  grade: Grade;

  /** The committee's reasons (the totals, the problems, the survey). */
  @TextField(LONG)
  basis: string;

  /**
   * Why the grade departs from the band of the on-site total: given exactly when it does (the band
   * depends on the case's scores, so the machine checks it, naming the rule gradeFollowsScore).
   */
  @Optional()
  @TextField(LONG)
  departureReason?: string;
}

export class DeliverFeedbackPayload implements PayloadOf<'DELIVER_FEEDBACK'> {
  /** When the feedback reached the unit: not in the future, not before the grade was decided. */
  @DateTimeField()
  deliveredAt: string;

  @TextField(LONG)
  feedback: string;
}

/** One result applied: its kind, to whom (the named people, or without them the unit), and what. */
export class AssessmentResultDto implements Result {
  @Labelled(RESULT_KINDS, RESULT_LABELS)
  kind: ResultKind;

  /** The people it applies to; without them it applies to the unit. */
  @Optional()
  @NestedList(() => AssessmentPersonDto, 1, MAX_PEOPLE)
  people?: AssessmentPersonDto[];

  /** What was done (the commendation, the talk held, the post adjusted, the budget weighed). */
  @TextField(LONG)
  what: string;
}

export class ApplyResultsPayload implements PayloadOf<'APPLY_RESULTS'> {
  /** The results applied; each goes on the unit's record. */
  @NestedList(() => AssessmentResultDto, 1, MAX_RESULTS)
  results: AssessmentResultDto[];

  @TextField(SHORT)
  fileRef: string;
}

export class NameSupervisorPayload implements PayloadOf<'NAME_SUPERVISOR'> {
  /** The unit's supervisory responsible person (监督责任, the discipline head). */
  @Nested(() => AssessmentPersonDto)
  supervisor: AssessmentPersonDto;
}
