import {
  dateProblem,
  leadershipProblem,
  measureFits,
  pursuitProblem,
  responsibilitiesNamed,
} from '../machines/accountability.machine';
import type {
  AccountabilityContext as Ctx,
  AccountabilityEvent,
  Measure,
} from '../machines/accountability.types';
import { joinReasons } from './dated.refusals';
import type { Reason } from './responsibility-list.refusals';
import { TERMS } from './terms';

const plain = (zh: string, en: string): Reason => ({ reason: { zh, en }, params: {} });

/** The machine's fixed words for a refusal, for the reader in Chinese. */
const FIXED_ZH: Record<string, string> = {
  'a decision about an organisation names the responsible members of its leadership':
    '对组织的问责决定须写明其领导班子中负有责任的成员（一并调查）',
  'each member named is an individual with main or important leadership responsibility':
    '所列的每名成员须为负有主要领导责任或重要领导责任的个人',
  'the principal leader or the member in charge (main leadership responsibility) is named':
    '须写明负有主要领导责任的主要负责人或分管负责人',
  'a serious or long-running matter also pursues the responsible leaders (alsoInvestigate, main leadership) or names the case where they are pursued (leadersPursuedElsewhere)':
    '问题严重或长期存在的，须一并追究负有主要领导责任的领导人员（一案双查），或写明在哪一案件中追究',
};

function fixed(problem: string | null): Reason | null {
  return problem === null ? null : plain(FIXED_ZH[problem] ?? problem, problem);
}

const label = (key: string) => TERMS.value('accountability', key) ?? { zh: key, en: key };

function misfitReason(ctx: Ctx, event: AccountabilityEvent): Reason | null {
  const measures: Measure[] = 'measures' in event.payload ? (event.payload.measures ?? []) : [];
  const misfits = measures.filter((m) => !measureFits(ctx.subject.kind, m));
  if (!misfits.length) return null;
  const zh = misfits.map((m) =>
    m.detail ? `${label(m.type).zh}（${label(m.detail).zh}）` : label(m.type).zh,
  );
  return {
    reason: {
      zh: '问责方式“{measures}”不适用于{kind}（或其具体形式缺失、不符）',
      en: 'measures {measuresEn} do not fit a subject of kind {kindEn} (or their detail is missing or wrong)',
    },
    params: {
      measures: zh.join('”“'),
      measuresEn: misfits.map((m) => (m.detail ? `${m.type} (${m.detail})` : m.type)).join(', '),
      kind: label(ctx.subject.kind).zh,
      kindEn: ctx.subject.kind,
    },
  };
}

function dateReason(ctx: Ctx, event: AccountabilityEvent): Reason | null {
  if (!dateProblem(ctx, event)) return null;
  const future = (zh: string, en: string, date: string): Reason => ({
    reason: {
      zh: `${zh}（{date}）晚于现在（{now}），不能登记将来的时间`,
      en: `${en} {date} is in the future (recorded at {now})`,
    },
    params: { date, now: event.at },
  });
  switch (event.type) {
    case 'DELIVER': {
      const { deliveredAt } = event.payload;
      if (Date.parse(deliveredAt) > Date.parse(event.at))
        return future('送达日期', 'the delivery date', deliveredAt);
      return {
        reason: {
          zh: '送达日期（{date}）早于作出问责决定的时间（{decidedAt}）',
          en: 'the delivery date {date} is before the decision ({decidedAt})',
        },
        params: { date: deliveredAt, decidedAt: ctx.decision?.at ?? '' },
      };
    }
    case 'RECORD_DISCIPLINARY_OUTCOME':
      return future('纪律处分决定日期', 'the disciplinary decision date', event.payload.decidedAt);
    case 'DECIDE':
      return {
        reason: {
          zh: '整改期限（{due}）须晚于作出问责决定的时间（{now}）',
          en: 'the rectification due date {due} is not after the decision ({now})',
        },
        params: { due: event.payload.rectification?.dueAt ?? '', now: event.at },
      };
    default:
      return null;
  }
}

/**
 * The reader's words for every refusal of the accountability procedure's guards, in the order the
 * workflow checks them: measures that do not fit the subject, the leadership not named, leaders not
 * pursued, a linked case without a responsibility, dates that cannot be true.
 */
export function accountabilityReason(ctx: Ctx, event: AccountabilityEvent): Reason | null {
  return joinReasons([
    misfitReason(ctx, event),
    fixed(leadershipProblem(ctx, event)),
    fixed(pursuitProblem(ctx, event)),
    responsibilitiesNamed(event)
      ? null
      : plain(
          '一并调查的每个人都须写明其责任类型',
          'every person also investigated is named with a responsibility',
        ),
    dateReason(ctx, event),
  ]);
}
