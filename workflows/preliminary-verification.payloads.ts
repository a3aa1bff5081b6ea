import { IsBoolean } from 'class-validator';
import {
  MIN_TEAM,
  OUTCOMES,
  RESPONSIBILITIES,
  SOURCES,
  type Outcome,
  type PayloadOf,
  type Responsibility,
  type Source,
  type TeamMember,
} from '../machines/preliminary-verification.types';
import { DateTimeField, Labelled, NestedList, TextField } from '../src/engine/payload-fields';
import type { Label } from '../src/engine/workflow.types';

/** The clue: as long as an accountability case's facts, which an inquiry's findings may fill. */
export const CLUE = 20_000;
/** Findings and evidence. */
export const LONG = 8000;
export const REASON = 2000;
const SHORT = 200;
const MAX_TEAM = 20;

export const SOURCE_LABELS: Record<Source, Label> = {
  inquiry: { zh: '谈话函询', en: 'Inquiry' },
  report: { zh: '信访举报', en: 'Report or complaint' },
  inspectionTour: { zh: '巡视巡察', en: 'Inspection tour' },
  audit: { zh: '审计', en: 'Audit' },
  superiorInstruction: { zh: '上级交办', en: 'Instruction from above' },
  other: { zh: '其他', en: 'Other' },
};

export const OUTCOME_LABELS: Record<Outcome, Label> = {
  toCaseReview: { zh: '拟立案审查', en: 'Referred to case review' },
  noProblem: { zh: '予以了结', en: 'Closed: no problem found' },
  reminderTalk: { zh: '谈话提醒', en: 'Reminder talk' },
  toAccountability: { zh: '移送问责', en: 'Referred to accountability' },
};

export const RESPONSIBILITY_LABELS: Record<Responsibility, Label> = {
  overallLeadership: { zh: '全面领导责任', en: 'Overall leadership' },
  mainLeadership: { zh: '主要领导责任', en: 'Main leadership' },
  importantLeadership: { zh: '重要领导责任', en: 'Important leadership' },
  direct: { zh: '直接责任', en: 'Direct' },
};

/** What POST /cases carries for a preliminary verification besides the common fields. */
export class VerificationOpenPayload {
  /** The clue (问题线索) to verify, or what the inquiry found. */
  @TextField(CLUE)
  clue: string;

  @Labelled(SOURCES, SOURCE_LABELS)
  source: Source;
}

/** A member of the verification team. */
export class TeamMemberDto implements TeamMember {
  @TextField(SHORT)
  name: string;
}

/** The leader approves the start: the work plan (工作方案) and the verification team (核查组, at least two). */
export class ApproveStartPayload implements PayloadOf<'APPROVE_START'> {
  @TextField(REASON)
  plan: string;

  @NestedList(() => TeamMemberDto, MIN_TEAM, MAX_TEAM)
  team: TeamMemberDto[];
}

/** obtainedAt: not in the future, not before the start was approved (a guard; 422 says why). */
export class RecordEvidencePayload implements PayloadOf<'RECORD_EVIDENCE'> {
  @TextField(LONG)
  description: string;

  @DateTimeField()
  obtainedAt: string;
}

export class SubmitVerificationReportPayload implements PayloadOf<'SUBMIT_REPORT'> {
  @TextField(LONG)
  findings: string;

  @IsBoolean()
  problemFound: boolean;

  /** The handling the team proposes; the leader decides. */
  @Labelled(OUTCOMES, OUTCOME_LABELS)
  proposal: Outcome;
}

export class ReferForCaseReviewPayload implements PayloadOf<'REFER_FOR_CASE_REVIEW'> {
  /** The reference of the case review (立案审查) the referral opens. */
  @TextField(SHORT)
  reference: string;

  @TextField(REASON)
  reason: string;
}

export class VerificationReasonPayload implements PayloadOf<'CLOSE_NO_PROBLEM'> {
  @TextField(REASON)
  reason: string;
}

export class ReferToAccountabilityPayload implements PayloadOf<'REFER_TO_ACCOUNTABILITY'> {
  @Labelled(RESPONSIBILITIES, RESPONSIBILITY_LABELS)
  responsibility: Responsibility;

  @TextField(REASON)
  reason: string;
}
