/*
 * The payload classes of inquiry version 1 that version 2 changed, under their version-1 names (schemas
 * are keyed by class name): the written reply without receipt or endorsement, and the conclusions with
 * a direct escalation to accountability. The unchanged classes are shared with version 2.
 */
import {
  CONCLUSIONS,
  INDIVIDUAL_ONLY,
  type Conclusion,
  type PayloadOf,
} from '../../machines/v1/inquiry.types';
import { DateTimeField, Labelled, TextField } from '../../src/engine/payload-fields';
import type { Label } from '../../src/engine/workflow.types';
import { LONG, REASON } from '../inquiry.payloads';

export const CONCLUSION_LABELS_V1: Record<Conclusion, Label> = {
  cleared: { zh: '了结澄清', en: 'Cleared' },
  reminder: { zh: '提醒', en: 'Reminder' },
  criticism: { zh: '批评教育', en: 'Criticism and education' },
  formalWarning: { zh: '诫勉', en: 'Formal warning' },
  escalated: { zh: '转问责', en: 'Escalated to accountability' },
};

/** receivedAt: not in the future, not before the letter was sent (a guard; 422 says why). */
export class InquiryRecordReplyPayload implements PayloadOf<'RECORD_REPLY'> {
  @DateTimeField()
  receivedAt: string;

  @TextField(LONG)
  summary: string;
}

/** CONCLUDE on an individual: every conclusion. */
export class InquiryConcludePayload implements PayloadOf<'CONCLUDE'> {
  @Labelled(CONCLUSIONS, CONCLUSION_LABELS_V1)
  conclusion: Conclusion;

  @TextField(REASON)
  reason: string;
}

/** The conclusions that fit an organisation: a formal warning (诫勉) is a measure on a person. */
export const ORGANISATION_CONCLUSIONS_V1 = CONCLUSIONS.filter((c) => !INDIVIDUAL_ONLY.includes(c));

/** CONCLUDE on an organisation: no formal warning. */
export class InquiryOrganisationConcludePayload implements PayloadOf<'CONCLUDE'> {
  @Labelled(ORGANISATION_CONCLUSIONS_V1, CONCLUSION_LABELS_V1)
  conclusion: Conclusion;

  @TextField(REASON)
  reason: string;
}
