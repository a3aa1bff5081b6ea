import { readFileSync } from 'node:fs';
import { isWorkday } from 'chinese-days';
import type { BusinessCalendar } from '../workflow.types';

/** China has one time zone and no daylight saving time: calendar days are counted at UTC+8. */
const OFFSET_MS = 8 * 3600 * 1000;
const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:(\d+)WD)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

interface Parts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  workdays: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function parseDuration(duration: string): Parts {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) {
    throw new RangeError(`Not an ISO 8601 duration: ${duration}`);
  }
  const n = (i: number) => Number(m[i] ?? 0);
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    workdays: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/**
 * Calendar arithmetic for time limits. Months run to the same date in the target month, or
 * to its last day; working days skip weekends and public holidays and count make-up working
 * days (调休), from the `chinese-days` data.
 */
export class ChinaBusinessCalendar implements BusinessCalendar {
  constructor(private readonly isWorkingDay: (isoDate: string) => boolean = isWorkday) {}

  add(from: Date, duration: string): Date {
    const p = parseDuration(duration);
    let local = new Date(from.getTime() + OFFSET_MS);
    local = addMonths(local, p.years * 12 + p.months);
    local = new Date(local.getTime() + (p.weeks * 7 + p.days) * 86_400_000);
    local = this.addWorkdays(local, p.workdays);
    const clock = ((p.hours * 60 + p.minutes) * 60 + p.seconds) * 1000;
    return new Date(local.getTime() - OFFSET_MS + clock);
  }

  /** The n-th working day after `local` (a UTC+8 wall-clock time held in a Date), same time of day. */
  private addWorkdays(local: Date, n: number): Date {
    let cursor = local;
    for (let left = n; left > 0;) {
      cursor = new Date(cursor.getTime() + 86_400_000);
      if (this.isWorkingDay(cursor.toISOString().slice(0, 10))) left -= 1;
    }
    return cursor;
  }
}

function addMonths(local: Date, months: number): Date {
  if (months === 0) return local;
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const result = new Date(local);
  result.setUTCDate(1);
  result.setUTCFullYear(y, m, Math.min(local.getUTCDate(), lastDay));
  return result;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * China's working days (chinese-days) with a deployment's own adjustments from a JSON file
 * `{ "holidays": ["YYYY-MM-DD"], "workdays": ["YYYY-MM-DD"] }`, e.g. a year the package does not know yet.
 */
export function workingDaysFrom(file: string | undefined): (isoDate: string) => boolean {
  if (!file) return isWorkday;
  let parsed: { holidays?: unknown; workdays?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new Error(`CALENDAR_FILE ${file}: ${(error as Error).message}`, { cause: error });
  }
  const dates = (key: 'holidays' | 'workdays'): Set<string> => {
    const list = parsed[key] ?? [];
    if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && DATE.test(d))) {
      throw new Error(`CALENDAR_FILE ${file}: "${key}" must be a list of YYYY-MM-DD dates`);
    }
    return new Set(list as string[]);
  };
  const holidays = dates('holidays');
  const workdays = dates('workdays');
  return (date) => (holidays.has(date) ? false : workdays.has(date) ? true : isWorkday(date));
}
