import { unreferredLapses } from '../machines/rectification.machine';
import type { RectificationContext as Ctx, RectificationEvent } from '../machines/rectification.types';
import type { Payloads } from '../machines/rectification.types';
import type { Reason } from './responsibility-list.refusals';

const itemGone = (ctx: Ctx, itemId: number): Reason => ({
  reason: {
    zh: '没有第{item}项整改事项（本案共{count}项）',
    en: 'item {item} does not exist: this case has {count} items',
  },
  params: { item: itemId, count: ctx.items.length },
});

/** The reader's words for the rectification's refusals; null for those the rule's own words explain. */
export function rectificationReason(ctx: Ctx, event: RectificationEvent): Reason | null {
  switch (event.type) {
    case 'COMPLETE_ITEM': {
      const { itemId } = event.payload as Payloads['COMPLETE_ITEM'];
      const item = ctx.items.find((i) => i.id === itemId);
      if (!item) return itemGone(ctx, itemId);
      return item.completedAt
        ? {
            reason: { zh: '第{item}项整改事项已于{at}完成', en: 'item {item} was already completed at {at}' },
            params: { item: itemId, at: item.completedAt },
          }
        : null;
    }
    case 'VERIFY': {
      const { passed, items = [] } = event.payload as Payloads['VERIFY'];
      if (passed && items.length) {
        return {
          reason: { zh: '验收通过时不重新打开整改事项', en: 'a passed verification reopens no items' },
          params: {},
        };
      }
      if (!passed && !items.length) {
        return {
          reason: {
            zh: '验收未通过时须列出需重新整改的事项及新的完成期限',
            en: 'a failed verification must name the items to reopen, each with a new due date',
          },
          params: {},
        };
      }
      const gone = items.find((i) => !ctx.items.some((x) => x.id === i.itemId));
      if (gone) return itemGone(ctx, gone.itemId);
      const past = items.find((i) => Date.parse(i.newDueAt) <= Date.parse(event.at));
      return past
        ? {
            reason: {
              zh: '第{item}项的新完成期限（{due}）不晚于现在',
              en: 'the new due date of item {item} ({due}) is not in the future',
            },
            params: { item: past.itemId, due: past.newDueAt },
          }
        : null;
    }
    case 'ESCALATE':
      return unreferredLapses(ctx).length
        ? null
        : {
            reason: {
              zh: '没有尚未移送问责的逾期整改事项',
              en: 'no lapsed item is open that was not referred already',
            },
            params: {},
          };
    default:
      return null;
  }
}
