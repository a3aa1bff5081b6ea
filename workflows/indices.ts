/*
 * The indices (考核指数) of issue 12: per handling unit and calendar year, the indicator plan's five
 * rates and the supervisors' signals, each from data the procedures record. Served by GET /indices
 * (src/indices), which counts, scores and ranks whatever is declared here.
 *
 * Figures over arrays in a case's context (list tasks, rectification items) read the few snapshots of
 * the units' cases of that workflow and count in TypeScript (the same on SQLite and PostgreSQL);
 * figures over the engine's tables (measures, links) are SQL. The report reads each figure's `counts`:
 * the same sums in SQL, over the measures and over what the engine keeps of the contexts beside each
 * case (case_tally, declared in indices.tallies.ts).
 */
import type { AccountabilityContext } from '../machines/accountability.types';
import type { AssessmentContext } from '../machines/assessment.types';
import type { InquiryContext } from '../machines/inquiry.types';
import { SELF_FOUND_SOURCES, type RectificationContext } from '../machines/rectification.types';
import type { ResponsibilityListContext, Task } from '../machines/responsibility-list.types';
import type {
  FigureDefinition,
  IndexCount,
  IndexFact,
  IndexQueries,
  IndicesCatalogue,
  RateDefinition,
} from '../src/engine/index.types';
import type { Label } from '../src/engine/workflow.types';
import { RESULT_RECORD_PREFIX } from './assessment.effects';
import { INDICATORS } from './assessment.indicators';
import { DECLINED_OUTCOMES, INQUIRY_FINDINGS, TALLY } from './indices.tallies';

export { DECLINED_OUTCOMES, INQUIRY_FINDINGS };
import { TERMS } from './terms';

/**
 * Measures that are soft means (the seeds: 通报批评、诫勉、组织处理 are the soft means, against
 * 纪律处分): a notice (通报), a formal warning (诫勉), a written self-criticism (书面检查), organisational
 * handling (组织调整/组织处理), the 2009 regime's government measures (apology, suspension, resignation,
 * removal: organisational handling in substance) and, on organisations, an inspection (检查). Not soft:
 * Party discipline (纪律处分) and, on organisations, reorganisation (改组).
 */
export const SOFT_MEASURES = [
  'notice',
  'formalWarning',
  'writtenSelfCriticism',
  'organisationalHandling',
  'governmentAccountability',
  'inspection',
];
/** The relation of the cases a decision opens against the responsible leaders (一案双查). */
export const ALSO_INVESTIGATE = 'alsoInvestigate';

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '-');
/** Due: its due date has passed, or it was done (a task done early counts as soon as it is done). */
const isDue = (q: IndexQueries, completedAt: string | null, dueAt: string) =>
  completedAt !== null || Date.parse(dueAt) <= Date.parse(q.now);

/** Whether a task counts for the year's figures: a key task (重点任务) of a list of the year, due. */
const keyDue = (q: IndexQueries, t: Task) => t.key === true && isDue(q, t.completedAt, t.dueAt);

/** The day of an instant in Beijing (UTC+8), as the reader's calendar has it. */
const bjDay = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '—';
const zhValue = (workflow: string, key: string) => TERMS.value(workflow, key)?.zh ?? key;

/** A key task in words, for readers (days in Beijing time). */
const taskText = (t: Task): Label => ({
  zh:
    `重点任务“${t.title}”截止${bjDay(t.dueAt)}，${t.completedAt ? `${bjDay(t.completedAt)}完成` : '未完成'}，` +
    (t.check ? `${bjDay(t.check.at)}检查${t.check.met ? '达标' : '未达标'}（${t.check.note}）` : '未检查'),
  en:
    `key task “${t.title}” due ${bjDay(t.dueAt)}, ${t.completedAt ? `done ${bjDay(t.completedAt)}` : 'not done'}, ` +
    (t.check
      ? `checked ${t.check.met ? 'met' : 'not met'} ${bjDay(t.check.at)} (${t.check.note})`
      : 'not checked'),
});

