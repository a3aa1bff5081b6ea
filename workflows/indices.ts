/*
 * The indices (考核指数) of issue 12: per handling unit and calendar year, the indicator plan's five
 * rates and the supervisors' signals, each from data the procedures record. Served by GET /indices
 * (src/indices), which counts, scores and ranks whatever is declared here.
 *
 * Figures over arrays in a case's context (list tasks, rectification items) read the few snapshots of
 * the units' cases of that workflow and count in TypeScript (the same on SQLite and PostgreSQL);
 * figures over the engine's tables (measures, links) are SQL.
 */
import type { AccountabilityContext } from '../machines/accountability.types';
import type { AssessmentContext } from '../machines/assessment.types';
import { CONCLUSIONS, type InquiryContext } from '../machines/inquiry.types';
import { CONCLUSIONS as CONCLUSIONS_V1 } from '../machines/v1/inquiry.types';
import type { RectificationContext } from '../machines/rectification.types';
import type { ResponsibilityListContext, Task } from '../machines/responsibility-list.types';
import type {
  FigureDefinition,
  IndexFact,
  IndexQueries,
  IndicesCatalogue,
  RateDefinition,
} from '../src/engine/index.types';
import type { Label } from '../src/engine/workflow.types';
import { RESULT_RECORD_PREFIX } from './assessment.effects';
import { INDICATORS } from './assessment.indicators';
import { TERMS } from './terms';

/** Measures that are discipline (纪律处分, 组织处理, 政务问责), against notices, warnings and self-criticism. */
export const DISCIPLINE_MEASURES = ['partyDiscipline', 'organisationalHandling', 'governmentAccountability'];
/**
 * Inquiry conclusions that are a finding against the person (all but 了结澄清), of both versions: version
 * 2's self-examination and referral to preliminary verification, version 1's escalation.
 */
export const INQUIRY_FINDINGS: readonly string[] = [
  ...new Set<string>([...CONCLUSIONS, ...CONCLUSIONS_V1]),
].filter((c) => c !== 'cleared');
/** Accountability outcomes that leave a clue unpursued: proposal declined, investigation rejected. */
export const DECLINED_OUTCOMES = ['declined', 'rejected'];
/** The relation of the cases a decision opens against the responsible leaders (一案双查). */
export const ALSO_INVESTIGATE = 'alsoInvestigate';

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '-');
/** The day of an instant in Beijing (UTC+8), as the reader's calendar has it. */
const bjDay = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '—';
const zhValue = (workflow: string, key: string) => TERMS.value(workflow, key)?.zh ?? key;
const onTime = (completedAt: string | null, dueAt: string) =>
  completedAt !== null && Date.parse(completedAt) <= Date.parse(dueAt);
/** Due: its due date has passed, or it was done (a task done early counts as soon as it is done). */
const isDue = (q: IndexQueries, completedAt: string | null, dueAt: string) =>
  completedAt !== null || Date.parse(dueAt) <= Date.parse(q.now);

/** One fact per due task of the units' lists for the year; `only` narrows the tasks counted. */
async function taskFacts(q: IndexQueries, only: (t: Task) => boolean): Promise<IndexFact[]> {
  const lists = await q.cases<ResponsibilityListContext>('responsibilityList', { yearAt: ['year'] });
  return lists
    .filter((c) => c.context.year === q.year)
    .flatMap((c) =>
      c.context.tasks
        .filter((t) => only(t) && isDue(q, t.completedAt, t.dueAt))
        .map((t) => ({
          unit: c.unit,
          cases: [c.id],
          numerator: onTime(t.completedAt, t.dueAt) ? 1 : 0,
          denominator: 1,
          detail:
            `task ${t.id} due ${day(t.dueAt)}, ${t.completedAt ? `done ${day(t.completedAt)}` : 'not done'}` +
            (t.department ? ` (${t.department}, ${t.leader ?? '-'})` : ''),
          text: {
            zh:
              `任务“${t.title}”截止${bjDay(t.dueAt)}，${t.completedAt ? `${bjDay(t.completedAt)}完成` : '未完成'}` +
              (t.department ? `（${t.department}，${t.leader ?? '—'}）` : ''),
            en:
              `task “${t.title}” due ${bjDay(t.dueAt)}, ${t.completedAt ? `done ${bjDay(t.completedAt)}` : 'not done'}` +
              (t.department ? ` (${t.department}, ${t.leader ?? '-'})` : ''),
          },
        })),
    );
}

