import {
  conclusionProblem,
  datedField,
  endorsementProblem,
  secondLetterProblem,
} from '../machines/inquiry.machine';
import type { InquiryContext as Ctx, InquiryEvent, Payloads } from '../machines/inquiry.types';
import type { Label } from '../src/engine/workflow.types';
import { joinReasons, recordedDateReason } from './dated.refusals';
import { CONCLUSION_LABELS } from './inquiry.payloads';
import type { Reason } from './responsibility-list.refusals';
import { TERMS } from './terms';

/** The date each event records, for the reader. */
const FIELDS: Partial<Record<InquiryEvent['type'], Label>> = {
  RECORD_TALK: { zh: '谈话时间', en: 'heldAt' },
  SEND_LETTER: { zh: '发函时间', en: 'sentAt' },
  RECORD_LETTER_RECEIVED: { zh: '被函询人收到函件的时间', en: 'receivedAt' },
  RECORD_REPLY: { zh: '收到书面回复的时间', en: 'receivedAt' },
};

/** The steps a recorded date may not precede (the machine's words for them), for the reader. */
const STEPS: Record<string, string> = {
  'the case was opened': '立案',
  'the letter was sent': '函件发出',
  'the subject received the letter': '被函询人收到函件',
};

const ENDORSEMENT_PARTS = { name: '姓名', post: '职务', opinion: '意见' } as const;

function dateReason(ctx: Ctx, event: InquiryEvent): Reason | null {
  const dated = datedField(ctx, event);
  const field = FIELDS[event.type];
  if (!dated || !field) return null;
  const [step, at] = dated.earliest;
  return recordedDateReason(
    { field, value: dated.value, earliest: { step: { zh: STEPS[step] ?? step, en: step }, at } },
    event.at,
  );
}

function endorsementReason(event: InquiryEvent): Reason | null {
  if (!endorsementProblem(event)) return null;
  const e = (event.payload as Partial<Payloads['RECORD_REPLY']>).endorsement;
  const blank = (['name', 'post', 'opinion'] as const).filter((k) => !e || !String(e[k] ?? '').trim());
  return {
    reason: {
      zh: '书面回复须附被函询人所在党委（党组）主要负责人签署的意见（缺少：{missing}）',
      en: "the reply must carry the signed opinion of the principal leader of the subject's Party committee (missing: {missingEn})",
    },
    params: { missing: blank.map((k) => ENDORSEMENT_PARTS[k]).join('、'), missingEn: blank.join(', ') },
  };
}

function secondLetterReason(ctx: Ctx, event: InquiryEvent): Reason | null {
  if (event.type !== 'ASK_AGAIN' || !secondLetterProblem(ctx)) return null;
  return ctx.reply
    ? {
        reason: {
          zh: '只有书面回复否认了具体问题时才能再次函询，本次回复没有否认',
          en: 'a second letter is sent when the reply denies a concrete allegation, and this reply does not',
        },
        params: {},
      }
    : {
        reason: {
          zh: '再次函询须在收到书面回复之后，本次函询尚无回复',
          en: 'a second letter follows a written reply, and there is none to this letter',
        },
        params: {},
      };
}

function conclusionReason(ctx: Ctx, event: InquiryEvent): Reason | null {
  if (event.type !== 'CONCLUDE' || !conclusionProblem(ctx, event)) return null;
  const conclusion = String(event.payload.conclusion);
  const label = CONCLUSION_LABELS[conclusion as keyof typeof CONCLUSION_LABELS];
  if (!label) {
    return {
      reason: {
        zh: '“{conclusion}”不是函询的了结方式：需要核实的问题应转初步核实',
        en: '{conclusionEn} is not a conclusion of an inquiry: a problem that needs checking goes to preliminary verification (toVerification)',
      },
      params: { conclusion: TERMS.value('inquiry', conclusion)?.zh ?? conclusion, conclusionEn: conclusion },
    };
  }
  const kind = TERMS.value('inquiry', ctx.subject.kind) ?? { zh: ctx.subject.kind, en: ctx.subject.kind };
  return {
    reason: {
      zh: '“{conclusion}”是对个人的处理，而被函询对象是{kind}',
      en: 'the conclusion {conclusionEn} is a measure on an individual, and the subject is an {kindEn}',
    },
    params: { conclusion: label.zh, conclusionEn: conclusion, kind: kind.zh, kindEn: ctx.subject.kind },
  };
}

/** The reader's words for every refusal of the inquiry's guards, in the order the workflow checks them. */
export function inquiryReason(ctx: Ctx, event: InquiryEvent): Reason | null {
  return joinReasons([
    dateReason(ctx, event),
    endorsementReason(event),
    secondLetterReason(ctx, event),
    conclusionReason(ctx, event),
  ]);
}
