import type { AssessmentContext, AssessmentEvent, Person, Result } from '../machines/assessment.types';
import type {
  EffectsInput,
  Language,
  MeasureRecord,
  OpenCaseEffect,
  WorkflowEffect,
} from '../src/engine/workflow.types';
import { INDICATORS } from './assessment.indicators';
import { GRADE_LABELS } from './assessment.payloads';
import { inLanguage } from './language';
import { chinaDate } from '../src/engine/document.types';

/*
 * What the annual assessment (version 2) asks the engine to do: open a rectification case for the
 * problems found on site, pursue a failed unit's principal leader and supervisory responsible person
 * in accountability cases (倒查), and put the results applied on the unit's record and on the record of
 * the people each names.
 */

type Ctx = AssessmentContext;

/** The relation of the accountability case a failed assessment opens against the unit's principal leader (倒查, 主体责任). */
export const FAILED_RELATION = 'assessmentFailed';
/** The relation of the one it opens against the unit's supervisory responsible person (倒查, 监督责任). */
export const FAILED_SUPERVISION_RELATION = 'assessmentFailedSupervision';
/**
 * The record type of a result applied on the unit's record and the named people's (GET /subjects/:id):
 * `assessmentResult.<kind>`.
 * Not a measure of accountability: no impact period, and the indices leave them out of the measures.
 */
export const RESULT_RECORD_PREFIX = 'assessmentResult.';
/** The relation of the rectification case the problems found on site open (their items). */
export const PROBLEMS_RELATION = 'assessmentProblems';

/** The longest facts the accountability procedure takes. */
const FACTS_MAX = 20_000;

const label = (code: string, zh: boolean) => {
  const l = INDICATORS.find((i) => i.code === code)?.label;
  return l ? (zh ? l.zh : l.en) : code;
};

/**
 * The facts of the accountability case a fail opens: the workflow's words in the deployment's
 * language (Chinese unless English), what users wrote as they wrote it.
 */
function failedFacts(ctx: Ctx, duty: string, language: Language | undefined): string {
  const zh = language !== 'en';
  const self = ctx.selfAssessment;
  const site = ctx.onSite;
  const band = ctx.grade?.band;
  const text = (
    zh
      ? [
          `${ctx.subject.name}${ctx.year}年度考核（“${ctx.title}”）评定为${GRADE_LABELS.fail.zh}。`,
          duty,
          site &&
            `实地考核（${chinaDate(site.heldAt)}）：加权总分${site.total}；` +
              ctx.indicators
                .map((i) => `${label(i.code, true)}${site.scores[i.code]}分（权重${i.weight}）`)
                .join('，') +
              `；民主测评满意率${site.approvalRate}%。`,
          self && `自评：加权总分${self.total}。`,
          ...(site?.problems ?? []).map(
            (p, n) => `问题${n + 1}：${p.description}（责任人：${p.responsible}）`,
          ),
          band &&
            band !== 'fail' &&
            `实地考核总分所在档次为${GRADE_LABELS[band].zh}，考核委员会偏离该档次的理由：${ctx.grade?.departureReason ?? ''}`,
          ctx.grade && `评定依据：${ctx.grade.basis}`,
        ]
      : [
          `The ${ctx.year} assessment of ${ctx.subject.name} ("${ctx.title}") was graded ${GRADE_LABELS.fail.en} (${GRADE_LABELS.fail.zh}).`,
          duty,
          site &&
            `On-site assessment (${site.heldAt}): weighted total ${site.total}; ` +
              ctx.indicators
                .map((i) => `${label(i.code, false)} ${site.scores[i.code]} (weight ${i.weight})`)
                .join(', ') +
              `; survey approval rate ${site.approvalRate}%.`,
          self && `Self-assessment: weighted total ${self.total}.`,
          ...(site?.problems ?? []).map(
            (p, n) => `Problem ${n + 1}: ${p.description} (responsible: ${p.responsible})`,
          ),
          band &&
            band !== 'fail' &&
            `The on-site total falls in the band ${GRADE_LABELS[band].en}; the committee departed from it: ${ctx.grade?.departureReason ?? ''}`,
          ctx.grade && `Basis of the grade: ${ctx.grade.basis}`,
        ]
  )
    .filter(Boolean)
    .join('\n');
  // The accountability case's facts hold at most FACTS_MAX characters (code points).
  const chars = [...text];
  return chars.length <= FACTS_MAX ? text : `${chars.slice(0, FACTS_MAX - 1).join('')}…`;
}