async function itemFacts(q: IndexQueries): Promise<IndexFact[]> {
  const cases = await q.cases<RectificationContext>('rectification', { openedByYearEnd: true });
  return cases.flatMap((c) =>
    c.context.items
      .map((item) => ({ item, dueAt: item.earlierDueAts[0] ?? item.dueAt }))
      .filter(({ item, dueAt }) => q.inYear(dueAt) && isDue(q, item.completedAt, dueAt))
      .map(({ item, dueAt }) => ({
        unit: c.unit,
        cases: [c.id],
        numerator: onTime(item.completedAt, dueAt) ? 1 : 0,
        denominator: 1,
        detail: `item ${item.id} due ${day(dueAt)}, ${item.completedAt ? `done ${day(item.completedAt)}` : 'not done'}`,
        text: {
          zh: `第${item.id}项整改事项截止${bjDay(dueAt)}，${item.completedAt ? `${bjDay(item.completedAt)}完成` : '未完成'}`,
          en: `item ${item.id} due ${bjDay(dueAt)}, ${item.completedAt ? `done ${bjDay(item.completedAt)}` : 'not done'}`,
        },
      })),
  );
}

interface MeasureRow {
  unit: string;
  caseId: string;
  /** The subject's own reference: a person, whose every case has its own subject record. */
  subjectRef: string;
  type: string;
  detail: string | null;
  decidedAt: string;
  impactUntil: string | null;
}

/**
 * Measures recorded by the units' cases and not lifted (a lifted measure was revoked or corrected).
 * The results of an assessment on a unit's record (rewards, talks) are not measures of accountability.
 */
async function measures(q: IndexQueries): Promise<MeasureRow[]> {
  const rows = await q.rows(
    `SELECT c.unit_id AS unit, m.case_id AS "caseId", s.ref AS "subjectRef", m.type AS type,
       m.detail AS detail, m.decided_at AS "decidedAt", m.impact_until AS "impactUntil"
     FROM measure m INNER JOIN "case" c ON c.id = m.case_id INNER JOIN subject s ON s.id = m.subject_id
     WHERE ${q.inScope('c')} AND m.lifted_at IS NULL AND m.type NOT LIKE :results
     ORDER BY m.decided_at, m.id`,
    { results: `${RESULT_RECORD_PREFIX}%` },
  );
  return rows.map((r) => ({
    unit: String(r.unit),
    caseId: String(r.caseId),
    subjectRef: String(r.subjectRef),
    type: String(r.type),
    detail: r.detail === null ? null : String(r.detail),
    decidedAt: String(r.decidedAt),
    impactUntil: r.impactUntil === null ? null : String(r.impactUntil),
  }));
}

const measureText = (m: MeasureRow) => `${m.type}${m.detail ? `/${m.detail}` : ''}`;
const measureZh = (m: MeasureRow) =>
  `${zhValue('accountability', m.type)}${m.detail ? `（${zhValue('accountability', m.detail)}）` : ''}`;

async function integrityFacts(q: IndexQueries): Promise<IndexFact[]> {
  const [all, inquiries, decided] = await Promise.all([
    q.rows(
      `SELECT c.id AS id, c.unit_id AS unit, s.ref AS ref, s.name AS name
       FROM "case" c INNER JOIN subject s ON s.id = c.subject_id
       WHERE ${q.inScope('c')} AND s.kind = 'individual' AND c.created_at >= :yearStart AND c.created_at < :yearEnd
       ORDER BY c.created_at, c.id`,
    ),
    q.cases<InquiryContext>('inquiry', { openedByYearEnd: true }),
    measures(q),
  ]);
  const people = new Map<string, { unit: string; ref: string; label: string; cases: string[] }>();
  for (const r of all) {
    const key = `${String(r.unit)} ${String(r.ref)}`;
    const person = people.get(key) ?? {
      unit: String(r.unit),
      ref: String(r.ref),
      label: `${String(r.name)} (${String(r.ref)})`,
      cases: [],
    };
    person.cases.push(String(r.id));
    people.set(key, person);
  }
  return [...people.values()].map((p) => {
    const held = decided.filter((m) => m.unit === p.unit && m.subjectRef === p.ref && q.inYear(m.decidedAt));
    const findings = inquiries.filter(
      (c) =>
        c.unit === p.unit &&
        c.subject?.ref === p.ref &&
        c.outcome !== null &&
        INQUIRY_FINDINGS.includes(c.outcome) &&
        q.inYear(c.context.closedAt),
    );
    const against = [...held.map(measureText), ...findings.map((c) => `inquiry ${c.outcome ?? ''}`)];
    const againstZh = [
      ...held.map(measureZh),
      ...findings.map((c) => `谈话函询：${zhValue('inquiry', c.outcome ?? '')}`),
    ];
    return {
      unit: p.unit,
      cases: p.cases,
      numerator: against.length ? 0 : 1,
      denominator: 1,
      detail: `${p.label}: ${against.length ? against.join(', ') : 'no measure, no finding'}`,
      text: {
        zh: `${p.label}：${againstZh.length ? againstZh.join('、') : '无问责措施，无函询处置结论'}`,
        en: `${p.label}: ${against.length ? against.join(', ') : 'no measure, no finding'}`,
      },
    };
  });
}

