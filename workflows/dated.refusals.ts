import type { Label } from '../src/engine/workflow.types';
import type { Reason } from './responsibility-list.refusals';

/** A date an event records, named for the reader, and the step (named) it may not precede. */
export interface DatedReasonInput {
  field: Label;
  value: unknown;
  earliest: { step: Label; at: string };
}

/**
 * The reader's words for a refused recorded date (the machines' recordedDateProblem): not a date-time,
 * in the future (after the event's `at`), or before the step it follows; null when it is fine.
 */
export function recordedDateReason(dated: DatedReasonInput | null, at: string): Reason | null {
  if (!dated) return null;
  const { field, earliest } = dated;
  const value = String(dated.value);
  const t = Date.parse(value);
  const named = { field: field.zh, fieldEn: field.en };
  if (Number.isNaN(t)) {
    return {
      reason: { zh: '{field}不是有效的日期时间', en: '{fieldEn} is not a date-time' },
      params: named,
    };
  }
  if (t > Date.parse(at)) {
    return {
      reason: {
        zh: '{field}（{date}）晚于现在（{now}），不能登记将来的时间',
        en: '{fieldEn} {date} is in the future (it is now {now})',
      },
      params: { ...named, date: value, now: at },
    };
  }
  if (t < Date.parse(earliest.at)) {
    return {
      reason: {
        zh: '{field}（{date}）早于{step}的时间（{since}）',
        en: '{fieldEn} {date} is before {stepEn} ({since})',
      },
      params: { ...named, date: value, step: earliest.step.zh, stepEn: earliest.step.en, since: earliest.at },
    };
  }
  return null;
}

/** Several reasons found for one refusal, in one sentence each language; null when none. */
export function joinReasons(reasons: (Reason | null)[]): Reason | null {
  const found = reasons.filter((r): r is Reason => r !== null);
  if (!found.length) return null;
  return {
    reason: {
      zh: found.map((r) => r.reason.zh).join('；'),
      en: found.map((r) => r.reason.en).join('; '),
    },
    params: Object.assign({}, ...found.map((r) => r.params)) as Reason['params'],
  };
}
