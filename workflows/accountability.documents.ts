import type { AccountabilityContext, Measure } from '../machines/accountability.types';
import type { DocumentDefinition, DocumentInput } from '../src/engine/document.types';
import { LABELS } from './accountability.payloads';
import { addressee, BLANK, issuedNumber, SHORT_BLANK, subjectLine } from './documents.text';

type Ctx = AccountabilityContext;
type Labelled = keyof typeof LABELS;

/** The window for an appeal against the decision (2019 Regulations Art 19; the appealWindow limit, P1M). */
export const APPEAL_WINDOW_ZH = '一个月';
/** The window when the decision applies the 2009 Provisions (Art 22; version 2 derives it from the measures). */
export const APPEAL_WINDOW_2009_ZH = '十五日';

/** The appeal window a decision states, in words. */
type WindowOf = (c: Ctx) => string;

const zh = (value: string | undefined): string => (value ? (LABELS[value as Labelled]?.zh ?? value) : '');

/** A measure as the decision states it: 诫勉（主要领导责任）, 党纪处分：严重警告. */
export function measureZh(m: Measure): string {
  const head = m.detail ? `${zh(m.type)}：${zh(m.detail)}` : zh(m.type);
  return m.responsibility ? `${head}（${zh(m.responsibility)}）` : head;
}

const decided = (c: Ctx): boolean => (c.decision?.measures.length ?? 0) > 0;

/**
 * The basis as the decision prints it, once: the opinion's basis when it names a regulation
 * (《…》第七条), the Regulations with the article it gives otherwise, the Regulations alone without one.
 */
export function basisZh(given: string | undefined): string {
  const basis = given?.trim().replace(/[。；;，,]+$/, '');
  if (!basis) return '《中国共产党问责条例》有关规定';
  return basis.includes('《') ? basis : `《中国共产党问责条例》${basis}`;
}

function decision({ context: c, subject, unitName }: DocumentInput<Ctx>, windowOf: WindowOf) {
  const d = c.decision!;
  const facts = [c.facts ?? c.title, c.report?.findings].filter((t): t is string => !!t);
  const basis = basisZh(c.opinion?.basis);
  const heard = c.statements.length
    ? `${subject.name}已就上述事实${c.statements.at(-1)!.kind === 'waiver' ? '明确放弃陈述和申辩' : '进行了陈述和申辩'}。`
    : null;
  return {
    recipient: addressee(subject),
    basis,
    sections: [
      { heading: '一、问责对象基本情况', paragraphs: [subjectLine(subject)] },
      { heading: '二、问责事实', paragraphs: [...facts, ...(heard ? [heard] : [])] },
      { heading: '三、问责依据', paragraphs: [`依据${basis}，经${unitName}研究，决定如下：`] },
      {
        heading: '四、问责决定',
        paragraphs: d.measures.map((m, i) => `${i + 1}．对${subject.name}予以${measureZh(m)}。`),
      },
      {
        heading: '五、申诉权利',
        paragraphs: [
          `如对本决定不服，可自收到本决定书之日起${windowOf(c)}内，向${unitName}提出书面申诉。申诉期间，不停止本决定的执行。`,
        ],
      },
    ],
  };
}

/** Who receives copies of a decision (抄送): the organisation department, and the subject's organisation. */
function decisionCopies(subject: DocumentInput<Ctx>['subject']): string[] {
  return ['同级党委组织部', ...(subject.organisation ? [subject.organisation] : [])];
}

/** The procedure's documents, stating the appeal window `windowOf` gives. */
export function accountabilityDocuments(windowOf: WindowOf): Record<string, DocumentDefinition<Ctx>> {
  return {
    decision: {
      label: { zh: '问责决定书', en: 'Accountability decision' },
      states: ['notification', 'execution', 'concluded'],
      when: decided,
      numberCode: '问决',
      // One decision, one number: the 决定文号 the committee gave it (青纪问〔2026〕12号).
      numberOf: (c) => c.decision?.decisionNo,
      compose: (input) => ({
        header: `${input.unitName}文件`,
        title: '问责决定书',
        number: input.number,
        ...decision(input, windowOf),
        signature: { unit: input.unitName, date: input.issuedOn },
        seal: true,
        copies: decisionCopies(input.subject),
      }),
    },
    deliveryReceipt: {
      label: { zh: '送达回证', en: 'Proof of delivery' },
      states: ['notification', 'execution'],
      when: decided,
      numberCode: '问送',
      compose: ({ context: c, subject, facts, unitName, number, issuedOn }) => {
        const decisionNumber = issuedNumber(facts, 'decision');
        return {
          title: '送达回证',
          number,
          sections: [
            {
              paragraphs: [
                `送达文书：问责决定书（${decisionNumber ?? c.decision!.decisionNo}）`,
                `受送达人：${subject.name}${subject.organisation ? `（${subject.organisation}）` : ''}`,
                `送达地点：${BLANK}`,
                `送达方式：${BLANK}`,
                `受送达人签收：${BLANK}\u3000\u3000年\u3000月\u3000日`,
                `代收人及代收理由：${BLANK}`,
                `送达人：${SHORT_BLANK}\u3000\u3000见证人：${SHORT_BLANK}`,
                `备注：受送达人自收到问责决定书之日起${windowOf(c)}内可以提出书面申诉。`,
              ],
            },
          ],
          signature: { unit: unitName, date: issuedOn },
          seal: true,
        };
      },
    },
  };
}

/** Version 1's documents: one month to appeal, as deployed. */
export const ACCOUNTABILITY_DOCUMENTS = accountabilityDocuments(() => APPEAL_WINDOW_ZH);