/** The 倒查 of a failed unit: an accountability case against one of its responsible persons. */
function pursue(
  ctx: Ctx,
  who: Person,
  relation: string,
  duty: { zh: string; en: string },
  language: Language | undefined,
): OpenCaseEffect {
  return {
    type: 'openCase',
    workflow: 'accountability',
    relation,
    title: inLanguage(language, {
      zh: `${ctx.year}年度考核不合格问责（${duty.zh}）：${ctx.subject.name}`,
      en: `Accountability for the failed ${ctx.year} assessment (${duty.en}, ${duty.zh}): ${ctx.subject.name}`,
    }),
    subject: {
      ref: who.ref,
      kind: 'individual',
      name: who.name,
      organisation: ctx.subject.name,
      ...(who.post && { post: who.post }),
    },
    payload: {
      source: 'superiorInstruction',
      facts: failedFacts(
        ctx,
        language === 'en'
          ? `${who.name} bears the unit's ${duty.en} (${duty.zh}).`
          : `${who.name}承担该单位的${duty.zh}。`,
        language,
      ),
      situation: 'dutiesNotCarriedOut',
      // 2019 Art 6: the principal leader, and the member directly in charge of supervision, for their own work.
      responsibility: 'mainLeadership',
    },
  };
}

/** The persons a fail pursues (倒查): the principal leader and the supervisory responsible person. */
export const PURSUED = [
  { role: 'unitLeader', relation: FAILED_RELATION, duty: { zh: '主体责任', en: 'principal responsibility' } },
  {
    role: 'supervisor',
    relation: FAILED_SUPERVISION_RELATION,
    duty: { zh: '监督责任', en: 'supervisory responsibility' },
  },
] as const;

/** The longest detail of an entry on a subject's record (the engine keeps 64 characters). */
export const RECORD_DETAIL_MAX = 64;

const clip = (text: string, max: number) => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** To whom a result applies, in the deployment's language: the people it names, else the unit. */
function whom(r: Result, language: Language | undefined): string {
  const zh = language !== 'en';
  if (!r.people?.length) return zh ? '本单位' : 'the unit';
  return zh
    ? r.people.map((p) => `${p.name}（${p.ref}）`).join('、')
    : r.people.map((p) => `${p.name} (${p.ref})`).join(', ');
}

/**
 * A result applied as an entry on the unit's record: its kind in the type, to whom and the start of
 * what in the detail (the whole of it stays in the case), never with an impact period.
 */
function resultRecord(r: Result, at: string, language: Language | undefined): MeasureRecord {
  return {
    type: `${RESULT_RECORD_PREFIX}${r.kind}`,
    detail: clip(`${whom(r, language)}${language === 'en' ? ': ' : '：'}${r.what}`, RECORD_DETAIL_MAX),
    decidedAt: at,
  };
}

/**
 * The same result on the record of each person it names (as a person of the assessed unit), so that
 * their own record lists it with the assessment case; the same type, never an impact period.
 */
function personRecords(ctx: Ctx, r: Result, at: string): MeasureRecord[] {
  return (r.people ?? []).map((p) => ({
    type: `${RESULT_RECORD_PREFIX}${r.kind}`,
    detail: clip(r.what, RECORD_DETAIL_MAX),
    decidedAt: at,
    subject: {
      ref: p.ref,
      kind: 'individual',
      name: p.name,
      organisation: ctx.subject.name,
      ...(p.post && { post: p.post }),
    },
  }));
}

export function effects({
  before,
  after,
  event,
  language,
}: EffectsInput<Ctx, AssessmentEvent>): WorkflowEffect[] {
  const ctx = after.context;
  // The problems found on site: one rectification case for the unit, each problem an item with its due date.
  if (event.type === 'RECORD_ON_SITE' && !before.context.onSite && ctx.onSite?.problems.length) {
    return [
      {
        type: 'openCase',
        workflow: 'rectification',
        relation: PROBLEMS_RELATION,
        title: inLanguage(language, {
          zh: `${ctx.year}年度考核发现问题整改：${ctx.subject.name}`,
          en: `Rectification of the problems found by the ${ctx.year} assessment: ${ctx.subject.name}`,
        }),
        subject: ctx.subject,
        payload: {
          source: 'assessment',
          unitLeader: ctx.unitLeader,
          // The rectification's 倒查 reaches the supervisory side too (a v1 case may have named none).
          ...(ctx.supervisor ? { supervisor: ctx.supervisor } : {}),
          items: ctx.onSite.problems.map(({ description, responsible, dueAt }) => ({
            description,
            responsible,
            dueAt,
          })),
        },
      },
    ];
  }
  // A failed unit: its principal leader and its supervisory responsible person are pursued (倒查).
  if (event.type === 'DECIDE_GRADE' && !before.context.grade && ctx.grade?.grade === 'fail') {
    return PURSUED.flatMap(({ role, relation, duty }) => {
      const who = ctx[role];
      return who ? [pursue(ctx, who, relation, duty, language)] : [];
    });
  }
  // The results applied go on the unit's record, and each on the record of the people it names.
  if (event.type === 'APPLY_RESULTS' && !before.context.application && ctx.application) {
    const { results, at } = ctx.application;
    const measures = results.flatMap((r) => [resultRecord(r, at, language), ...personRecords(ctx, r, at)]);
    return [{ type: 'recordMeasures', measures }];
  }
  return [];
}
