import { HolidayCalendar, holidayCalendarFrom } from './holiday-calendar';
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

/** What the working-day count asks of a calendar: whether a day is worked, and whether that is known. */
export interface WorkingDays {
  isWorkingDay(isoDate: string): boolean;
  /** true: the day's status is computed from the law, not from an official schedule. */
  isProvisional(isoDate: string): boolean;
}

/**
 * Calendar arithmetic for time limits. Months run to the same date in the target month, or
 * to its last day; working days skip weekends and public holidays and count make-up working
 * days (调休): the official schedule where there is one, else the provisional one (holiday-calendar.ts).
 */
export class ChinaBusinessCalendar implements BusinessCalendar {
  readonly days: WorkingDays;
  private provisionalSeen = false;

  constructor(days: WorkingDays | ((isoDate: string) => boolean) = new HolidayCalendar()) {
    this.days = typeof days === 'function' ? { isWorkingDay: days, isProvisional: () => false } : days;
  }

  add(from: Date, duration: string): Date {
    const p = parseDuration(duration);
    let local = new Date(from.getTime() + OFFSET_MS);
    local = addMonths(local, p.years * 12 + p.months);
    local = new Date(local.getTime() + (p.weeks * 7 + p.days) * 86_400_000);
    local = this.addWorkdays(local, p.workdays);
    const clock = ((p.hours * 60 + p.minutes) * 60 + p.seconds) * 1000;
    return new Date(local.getTime() - OFFSET_MS + clock);
  }

  /**
   * Runs a computation of due times and tells whether any working day it counted came from the
   * provisional calendar (synchronous: nothing else counts in between).
   */
  traced<T>(compute: () => T): { value: T; provisional: boolean } {
    this.provisionalSeen = false;
    try {
      const value = compute();
      return { value, provisional: this.provisionalSeen };
    } finally {
      this.provisionalSeen = false;
    }
  }

  /** The n-th working day after `local` (a UTC+8 wall-clock time held in a Date), same time of day. */
  private addWorkdays(local: Date, n: number): Date {
    let cursor = local;
    for (let left = n; left > 0;) {
      cursor = new Date(cursor.getTime() + 86_400_000);
      const day = cursor.toISOString().slice(0, 10);
      if (this.days.isProvisional(day)) this.provisionalSeen = true;
      if (this.days.isWorkingDay(day)) left -= 1;
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

/** The working-day test of a CALENDAR_FILE (see holidayCalendarFrom), for callers that need only that. */
export function workingDaysFrom(file: string | undefined): (isoDate: string) => boolean {
  const calendar = holidayCalendarFrom(file);
  return (date) => calendar.isWorkingDay(date);
}