const taskDetail = (t: Task) =>
  `key task ${t.id} due ${day(t.dueAt)}, ${t.completedAt ? `done ${day(t.completedAt)}` : 'not done'}, ` +
  (t.check
    ? `checked ${t.check.met ? 'met' : 'not met'} ${day(t.check.at)} (${t.check.note})`
    : 'not checked');

async function listsOfYear(q: IndexQueries) {
  return (await q.cases<ResponsibilityListContext>('responsibilityList', { yearAt: ['year'] })).filter(
    (c) => c.context.year === q.year,
  );
}

/** One fact per key task due of the units' lists for the year: met when its check found it up to standard. */
async function keyTaskFacts(q: IndexQueries): Promise<IndexFact[]> {
  return (await listsOfYear(q)).flatMap((c) =>
    c.context.tasks
      .filter((t) => keyDue(q, t))
      .map((t) => ({
        unit: c.unit,
        cases: [c.id],
        numerator: t.check?.met === true ? 1 : 0,
        denominator: 1,
        detail: taskDetail(t) + (t.department ? ` [${t.department}]` : ''),
        text: taskText(t),
      })),
  );
}

/**
 * One fact per overseen department (a department with its 分管领导) of the units that has key tasks
 * due on the lists of the year: carried out when every one of them was checked and met.
 */
async function departmentFacts(q: IndexQueries): Promise<IndexFact[]> {
  const [lists, departments] = await Promise.all([listsOfYear(q), q.departments()]);
  return departments
    .filter((d) => d.leaderRef !== null)
    .flatMap((d) => {
      const tasks = lists.flatMap((c) =>
        c.context.tasks.filter((t) => t.department === d.code && keyDue(q, t)).map((t) => ({ c, t })),
      );
      if (!tasks.length) return [];
      const met = tasks.filter(({ t }) => t.check?.met === true).length;
      return [
        {
          unit: d.parentCode,
          cases: [...new Set(tasks.map(({ c }) => c.id))],
          numerator: met === tasks.length ? 1 : 0,
          denominator: 1,
          detail:
            `department ${d.name} (${d.code}, 分管领导 ${d.leaderRef ?? '-'}): ${met} of ${tasks.length} key tasks met` +
            ` — ${tasks.map(({ t }) => taskDetail(t)).join('; ')}`,
          text: {
            zh:
              `分管部门${d.name}：${tasks.length}项重点任务中${met}项达标` +
              `——${tasks.map(({ t }) => taskText(t).zh).join('；')}`,
            en:
              `department ${d.name}: ${met} of ${tasks.length} key tasks met` +
              ` — ${tasks.map(({ t }) => taskText(t).en).join('; ')}`,
          },
        },
      ];
    });
}

/**
 * One fact per problem the unit found itself (自查/查摆) due in the year, by its first due date (due:
 * that date passed, or the item done): corrected when a verification of the case passed (整改验收).
 */
