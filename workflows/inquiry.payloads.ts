import {
  CONCLUSIONS,
  INDIVIDUAL_ONLY,
  METHODS,
  SOURCES,
  type Conclusion,
  type Method,
  type PayloadOf,
  type Source,
} from '../machines/inquiry.types';
import { DateTimeField, Labelled, TextField } from '../src/engine/payload-fields';
import type { Label } from '../src/engine/workflow.types';

/** Long texts (clue, talk record, reply) fit together in an accountability case's facts (20,000). */
export const LONG = 5000;
export const REASON = 2000;
const SHORT = 200;

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
  cleared: { zh: '了结澄清', en: 'Cleared' },
  reminder: { zh: '提醒', en: 'Reminder' },
  criticism: { zh: '批评教育', en: 'Criticism and education' },
  formalWarning: { zh: '诫勉', en: 'Formal warning' },
  escalated: { zh: '转问责', en: 'Escalated to accountability' },
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
export class InquiryRecordReplyPayload implements PayloadOf<'RECORD_REPLY'> {
  @DateTimeField()
  receivedAt: string;

  @TextField(LONG)
  summary: string;
}

/** CONCLUDE on an individual: every conclusion. */
export class InquiryConcludePayload implements PayloadOf<'CONCLUDE'> {
  @Labelled(CONCLUSIONS, CONCLUSION_LABELS)
  conclusion: Conclusion;

  @TextField(REASON)
  reason: string;
}

/** The conclusions that fit an organisation: a formal warning (诫勉) is a measure on a person. */
export const ORGANISATION_CONCLUSIONS = CONCLUSIONS.filter((c) => !INDIVIDUAL_ONLY.includes(c));

/** CONCLUDE on an organisation: no formal warning. */
export class InquiryOrganisationConcludePayload implements PayloadOf<'CONCLUDE'> {
  @Labelled(ORGANISATION_CONCLUSIONS, CONCLUSION_LABELS)
  conclusion: Conclusion;

  @TextField(REASON)
  reason: string;
}