async function approvalFacts(q: IndexQueries): Promise<IndexFact[]> {
  const cases = await q.cases<AssessmentContext>('assessment', { yearAt: ['year'] });
  const latest = new Map<string, IndexFact>();
  // ordered by opening: the unit's last assessment of the year that recorded a survey stands
  for (const c of cases) {
    const rate = c.context.onSite?.approvalRate;
    if (c.context.year !== q.year || typeof rate !== 'number') continue;
    latest.set(c.unit, {
      unit: c.unit,
      cases: [c.id],
      numerator: rate,
      denominator: 100,
      detail: `approval ${rate}% (on-site ${day(c.context.onSite?.heldAt)})`,
      text: {
        zh: `群众认可率${rate}%（现场考核${bjDay(c.context.onSite?.heldAt)}）`,
        en: `approval ${rate}% (on-site ${bjDay(c.context.onSite?.heldAt)})`,
      },
    });
  }
  return [...latest.values()];
}

const rule = (zh: string, en: string): Label => ({ zh, en });

const RULES: Record<string, { rule: Label; facts(q: IndexQueries): Promise<IndexFact[]> }> = {
  keyTasks: {
    rule: rule(
      '本单位当年责任清单中按期（截止日当日或之前）完成的任务数 / 当年已到期（截止日已过或已完成）的任务数',
      "Tasks of the unit's responsibility lists for the year completed on or before their due date / those " +
        "lists' tasks that are due (due date passed, or completed)",
    ),
    facts: (q) => taskFacts(q, () => true),
  },
  departmentResponsibility: {
    rule: rule(
      '同上，仅计写明分管部门及分管领导的任务',
      'The same, over the tasks that name an overseen department and its leader',
    ),
    facts: (q) => taskFacts(q, (t) => Boolean(t.department && t.leader)),
  },
  integrity: {
    rule: rule(
      '当年本单位案件涉及的个人中，当年未被本单位案件决定问责措施（已撤销的不计）且无函询处置结论（了结澄清除外）的人数 / 这些个人总数',
      "Individuals who were the subject of the unit's cases opened in the year, with no measure decided in the year " +
        "by the unit's cases (revoked ones aside) and no inquiry of the unit concluded in the year with a finding " +
        '(anything but cleared) / all those individuals',
    ),
    facts: integrityFacts,
  },
  problemCorrection: {
    rule: rule(
      '本单位整改案件中截止日在当年且已到期的整改事项按期完成数 / 这些事项总数（重新整改的事项按最初截止日计）',
      "Items of the unit's rectification cases due in the year (due date passed, or completed) completed on or " +
        'before their due date / those items (a reopened item is held to its first due date)',
    ),
    facts: itemFacts,
  },
  publicApproval: {
    rule: rule(
      '本单位当年年度考核现场考核记录的群众认可率（%）/ 100；无记录时为 0/0',
      "The survey approval rate (percent) recorded by the on-site assessment of the unit's assessment for the year " +
        '/ 100; 0/0 when none recorded it',
    ),
    facts: approvalFacts,
  },
};

/** The plan's rates in the plan's order, with its labels and weights; a code without a rule counts nothing. */
const RATES: RateDefinition[] = INDICATORS.map((i) => ({
  code: i.code,
  label: i.label,
  weight: i.weight,
  rule:
    RULES[i.code]?.rule ?? rule('无计算规则：Wenze 没有该指标的数据', 'No rule: Wenze holds no data for it'),
  facts: RULES[i.code]?.facts ?? (() => Promise.resolve([])),
}));

