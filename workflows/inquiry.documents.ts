import type { InquiryContext } from '../machines/inquiry.types';
import { chinaDate, type DocumentDefinition } from '../src/engine/document.types';
import { addressee, BLANK, SHORT_BLANK } from './documents.text';
import { SOURCE_LABELS } from './inquiry.payloads';

/** The limit for a written reply to a letter of inquiry (the workflow's `reply` limit, P15WD). */
const REPLY_WITHIN_ZH = '十五个工作日';

/** What the notice reads of a case: the same in both versions of the workflow. */
type NoticeContext = Pick<InquiryContext, 'approval' | 'source' | 'clue'>;

export const INQUIRY_DOCUMENTS: Record<string, DocumentDefinition<NoticeContext>> = {
  notice: {
    label: { zh: '谈话函询通知书', en: 'Notice of talk or letter of inquiry' },
    states: ['approved'],
    numberCode: '谈函',
    compose: ({ context: c, subject, unitName, number, issuedOn }) => {
      const talk = c.approval?.method !== 'letter';
      const why = `${unitName}在工作中了解到（线索来源：${SOURCE_LABELS[c.source].zh}）反映你的有关问题：${c.clue}`;
      const ask = talk
        ? `根据《中国共产党纪律检查机关监督执纪工作规则》等有关规定，经研究，决定与你进行谈话。请按约定的时间、地点准时到场，如实说明有关情况，不得隐瞒、歪曲事实，不得打听、干扰有关工作。`
        : `根据《中国共产党纪律检查机关监督执纪工作规则》等有关规定，经研究，决定对你进行函询。请你自收到本通知书之日起${REPLY_WITHIN_ZH}内，对上述问题作出书面说明，经本人签名后交${unitName}。`;
      return {
        title: '谈话函询通知书',
        number,
        recipient: addressee(subject),
        sections: [
          {
            paragraphs: [
              why,
              ask,
              '你所说明的情况应当真实、完整。对如实说明问题的，予以采信了结；对不如实说明情况的，将依规依纪严肃处理。',
            ],
          },
        ],
        signature: { unit: unitName, date: issuedOn },
      };
    },
  },
};

/** What the talk record and the letter read of a case (version 2's context). */
type InquiryDocumentContext = Pick<InquiryContext, 'approval' | 'source' | 'clue' | 'talk' | 'title'>;

const talkApproved = (c: InquiryDocumentContext): boolean => c.approval?.method === 'talk';
const letterApproved = (c: InquiryDocumentContext): boolean => c.approval?.method === 'letter';

/**
 * Version 2's documents: the notice, the 谈话笔录 (a form for the talk, its record filled in once the
 * talk is recorded) and the 函询函 (the letter itself, headed and sealed; a leader approves its draft).
 */
export const INQUIRY_DOCUMENTS_V2: Record<string, DocumentDefinition<InquiryDocumentContext>> = {
  ...INQUIRY_DOCUMENTS,
  talkRecord: {
    label: { zh: '谈话笔录', en: 'Record of the talk' },
    states: ['approved.talk', 'awaitingConclusion', 'closed'],
    when: talkApproved,
    numberCode: '谈录',
    compose: ({ context: c, subject, unitName, number, issuedOn }) => {
      const held = c.talk ? chinaDate(c.talk.heldAt) : `${SHORT_BLANK}年${SHORT_BLANK}月${SHORT_BLANK}日`;
      return {
        title: '谈话笔录',
        number,
        sections: [
          {
            paragraphs: [
              `时间：${held}`,
              `地点：${BLANK}`,
              `谈话人：${BLANK}\u3000记录人：${SHORT_BLANK}`,
              `被谈话人：${subject.name}${subject.organisation || subject.post ? `，${[subject.organisation, subject.post].filter(Boolean).join('')}` : ''}`,
              `谈话事由：${c.clue}`,
            ],
          },
          {
            heading: '一、告知事项',
            paragraphs: [
              `我们是${unitName}的工作人员，受组织委托，就反映你的有关问题与你谈话。根据《中国共产党纪律检查机关监督执纪工作规则》，你应当如实说明情况，不得隐瞒、歪曲事实，不得打听、干扰有关工作。你听清楚了吗？`,
            ],
          },
          {
            heading: '二、谈话内容',
            paragraphs: c.talk ? [c.talk.record] : [`问：${BLANK}${BLANK}`, `答：${BLANK}${BLANK}`],
          },
          {
            heading: '三、被谈话人确认',
            paragraphs: [
              `以上笔录我已看过（已向我宣读过），与我所说的一致。`,
              `被谈话人（签名）：${SHORT_BLANK}\u3000\u3000年\u3000月\u3000日`,
              `谈话人（签名）：${SHORT_BLANK}`,
              `记录人（签名）：${SHORT_BLANK}`,
            ],
          },
        ],
        signature: { unit: unitName, date: issuedOn },
      };
    },
  },
  letter: {
    label: { zh: '函询函', en: 'Letter of inquiry' },
    states: ['approved.letter'],
    when: letterApproved,
    numberCode: '纪函',
    approval: true,
    compose: ({ context: c, subject, unitName, number, issuedOn }) => ({
      header: unitName,
      title: '函询函',
      number,
      recipient: addressee(subject),
      sections: [
        {
          paragraphs: [
            `${unitName}收到${SOURCE_LABELS[c.source].zh}反映你的有关问题。根据《中国共产党纪律检查机关监督执纪工作规则》第二十八条等有关规定，经研究，现就下列问题向你函询：`,
          ],
        },
        { heading: '一、函询的问题', paragraphs: [c.clue] },
        {
          heading: '二、有关要求',
          paragraphs: [
            `请你自收到本函之日起${REPLY_WITHIN_ZH}内，对上述问题逐项作出书面说明，说明应当真实、完整，由本人签名，经你所在单位党委（党组）主要负责人签署意见后，报送${unitName}。`,
            '对如实说明问题的，予以采信了结；对不如实说明情况、隐瞒问题的，将依规依纪严肃处理。',
          ],
        },
      ],
      signature: { unit: unitName, date: issuedOn },
      seal: true,
    }),
  },
};
