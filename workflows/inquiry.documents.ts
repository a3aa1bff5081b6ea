import type { InquiryContext } from '../machines/inquiry.types';
import type { DocumentDefinition } from '../src/engine/document.types';
import { addressee } from './documents.text';
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
