import type { RectificationContext } from '../machines/rectification.types';
import { chinaDate, type DocumentDefinition } from '../src/engine/document.types';
import { SOURCE_LABELS } from './rectification.payloads';

export const RECTIFICATION_DOCUMENTS: Record<string, DocumentDefinition<RectificationContext>> = {
  notice: {
    label: { zh: '整改通知书', en: 'Rectification notice' },
    states: ['issued', 'planSubmitted', 'rectifying', 'escalated'],
    numberCode: '整改',
    compose: ({ context: c, subject, unitName, number, issuedOn }) => {
      const open = c.items.filter((i) => !i.completedAt);
      const items = (open.length ? open : c.items).map(
        (i, n) => `${n + 1}．${i.description}（责任人：${i.responsible}；完成时限：${chinaDate(i.dueAt)}前）`,
      );
      return {
        title: '整改通知书',
        number,
        recipient: subject.name,
        sections: [
          {
            paragraphs: [
              `经${SOURCE_LABELS[c.source].zh}，发现你单位存在以下问题（${c.title}），现通知你单位限期整改。`,
            ],
          },
          { heading: '一、整改事项', paragraphs: items },
          {
            heading: '二、有关要求',
            paragraphs: [
              `请你单位主要负责人${c.unitLeader.name}${c.unitLeader.post ? `（${c.unitLeader.post}）` : ''}切实履行整改第一责任人职责，制定整改方案报${unitName}，逐项落实并按时报送整改情况及佐证材料。`,
              '逾期未完成整改的，将予以督办、约谈；整改不力的，依规依纪追究有关人员责任。',
            ],
          },
        ],
        signature: { unit: unitName, date: issuedOn },
      };
    },
  },
};