async function selfFoundFacts(q: IndexQueries): Promise<IndexFact[]> {
  const cases = await q.cases<RectificationContext>('rectification', {
    openedByYearEnd: true,
    contextIn: { at: ['source'], values: SELF_FOUND_SOURCES },
  });
  return cases
    .filter((c) => SELF_FOUND_SOURCES.includes(c.context.source))
    .flatMap((c) => {
      const verified = c.context.verifications.find(
        (v) => v.passed && Date.parse(v.at) < Date.parse(q.yearEnd),
      );
      return c.context.items
        .map((item) => ({ item, dueAt: item.earlierDueAts[0] ?? item.dueAt }))
        .filter(({ item, dueAt }) => q.inYear(dueAt) && isDue(q, item.completedAt, dueAt))
        .map(({ item, dueAt }) => ({
          unit: c.unit,
          cases: [c.id],
          numerator: verified ? 1 : 0,
          denominator: 1,
          detail:
            `self-found problem ${item.id} due ${day(dueAt)}, ` +
            `${item.completedAt ? `done ${day(item.completedAt)}` : 'not done'}, ` +
            (verified ? `verified ${day(verified.at)}` : 'not verified'),
          text: {
            zh:
              `自查问题第${item.id}项截止${bjDay(dueAt)}，` +
              `${item.completedAt ? `${bjDay(item.completedAt)}完成` : '未完成'}，` +
              (verified ? `${bjDay(verified.at)}验收通过` : '未验收'),
            en:
              `self-found problem ${item.id} due ${bjDay(dueAt)}, ` +
              `${item.completedAt ? `done ${bjDay(item.completedAt)}` : 'not done'}, ` +
              (verified ? `verified ${bjDay(verified.at)}` : 'not verified'),
          },
        }));
    });
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

/** Which measures a figure reads (the others cannot count for it). */
interface MeasureNarrowing {
  /** Those of every case within reach, not only of the units' cases. */
  withinReach?: boolean;
  /** Only those against people on the units' registers. */
  onRegister?: boolean;
  /** Only those decided in the year. */
  decidedInYear?: boolean;
  /** Only those whose impact period runs past now. */
  impactRunsNow?: boolean;
}

/**
 * The measures a figure may count, in SQL, on the measure row alone: its case's handling unit and its
 * person's ref are on it (the unit moved with a transfer), and its instants are in the engine's form,
 * which orders as text as in time.
 * Not lifted (a lifted measure was revoked or corrected); an assessment's results are no measures.
 */
function measureWhere(q: IndexQueries, narrow: MeasureNarrowing): string[] {
  const where = [
    narrow.withinReach ? q.inReach('m') : q.inScope('m'),
    'm.lifted_at IS NULL',
    'm.type NOT LIKE :results',
  ];
  if (narrow.decidedInYear) where.push('m.decided_at >= :yearStart AND m.decided_at < :yearEnd');
  if (narrow.impactRunsNow) where.push('m.impact_until > :now');
  // by the subject rows' ids, on measure.subject_id's index (the register's people, then their rows)
  if (narrow.onRegister) {
    where.push(`m.subject_id IN (SELECT rs.id FROM subject rs WHERE ${q.onRegister('rs.ref')})`);
  }
  return where;
}
const RESULTS = { results: `${RESULT_RECORD_PREFIX}%` };

/** The measures of the units' cases (or, narrowed, of every case within reach) that a figure may count. */
async function measures(q: IndexQueries, narrow: MeasureNarrowing = {}): Promise<MeasureRow[]> {
  const rows = await q.rows(
    `SELECT m.unit_id AS unit, m.case_id AS "caseId", m.subject_ref AS "subjectRef", m.type AS type,
       m.detail AS detail, m.decided_at AS "decidedAt", m.impact_until AS "impactUntil"
     FROM measure m
     WHERE ${measureWhere(q, narrow).join(' AND ')}
     ORDER BY m.decided_at, m.id`,
    RESULTS,
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

/** Sums per unit from SQL whose rows are (unit, numerator, denominator). */
async function countRows(q: IndexQueries, sql: string, params: Record<string, unknown>) {
  return (await q.rows(sql, params)).map((r) => ({
    unit: String(r.unit),
    numerator: q.num(r.numerator as number | string | null),
    denominator: q.num(r.denominator as number | string | null),
  }));
}

/**
 * SQL over the tallies (case_tally t) of a workflow's cases of a kind: those of the units' cases, or
 * of every case within reach. Binds :tallyWorkflow and :tallyKind.
 */
function tallyWhere(q: IndexQueries, narrow: { withinReach?: boolean } = {}): string {
  return `${narrow.withinReach ? q.inReach('t') : q.inScope('t')}
    AND t.workflow = :tallyWorkflow AND t.kind = :tallyKind`;
}
/** Due, as isDue: done, or its due date passed. */
const TALLY_DUE = '(t.done_at IS NOT NULL OR t.at <= :now)';
const KEY_TASKS = { tallyWorkflow: 'responsibilityList', tallyKind: TALLY.keyTask };

/** The units' lists' key tasks due, of the year, per (unit, department): how many, how many met. */
function keyTaskSums(q: IndexQueries) {
  return q.rows(
    `SELECT t.unit_id AS unit, t.ref AS department,
       SUM(CASE WHEN t.met_at IS NOT NULL THEN 1 ELSE 0 END) AS met, COUNT(*) AS due
     FROM case_tally t
     WHERE ${tallyWhere(q)} AND t.year = :tallyYear AND ${TALLY_DUE}
     GROUP BY t.unit_id, t.ref`,
    { ...KEY_TASKS, tallyYear: q.year },
  );
}

const measureText = (m: MeasureRow) => `${m.type}${m.detail ? `/${m.detail}` : ''}`;
const measureZh = (m: MeasureRow) =>
  `${zhValue('accountability', m.type)}${m.detail ? `（${zhValue('accountability', m.detail)}）` : ''}`;

/** The items by a person's ref, each list in the items' order; items with no ref are left out. */
function byRef<T>(items: readonly T[], refOf: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const ref = refOf(item);
    if (ref === undefined) continue;
    const list = out.get(ref);
    if (list) list.push(item);
    else out.set(ref, [item]);
  }
  return out;
}

/** An inquiry concluded in the year with a finding against a person: its case, their ref, the outcome, when. */
interface Finding {
  id: string;
  ref: string;
  outcome: string;
  closedAt: string;
}

/** The findings against people on the registers, read from the inquiries' snapshots (the facts). */
async function findingsRead(q: IndexQueries): Promise<Finding[]> {
  const inquiries = await q.cases<InquiryContext>('inquiry', {
    openedByYearEnd: true,
    withinReach: true,
    subjectOnRegister: true,
    outcomes: INQUIRY_FINDINGS,
  });
  return inquiries.flatMap((c) =>
    c.subject && c.outcome !== null && INQUIRY_FINDINGS.includes(c.outcome) && q.inYear(c.context.closedAt)
      ? [{ id: c.id, ref: c.subject.ref, outcome: c.outcome, closedAt: c.context.closedAt ?? '' }]
      : [],
  );
}

/**
 * The people on the registers with a finding against them in the year, from the tallies the engine keeps
 * beside the inquiries (the report's counts): by their ref, on the tallies' subject index.
 */
async function refsWithFindings(q: IndexQueries): Promise<Set<string>> {
  const rows = await q.rows(
    `SELECT DISTINCT t.subject_ref AS ref FROM case_tally t
     WHERE ${tallyWhere(q, { withinReach: true })} AND ${q.onRegister('t.subject_ref')}
       AND t.at >= :yearStart AND t.at < :yearEnd AND t.opened_at < :yearEnd`,
    { tallyWorkflow: 'inquiry', tallyKind: TALLY.closedWith },
  );
  return new Set(rows.map((r) => String(r.ref)));
}

/** integrityFacts' sums: per cadre, 1 when clean. */
async function integrityCounts(q: IndexQueries): Promise<IndexCount[]> {
  const [cadres, found, decided] = await Promise.all([
    q.cadres(),
    refsWithFindings(q),
    measures(q, { withinReach: true, onRegister: true, decidedInYear: true }),
  ]);
  const against = new Set([
    ...found,
    ...decided.filter((m) => q.inYear(m.decidedAt)).map((m) => m.subjectRef),
  ]);
  return cadres.map((p) => ({ unit: p.unit, numerator: against.has(p.ref) ? 0 : 1, denominator: 1 }));
}

/**
 * One fact per cadre on the registers of the units (干部名册) in the year: clean when no measure was
 * decided against them in the year (revoked ones aside; an assessment's results are no measure) and no
 * inquiry concluded with a finding against them (anything but 了结澄清) — by any case within reach,
 * whichever unit handled it. A person is the register's `ref`, the same as a case subject's `ref`.
 */
async function integrityFacts(q: IndexQueries): Promise<IndexFact[]> {
  const [cadres, findings, decided] = await Promise.all([
    q.cadres(),
    findingsRead(q),
    measures(q, { withinReach: true, onRegister: true, decidedInYear: true }),
  ]);
  // by person, in their order (a register lists thousands of people: no scan of every row per person)
  const decidedOf = byRef(decided, (m) => m.subjectRef);
  const findingsOfRef = byRef(findings, (f) => f.ref);
  return cadres.map((p) => {
    const held = (decidedOf.get(p.ref) ?? []).filter((m) => q.inYear(m.decidedAt));
    const found = findingsOfRef.get(p.ref) ?? [];
    const against = [
      ...held.map((m) => `${measureText(m)} ${day(m.decidedAt)}`),
      ...found.map((f) => `inquiry ${f.outcome} ${day(f.closedAt)}`),
    ];
    return {
      unit: p.unit,
      cases: [...new Set([...held.map((m) => m.caseId), ...found.map((f) => f.id)])],
      numerator: against.length ? 0 : 1,
      denominator: 1,
      detail: `${p.name} (${p.ref}${p.post ? `, ${p.post}` : ''}): ${against.length ? against.join(', ') : 'no measure, no finding'}`,
      text: {
        zh: `${p.name}${p.post ? `（${p.post}）` : ''}：${
          against.length
            ? [
                ...held.map((m) => `${bjDay(m.decidedAt)}${measureZh(m)}`),
                ...found.map((f) => `谈话函询：${zhValue('inquiry', f.outcome)}`),
              ].join('、')
            : '无问责措施，无函询处置结论'
        }`,
        en: `${p.name}${p.post ? ` (${p.post})` : ''}: ${against.length ? against.join(', ') : 'no measure, no finding'}`,
      },
    };
  });
}

/**
 * The approval rate (群众认可率) of each assessed unit: the last assessment of the year that recorded a
 * survey (ordered by opening), keyed by the unit assessed — its subject's ref when that is the code of
 * one of the units asked for, wherever the assessment was handled (within reach); otherwise by the
 * handling unit, one fact per assessed subject, so that a committee assessing several bodies keeps each.
 */
async function approvalFacts(q: IndexQueries): Promise<IndexFact[]> {
  const cases = await q.cases<AssessmentContext>('assessment', {
    yearAt: ['year'],
    withinReach: true,
    concerningUnits: true,
  });
  const latest = new Map<string, IndexFact>();
  for (const c of cases) {
    const rate = c.context.onSite?.approvalRate;
    if (c.context.year !== q.year || typeof rate !== 'number') continue;
    const ref = c.subject?.ref ?? c.id;
    const unit = q.units.includes(ref) ? ref : q.units.includes(c.unit) ? c.unit : null;
    if (unit === null) continue;
    latest.set(`${unit} ${ref}`, {
      unit,
      cases: [c.id],
      numerator: rate,
      denominator: 100,
      detail: `${c.subject?.name ?? ref}: approval ${rate}% (on-site ${day(c.context.onSite?.heldAt)})`,
      text: {
        zh: `${c.subject?.name ?? ref}：群众认可率${rate}%（现场考核${bjDay(c.context.onSite?.heldAt)}）`,
        en: `${c.subject?.name ?? ref}: approval ${rate}% (on-site ${bjDay(c.context.onSite?.heldAt)})`,
      },
    });
  }
  return [...latest.values()];
}

/**
 * approvalFacts' sums from the surveys the engine keeps beside the assessments (case_tally): those
 * within reach of the units or about one of them (two index reads, by unit and by the unit assessed,
 * whatever the planner's statistics), the last of each assessed subject kept in the same way.
 */
async function approvalCounts(q: IndexQueries): Promise<IndexCount[]> {
  const surveys = `SELECT t.unit_id AS unit, t.case_id AS id, t.subject_ref AS "subjectRef", t.value AS rate,
      t.opened_at AS "openedAt"
    FROM case_tally t WHERE ${tallyWhere(q, { withinReach: true })} AND t.year = :tallyYear`;
  const rows = await q.rows(
    `${surveys} AND t.unit_id IN (:...indexUnits)
     UNION ALL
     ${surveys} AND t.subject_ref IN (:...indexUnits) AND t.unit_id NOT IN (:...indexUnits)
     ORDER BY "openedAt", id`,
    { tallyWorkflow: 'assessment', tallyKind: TALLY.survey, tallyYear: q.year },
  );
  const latest = new Map<string, IndexCount>();
  const units = new Set(q.units); // a province's 15,000 surveys a year, each looked up among 111 units
  for (const r of rows) {
    const ref = r.subjectRef ? String(r.subjectRef) : String(r.id);
    const unit = units.has(ref) ? ref : units.has(String(r.unit)) ? String(r.unit) : null;
    if (unit === null) continue;
    latest.set(`${unit} ${ref}`, { unit, numerator: q.num(r.rate as number | string), denominator: 100 });
  }
  return [...latest.values()];
}

const rule = (zh: string, en: string): Label => ({ zh, en });

const RULES: Record<
  string,
  {
    rule: Label;
    facts(q: IndexQueries): Promise<IndexFact[]>;
    counts?(q: IndexQueries): Promise<IndexCount[]>;
  }
> = {
  keyTasks: {
    rule: rule(
      '种子材料「重点任务达标率」：重点任务是清单中标为重点的任务，达标是经检查达到其达标标准（不仅是按期）。' +
        '分子：本单位当年责任清单中已到期的重点任务里，经检查达标的项数；' +
        '分母：本单位当年责任清单中已到期（截止日已过或已完成）的重点任务数',
      'Seeds, 重点任务达标率 (key tasks up to standard): a key task is a task marked key; up to standard (达标) ' +
        'means its check found it met its standard, not only that it was on time. Numerator: key tasks due on ' +
        "the unit's responsibility lists for the year that were checked and met their standard; denominator: " +
        'key tasks due on those lists (due date passed, or done)',
    ),
    facts: keyTaskFacts,
    counts: async (q) =>
      (await keyTaskSums(q)).map((r) => ({
        unit: String(r.unit),
        numerator: q.num(r.met as number | string),
        denominator: q.num(r.due as number | string),
      })),
  },
  departmentResponsibility: {
    rule: rule(
      '种子材料「分管部门责任制落实率」：分管部门的责任制落实，指该部门当年已到期的重点任务全部经检查达标。' +
        '分子：本单位下设、有分管领导、当年有已到期重点任务的部门中，重点任务全部达标的部门数；' +
        '分母：这些部门数（没有已到期重点任务的部门无从评判，不计）',
      'Seeds, 分管部门责任制落实率 (responsibility carried out in overseen departments): a department carried ' +
        'out its responsibilities when every key task of it due in the year was checked and met its standard. ' +
        'Numerator: departments under the unit with an overseeing leader (分管领导) and key tasks due on the ' +
        "unit's lists for the year, all of which met their standard; denominator: those departments (one with " +
        'no key task due cannot be judged and is not counted)',
    ),
    facts: departmentFacts,
    counts: async (q) => {
      const [sums, departments] = await Promise.all([keyTaskSums(q), q.departments()]);
      const tasks = new Map<string, { met: number; due: number }>();
      for (const r of sums) {
        if (r.department === null) continue;
        const d = tasks.get(String(r.department)) ?? { met: 0, due: 0 };
        d.met += q.num(r.met as number | string);
        d.due += q.num(r.due as number | string);
        tasks.set(String(r.department), d);
      }
      return departments.flatMap((d) => {
        const t = tasks.get(d.code);
        if (d.leaderRef === null || !t) return [];
        return [{ unit: d.parentCode, numerator: t.met === t.due ? 1 : 0, denominator: 1 }];
      });
    },
  },
  integrity: {
    rule: rule(
      '种子材料「廉洁自律规定落实率」：以本单位干部名册上的全部干部为基数。' +
        '分子：本单位干部名册上当年在册的干部中，当年未被决定问责措施（已撤销的不计）且无函询处置结论' +
        '（了结澄清除外）的人数（无论由哪个单位办理，限查看者权限范围内的案件）；分母：当年在册的全部干部。' +
        '没有案件的单位：其全部干部均为分子',
      "Seeds, 廉洁自律规定落实率 (integrity rules observed), over every cadre on the unit's register. " +
        "Numerator: cadres on the unit's register in the year with no measure decided against them in the year " +
        '(revoked ones aside) and no inquiry concluded in the year with a finding against them (anything but ' +
        "cleared), by any case within the reader's reach, whichever unit handled it; denominator: every cadre " +
        'on the register in the year. A unit with no cases: all its cadres over all its cadres',
    ),
    facts: integrityFacts,
    counts: integrityCounts,
  },
  problemCorrection: {
    rule: rule(
      '种子材料「单位查摆问题纠正率」：只计本单位自查（查摆）发现的问题，纠正以整改验收通过为准（不只是完成）。' +
        '分子：来源为本单位自查的整改事项中，截止日在当年且已到期、整改验收已通过的项数；' +
        '分母：来源为本单位自查、截止日在当年且已到期（截止日已过或已完成）的整改事项数（重新整改的事项按最初截止日计）。' +
        '巡视巡察、审计、问责决定、考核发现的问题不计',
      'Seeds, 单位查摆问题纠正率 (problems the unit found itself, corrected): only problems the unit found ' +
        'itself (自查/查摆) count, and corrected means the verification passed, not merely done. Numerator: ' +
        "items of the unit's rectification cases of source selfInspection due in the year that a passed " +
        'verification closed; denominator: those items due in the year (due date passed, or done; a reopened ' +
        'item is held to its first due date). Problems an inspection, audit, decision or assessment found do ' +
        'not count',
    ),
    facts: selfFoundFacts,
    counts: (q) =>
      countRows(
        q,
        `SELECT t.unit_id AS unit, SUM(CASE WHEN t.met_at < :yearEnd THEN 1 ELSE 0 END) AS numerator,
           COUNT(*) AS denominator
         FROM case_tally t
         WHERE ${tallyWhere(q)} AND t.at >= :yearStart AND t.at < :yearEnd AND ${TALLY_DUE}
           AND t.opened_at < :yearEnd
         GROUP BY t.unit_id`,
        { tallyWorkflow: 'rectification', tallyKind: TALLY.selfFoundItem },
      ),
  },
  publicApproval: {
    rule: rule(
      '种子材料「群众认可率」：被考核单位当年年度考核现场考核记录的满意度测评结果。' +
        '分子：该认可率（%）；分母：100；按被考核单位计（由上级办理的考核计入被考核单位），无记录时为 0/0',
      "Seeds, 群众认可率 (public approval): the survey result the on-site assessment of the unit's annual " +
        'assessment recorded. Numerator: that rate (percent); denominator: 100; counted for the unit assessed ' +
        '(an assessment a higher committee handles counts for the unit it assessed); 0/0 when none recorded it',
    ),
    facts: approvalFacts,
    counts: approvalCounts,
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
  counts: RULES[i.code]?.counts,
}));

/** The share of soft means among the measures decided (问责偏软): the seeds' soft means over all. */
const softMeasures: FigureDefinition = {
  label: { zh: '问责偏软比率（通报、诫勉、组织处理占比）', en: 'Soft measures share' },
  parts: {
    numerator: { zh: '软性问责措施', en: 'Soft measures' },
    denominator: { zh: '问责措施总数', en: 'All measures' },
  },
  rule: rule(
    '种子材料：通报批评、诫勉、组织处理为问责的软性方式（与纪律处分相对）。' +
      '分子：当年本单位案件决定的问责措施中通报、诫勉、书面检查、组织调整/组织处理、政务问责（2009年规定的道歉、' +
      '停职、辞职、免职）及对组织的检查的数量；分母：当年本单位案件决定的全部问责措施（已撤销的不计）。' +
      '纪律处分和改组不计入分子',
    "Seeds: 通报批评, 诫勉 and 组织处理 are accountability's soft means (as against 纪律处分, discipline). " +
      `Numerator: measures decided in the year by the unit's cases that are soft (${SOFT_MEASURES.join(', ')}); ` +
      'denominator: all measures decided in the year by them (revoked ones aside). Party discipline and ' +
      'reorganisation are not soft',
  ),
  facts: async (q) =>
    (await measures(q, { decidedInYear: true }))
      .filter((m) => q.inYear(m.decidedAt))
      .map((m) => ({
        unit: m.unit,
        cases: [m.caseId],
        numerator: SOFT_MEASURES.includes(m.type) ? 1 : 0,
        denominator: 1,
        detail: `measure ${measureText(m)} decided ${day(m.decidedAt)}`,
        text: {
          zh: `${bjDay(m.decidedAt)}决定问责措施：${measureZh(m)}`,
          en: `measure ${measureText(m)} decided ${bjDay(m.decidedAt)}`,
        },
      })),
  // the measures in force the store counts by unit, year decided (Beijing) and type: measure_count
  counts: (q) =>
    countRows(
      q,
      `SELECT c.unit_id AS unit, SUM(CASE WHEN c.type IN (:...soft) THEN c.n ELSE 0 END) AS numerator,
         SUM(c.n) AS denominator
       FROM measure_count c
       WHERE ${q.inScope('c')} AND c.year = :measureYear AND c.type NOT LIKE :results
       GROUP BY c.unit_id HAVING SUM(c.n) > 0`,
      { ...RESULTS, soft: SOFT_MEASURES, measureYear: q.year },
    ),
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
    (
      await q.cases<AccountabilityContext>('accountability', {
        openedByYearEnd: true,
        outcomes: DECLINED_OUTCOMES,
      })
    )
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
  counts: (q) =>
    countRows(
      q,
      `SELECT t.unit_id AS unit, COUNT(*) AS numerator, 0 AS denominator
       FROM case_tally t
       WHERE ${tallyWhere(q)} AND t.at >= :yearStart AND t.at < :yearEnd AND t.opened_at < :yearEnd
       GROUP BY t.unit_id`,
      { tallyWorkflow: 'accountability', tallyKind: TALLY.closedWith },
    ),
};

/** The first instant (UTC) of the month after an instant's. */
function nextMonthOf(iso: string): string {
  const t = new Date(iso);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1)).toISOString();
}

