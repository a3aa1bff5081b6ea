import {
  CONCLUSIONS,
  INDIVIDUAL_ONLY,
  METHODS,
  SOURCES,
  type Conclusion,
  type Endorsement,
  type Method,
  type PayloadOf,
  type Source,
} from '../machines/inquiry.types';
import { IsBoolean } from 'class-validator';
import { DateTimeField, Labelled, Nested, TextField } from '../src/engine/payload-fields';
import type { Label } from '../src/engine/workflow.types';

/** Long texts (clue, talk record, reply) fit together in an accountability case's facts (20,000). */
export const LONG = 5000;
export const REASON = 2000;
export const SHORT = 200;

export const SOURCE_LABELS: Record<Source, Label> = {
  report: { zh: '信访举报', en: 'Report or complaint' },
  inspectionTour: { zh: '巡视巡察', en: 'Inspection tour' },
  audit: { zh: '审计', en: 'Audit' },
  superiorInstruction: { zh: '上级交办', en: 'Instruction from above' },
  other: { zh: '其他', en: 'Other' },
};

export const METHOD_LABELS: Record<Method, Label> = {
  talk: { zh: '谈话', en: 'Talk' },
  letter: { zh: '函询', en: 'Letter of inquiry' },
};

export const CONCLUSION_LABELS: Record<Conclusion, Label> = {
  cleared: { zh: '采信了结', en: 'Cleared' },
  reminder: { zh: '谈话提醒', en: 'Reminder talk' },
  criticism: { zh: '批评教育', en: 'Criticism and education' },
  selfExamination: { zh: '责令检查', en: 'Ordered to make a written self-examination' },
  formalWarning: { zh: '诫勉', en: 'Formal warning' },
  toVerification: { zh: '转初步核实', en: 'Referred to preliminary verification' },
};

/** What POST /cases carries for an inquiry besides the common fields (the subject is the cadre). */
export class InquiryOpenPayload {
  /** The clue (问题线索) the inquiry is about. */
  @TextField(LONG)
  clue: string;

  @Labelled(SOURCES, SOURCE_LABELS)
  source: Source;
}

export class InquiryApprovePayload implements PayloadOf<'APPROVE'> {
  @Labelled(METHODS, METHOD_LABELS)
  method: Method;
}

export class InquiryReasonPayload implements PayloadOf<'DECLINE'> {
  @TextField(REASON)
  reason: string;
}

/** heldAt: not in the future, not before the case was opened (a guard; 422 says why). */
export class InquiryRecordTalkPayload implements PayloadOf<'RECORD_TALK'> {
  @DateTimeField()
  heldAt: string;

  @TextField(LONG)
  record: string;
}

/** sentAt: not in the future, not before the case was opened (a guard; 422 says why). */
export class InquirySendLetterPayload implements PayloadOf<'SEND_LETTER'> {
  @DateTimeField()
  sentAt: string;

  @TextField(SHORT)
  letterRef: string;
}

/** receivedAt: not in the future, not before the letter was sent (a guard; 422 says why). */
export class InquiryLetterReceivedPayload implements PayloadOf<'RECORD_LETTER_RECEIVED'> {
  @DateTimeField()
  receivedAt: string;
}

/** The signed opinion of the principal leader of the subject's Party committee (签署意见). */
export class InquiryEndorsementDto implements Endorsement {
  @TextField(SHORT)
  name: string;

  @TextField(SHORT)
  post: string;

  @TextField(REASON)
  opinion: string;
}

/**
 * The written reply: receivedAt not in the future, not before the subject received the letter (a
 * guard; 422 says why); whether it denies a concrete allegation; the endorsement, required.
 */
export class InquiryReplyPayload implements PayloadOf<'RECORD_REPLY'> {
  @DateTimeField()
  receivedAt: string;

  @TextField(LONG)
  summary: string;

  @IsBoolean()
  deniesAllegation: boolean;

  @Nested(() => InquiryEndorsementDto)
  endorsement: InquiryEndorsementDto;
}

/** A second letter (再次函询): why the reply is not enough. */
export class InquiryAskAgainPayload implements PayloadOf<'ASK_AGAIN'> {
  @TextField(REASON)
  reason: string;
}

/** CONCLUDE on an individual: every conclusion. */
export class InquiryConclusionPayload implements PayloadOf<'CONCLUDE'> {
  @Labelled(CONCLUSIONS, CONCLUSION_LABELS)
  conclusion: Conclusion;

  @TextField(REASON)
  reason: string;
}

/** The conclusions that fit an organisation: a formal warning (诫勉) is a measure on a person. */
export const ORGANISATION_CONCLUSIONS = CONCLUSIONS.filter((c) => !INDIVIDUAL_ONLY.includes(c));

/** CONCLUDE on an organisation: no formal warning. */
export class InquiryOrganisationConclusionPayload implements PayloadOf<'CONCLUDE'> {
  @Labelled(ORGANISATION_CONCLUSIONS, CONCLUSION_LABELS)
  conclusion: Conclusion;

  @TextField(REASON)
  reason: string;
}
