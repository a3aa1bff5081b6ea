import { readFileSync } from 'node:fs';
import { getDayDetail, isWorkday } from 'chinese-days';
import { statutoryHolidays } from './statutory-holidays';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR = /^\d{4}$/;

/** One year's official schedule: its days off and its make-up working days (调休). */
export interface YearSchedule {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

/** Where the working days of a year come from. */
export type YearSource = 'package' | 'file' | 'provisional';

/**
 * China's working days, year by year: the official schedule from the chinese-days package, or from
 * CALENDAR_FILE's `years` (which wins over the package); for a year neither knows, the statutory
 * holidays computed from the law — a provisional calendar. The file's flat `holidays`/`workdays`
 * are local adjustments on top of any year.
 */
export class HolidayCalendar {
  private readonly statutory = new Map<number, Set<string>>();
  private readonly packageYears = new Map<number, boolean>();

  constructor(
    private readonly years: ReadonlyMap<number, YearSchedule> = new Map(),
    private readonly adjustments: YearSchedule = { holidays: new Set(), workdays: new Set() },
  ) {}

  isWorkingDay(isoDate: string): boolean {
    if (this.adjustments.holidays.has(isoDate)) return false;
    if (this.adjustments.workdays.has(isoDate)) return true;
    const year = Number(isoDate.slice(0, 4));
    const schedule = this.years.get(year);
    if (schedule) {
      if (schedule.holidays.has(isoDate)) return false;
      return schedule.workdays.has(isoDate) || !isWeekend(isoDate);
    }
    if (this.inPackage(year)) return isWorkday(isoDate);
    return !isWeekend(isoDate) && !this.statutoryOf(year).has(isoDate);
  }

  /** Whether the day's status comes from the provisional (computed) calendar. */
  isProvisional(isoDate: string): boolean {
    return this.source(Number(isoDate.slice(0, 4))) === 'provisional';
  }

  source(year: number): YearSource {
    if (this.years.has(year)) return 'file';
    return this.inPackage(year) ? 'package' : 'provisional';
  }

  /** The years from `from` to `to` (inclusive) that have no official schedule. */
  provisionalYears(from: number, to: number): number[] {
    const years: number[] = [];
    for (let y = from; y <= to; y += 1) if (this.source(y) === 'provisional') years.push(y);
    return years;
  }

  /** The years from `from` to `to` with an official schedule (package or file). */
  officialYears(from: number, to: number): number[] {
    const years: number[] = [];
    for (let y = from; y <= to; y += 1) if (this.source(y) !== 'provisional') years.push(y);
    return years;
  }

  /** The package knows a year when its New Year's Day is a holiday of its data (every year's schedule has it). */
  private inPackage(year: number): boolean {
    let known = this.packageYears.get(year);
    if (known === undefined) {
      known = getDayDetail(`${year}-01-01`).name.includes('元旦');
      this.packageYears.set(year, known);
    }
    return known;
  }

  private statutoryOf(year: number): Set<string> {
    let days = this.statutory.get(year);
    if (!days) {
      days = statutoryHolidays(year);
      this.statutory.set(year, days);
    }
    return days;
  }
}

function isWeekend(isoDate: string): boolean {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

interface CalendarFile {
  holidays?: unknown;
  workdays?: unknown;
  years?: unknown;
}

/**
 * The calendar of a CALENDAR_FILE: `{ "holidays": [...], "workdays": [...], "years": { "2027":
 * { "holidays": [...], "workdays": [...] } } }`, dates YYYY-MM-DD (Beijing). A year under `years` is
 * its official schedule; the flat lists are local adjustments. Anything malformed stops the start.
 */
export function holidayCalendarFrom(file: string | undefined): HolidayCalendar {
  if (!file) return new HolidayCalendar();
  let parsed: CalendarFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CalendarFile;
  } catch (error) {
    throw new Error(`CALENDAR_FILE ${file}: ${(error as Error).message}`, { cause: error });
  }
  const fail = (message: string) => new Error(`CALENDAR_FILE ${file}: ${message}`);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('not a JSON object');
  const adjustments = schedule(parsed, '', fail);
  const years = new Map<number, YearSchedule>();
  const given = parsed.years ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw fail('"years" must be an object of years, e.g. { "2027": { "holidays": [], "workdays": [] } }');
  }
  for (const [year, value] of Object.entries(given as Record<string, unknown>)) {
    if (!YEAR.test(year)) throw fail(`"years" has "${year}", not a year`);
    if (typeof value !== 'object' || value === null) throw fail(`years.${year} must be an object`);
    const days = schedule(value as CalendarFile, `years.${year}.`, fail);
    const outside = [...days.holidays, ...days.workdays].find((d) => !d.startsWith(`${year}-`));
    if (outside) throw fail(`years.${year} lists ${outside}, a day of another year`);
    years.set(Number(year), days);
  }
  return new HolidayCalendar(years, adjustments);
}

function schedule(value: CalendarFile, where: string, fail: (m: string) => Error): YearSchedule {
  const dates = (key: 'holidays' | 'workdays'): Set<string> => {
    const list = value[key] ?? [];
    if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && isDate(d))) {
      throw fail(`"${where}${key}" must be a list of YYYY-MM-DD dates`);
    }
    return new Set(list as string[]);
  };
  const holidays = dates('holidays');
  const workdays = dates('workdays');
  const both = [...holidays].find((d) => workdays.has(d));
  if (both) throw fail(`${both} is listed both in "${where}holidays" and in "${where}workdays"`);
  return { holidays, workdays };
}

function isDate(s: string): boolean {
  return DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}