const restrictedNow: FigureDefinition = {
  label: { zh: '当前受限人数', en: 'Restricted now' },
  rule: rule(
    '本单位案件决定的问责措施目前仍在影响期内（未撤销）的人数',
    "People with a measure decided by the unit's cases whose impact period runs now (not lifted)",
  ),
  facts: async (q) => {
    const people = new Map<string, IndexFact>();
    for (const m of await measures(q, { impactRunsNow: true })) {
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
  // the people the store keeps restricted per unit (restriction: the latest end of their measures'
  // impact periods; restriction_count: those by the month it falls in): the months after now's, and
  // now's month after now. An assessment's results, which no period restricts, are not among them.
  counts: (q) =>
    countRows(
      q,
      `SELECT x.unit AS unit, SUM(x.n) AS numerator, 0 AS denominator FROM (
         SELECT r.unit_id AS unit, r.n AS n FROM restriction_count r
         WHERE ${q.inScope('r')} AND r.month > :nowMonth
         UNION ALL
         SELECT p.unit_id AS unit, 1 AS n FROM restriction p
         WHERE ${q.inScope('p')} AND p.until > :now AND p.until < :nextMonth
       ) x GROUP BY x.unit HAVING SUM(x.n) > 0`,
      { nowMonth: q.now.slice(0, 7), nextMonth: nextMonthOf(q.now) },
    ),
};

/** What GET /indices serves. */
export const INDICES: IndicesCatalogue = {
  title: { zh: '考核指数', en: 'Indices' },
  rates: RATES,
  softMeasures,
  linkedCases,
  declinedClues,
  restrictedNow,
};
