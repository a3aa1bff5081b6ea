import { incompleteTasks, overdueTasks } from '../machines/responsibility-list.machine';
import type {
  ResponsibilityListContext as Ctx,
  ResponsibilityListEvent,
} from '../machines/responsibility-list.types';
import type { Refusal } from '../src/engine/workflow.types';

/** Why a guard refuses an event, in both languages with its values (times as ISO, shown in the reader's zone). */
export type Reason = Required<Pick<Refusal, 'reason' | 'params'>>;

const SIDE = { principal: '主体责任', supervisor: '监督责任' } as const;

/** The reader's words for the responsibility list's refusals; null for those the rule's own words explain. */
export function listReason(ctx: Ctx, event: ResponsibilityListEvent): Reason | null {
  switch (event.type) {
    case 'SIGN':
    case 'SIGN_SUMMARY': {
      const signatures = event.type === 'SIGN' ? ctx.signatures : ctx.summarySignatures;
      const side = event.payload.as;
      const own = signatures[side];
      if (own) {
        return {
          reason: {
            zh: '{side}一方已由{name}于{at}签字',
            en: 'the {sideEn} side was already signed by {name} at {at}',
          },
          params: { side: SIDE[side], sideEn: side, name: own.signedBy, at: own.at },
        };
      }
      const named = ctx[side];
      if (event.actor !== named.ref) {
        return {
          reason: {
            zh: '{side}一方只能由清单所列的{name}签字',
            en: 'only {name}, named on the list, may sign the {sideEn} side',
          },
          params: { side: SIDE[side], sideEn: side, name: named.name },
        };
      }
      return null;
    }
    case 'PUBLISH': {
      const missing = incompleteTasks(ctx);
      return missing.length
        ? {
            reason: {
              zh: '任务“{tasks}”缺少责任人、工作标准、保障措施或监督主体，请先修改任务',
              en: 'tasks {tasks} lack their responsible person, work standard, safeguards or supervising body',
            },
            params: { tasks: missing.map((t) => t.title).join('”“') },
          }
        : null;
    }
    case 'COMPLETE_TASK': {
      const task = ctx.tasks.find((t) => t.id === event.payload.taskId);
      if (!task) return null;
      return task.completedAt
        ? {
            reason: { zh: '任务“{task}”已于{at}完成', en: 'task “{task}” was already completed at {at}' },
            params: { task: task.title, at: task.completedAt },
          }
        : null;
    }
    case 'MID_YEAR_REVIEW':
      return ctx.midYearReview
        ? {
            reason: { zh: '年中检查已于{at}记录', en: 'the mid-year review was already recorded at {at}' },
            params: { at: ctx.midYearReview.at },
          }
        : null;
    case 'YEAR_END_SUMMARY': {
      if (!ctx.midYearReview) {
        return {
          reason: {
            zh: '年终总结须在年中检查之后：尚未记录年中检查',
            en: 'the mid-year review has not been recorded yet',
          },
          params: {},
        };
      }
      const explained = new Set((event.payload.explanations ?? []).map((e) => e.taskId));
      const missing = overdueTasks(ctx).filter((t) => !explained.has(t.id));
      return missing.length
        ? {
            reason: {
              zh: '任务“{tasks}”已逾期，年终总结须逐项说明原因',
              en: 'tasks {tasks} are overdue: the summary must explain each',
            },
            params: { tasks: missing.map((t) => t.title).join('”“') },
          }
        : null;
    }
    default:
      return null;
  }
}