const softAccountability: FigureDefinition = {
  label: { zh: '问责偏软比率', en: 'Discipline share' },
  parts: {
    numerator: { zh: '纪律处分类措施', en: 'Discipline measures' },
    denominator: { zh: '问责措施总数', en: 'All measures' },
  },
  rule: rule(
    '当年本单位案件决定的问责措施中纪律处分、组织处理、政务问责的数量 / 当年决定的全部问责措施（已撤销的不计）',
    `Measures decided in the year by the unit's cases that are discipline (${DISCIPLINE_MEASURES.join(', ')}) / ` +
      'all measures decided in the year by them (revoked ones aside)',
  ),
  facts: async (q) =>
    (await measures(q))
      .filter((m) => q.inYear(m.decidedAt))
      .map((m) => ({
        unit: m.unit,
        cases: [m.caseId],
        numerator: DISCIPLINE_MEASURES.includes(m.type) ? 1 : 0,
        denominator: 1,
        detail: `measure ${measureText(m)} decided ${day(m.decidedAt)}`,
        text: {
          zh: `${bjDay(m.decidedAt)}决定问责措施：${measureZh(m)}`,
          en: `measure ${measureText(m)} decided ${bjDay(m.decidedAt)}`,
        },
      })),
};

const linkedCases: FigureDefinition = {
  label: { zh: '一案双查', en: 'Linked cases' },
  rule: rule(
    '当年由本单位案件的问责决定对负有责任的领导另行启动的问责案件数（一案双查）',
    "Cases opened in the year by the unit's accountability decisions against the leaders responsible (一案双查)",
  ),
  facts: async (q) => {
    const rows = await q.rows(
      `SELECT c.unit_id AS unit, l.to_case_id AS "toCaseId", l.from_case_id AS "fromCaseId", l.created_at AS at
       FROM case_link l INNER JOIN "case" c ON c.id = l.from_case_id
       WHERE ${q.inScope('c')} AND l.relation = :relation AND l.created_at >= :yearStart AND l.created_at < :yearEnd
       ORDER BY l.created_at, l.to_case_id`,
      { relation: ALSO_INVESTIGATE },
    );
    return rows.map((r) => ({
      unit: String(r.unit),
      cases: [String(r.toCaseId)],
      numerator: 1,
      denominator: 0,
      detail: `opened ${day(String(r.at))} from case ${String(r.fromCaseId)}`,
      text: {
        zh: `${bjDay(String(r.at))}由问责决定另案启动（一案双查）`,
        en: `opened ${bjDay(String(r.at))} by an accountability decision (一案双查)`,
      },
    }));
  },
};

/**
 * A declined clue ends as `declined` on both versions of accountability: on version 2 by the leader's
 * APPROVE_DECLINE of the officer's PROPOSE_DECLINE, on version 1 (cases stored before) by the officer's DECLINE.
 */
const declinedClues: FigureDefinition = {
  label: { zh: '不予受理线索', en: 'Declined clues' },
  rule: rule(
    '当年本单位不予受理的问责建议及领导不同意调查的问责案件数',
    "The unit's accountability proposals declined, and investigations the leader rejected, in the year",
  ),
  facts: async (q) =>
    (await q.cases<AccountabilityContext>('accountability', { openedByYearEnd: true }))
      .filter(
        (c) => c.outcome !== null && DECLINED_OUTCOMES.includes(c.outcome) && q.inYear(c.context.closedAt),
      )
      .map((c) => ({
        unit: c.unit,
        cases: [c.id],
        numerator: 1,
        denominator: 0,
        detail: `${c.outcome ?? ''} ${day(c.context.closedAt)}`,
        text: {
          zh: `${zhValue('accountability', c.outcome ?? '')}（${bjDay(c.context.closedAt)}）`,
          en: `${c.outcome ?? ''} ${bjDay(c.context.closedAt)}`,
        },
      })),
};

const restrictedNow: FigureDefinition = {
  label: { zh: '当前受限人数', en: 'Restricted now' },
  rule: rule(
    '本单位案件决定的问责措施目前仍在影响期内（未撤销）的人数',
    "People with a measure decided by the unit's cases whose impact period runs now (not lifted)",
  ),
  facts: async (q) => {
    const people = new Map<string, IndexFact>();
    for (const m of await measures(q)) {
      if (!m.impactUntil || Date.parse(m.impactUntil) <= Date.parse(q.now)) continue;
      const key = `${m.unit} ${m.subjectRef}`;
      const fact = people.get(key) ?? { unit: m.unit, cases: [], numerator: 1, denominator: 0, detail: null };
      if (!fact.cases.includes(m.caseId)) fact.cases.push(m.caseId);
      fact.detail = `${measureText(m)} until ${day(m.impactUntil)}`;
      fact.text = {
        zh: `${measureZh(m)}，影响期至${bjDay(m.impactUntil)}`,
        en: `${measureText(m)} until ${bjDay(m.impactUntil)}`,
      };
      people.set(key, fact);
    }
    return [...people.values()];
  },
};

/** What GET /indices serves. */
export const INDICES: IndicesCatalogue = {
  rates: RATES,
  softAccountability,
  linkedCases,
  declinedClues,
  restrictedNow,
};
