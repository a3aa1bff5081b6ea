import {
  evidenceDateProblem,
  findingProblem,
  referralProblem,
  reportProblem,
  teamProblem,
} from '../machines/preliminary-verification.machine';
import {
  MIN_TEAM,
  RESPONSIBILITIES,
  type Outcome,
  type Payloads,
  type VerificationContext as Ctx,
  type VerificationEvent,
} from '../machines/preliminary-verification.types';
import { joinReasons, recordedDateReason } from './dated.refusals';
import { OUTCOME_LABELS, RESPONSIBILITY_LABELS } from './preliminary-verification.payloads';
import type { Reason } from './responsibility-list.refusals';

const plain = (zh: string, en: string): Reason => ({ reason: { zh, en }, params: {} });

function teamReason(event: VerificationEvent): Reason | null {
  if (!teamProblem(event)) return null;
  const team = (event.payload as Partial<Payloads['APPROVE_START']>).team ?? [];
  const members = new Set(team.map((m) => String(m?.name ?? '').trim()).filter(Boolean));
  return {
    reason: {
      zh: '核查组至少由{min}名不同人员组成，现只列了{count}名',
      en: 'a verification team has at least {min} different members, and this one names {count}',
    },
    params: { min: MIN_TEAM, count: members.size },
  };
}

function evidenceDateReason(ctx: Ctx, event: VerificationEvent): Reason | null {
  if (!evidenceDateProblem(ctx, event) || !ctx.start) return null;
  const { obtainedAt } = event.payload as Partial<Payloads['RECORD_EVIDENCE']>;
  return recordedDateReason(
    {
      field: { zh: '证据取得时间', en: 'obtainedAt' },
      value: obtainedAt,
      earliest: { step: { zh: '批准开展初步核实', en: 'the start was approved' }, at: ctx.start.at },
    },
    event.at,
  );
}

function findingReason(ctx: Ctx, outcome: Outcome | undefined): Reason | null {
  if (!outcome || !findingProblem(ctx, outcome)) return null;
  const label = OUTCOME_LABELS[outcome];
  return outcome === 'noProblem'
    ? plain(
        '只有初步核实情况报告未发现问题时才能予以了结，而本报告发现了问题',
        'the case is closed as no problem (予以了结) only when the report found none, and this report found one',
      )
    : {
        reason: {
          zh: '“{outcome}”须以发现了问题的初步核实情况报告为依据，而本报告未发现问题',
          en: 'a referral ({outcomeEn}) needs a report that found a problem, and this report found none',
        },
        params: { outcome: label.zh, outcomeEn: outcome },
      };
}

function referralReason(event: VerificationEvent): Reason | null {
  if (!referralProblem(event)) return null;
  return event.type === 'REFER_FOR_CASE_REVIEW'
    ? plain(
        '移送立案审查须登记所立案件的编号',
        'a referral to case review records the reference of the case review it opens',
      )
    : {
        reason: {
          zh: '移送问责须写明责任类型：{options}之一',
          en: 'a referral to accountability names a responsibility: one of {optionsEn}',
        },
        params: {
          options: RESPONSIBILITIES.map((r) => RESPONSIBILITY_LABELS[r].zh).join('、'),
          optionsEn: RESPONSIBILITIES.join(', '),
        },
      };
}

/** The reader's words for every refusal of the preliminary verification's guards, in the workflow's order. */
export function verificationReason(
  ctx: Ctx,
  event: VerificationEvent,
  outcome: Outcome | undefined,
): Reason | null {
  return joinReasons([
    teamReason(event),
    evidenceDateReason(ctx, event),
    event.type === 'SUBMIT_REPORT' && reportProblem(ctx)
      ? plain(
          '请先登记收集到的证据，再提交初步核实情况报告',
          'the report follows the verification: record the evidence gathered first',
        )
      : null,
    findingReason(ctx, outcome),
    referralReason(event),
  ]);
}
