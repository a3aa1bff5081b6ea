import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChinaBusinessCalendar, parseDuration, workingDaysFrom } from './business-calendar';
import { holidayCalendarFrom } from './holiday-calendar';
import { statutoryHolidays } from './statutory-holidays';

const cal = new ChinaBusinessCalendar();
/** A wall-clock time in Beijing, as an instant. */
const bj = (local: string) => new Date(`${local}+08:00`);

describe('ChinaBusinessCalendar', () => {
  it('runs a month to the same date next month', () => {
    expect(cal.add(bj('2026-03-15T10:00:00'), 'P1M')).toEqual(bj('2026-04-15T10:00:00'));
  });

  it('runs a month from the 31st to the last day of a shorter month', () => {
    expect(cal.add(bj('2026-01-31T09:00:00'), 'P1M')).toEqual(bj('2026-02-28T09:00:00'));
    expect(cal.add(bj('2028-01-31T09:00:00'), 'P1M')).toEqual(bj('2028-02-29T09:00:00'));
    expect(cal.add(bj('2026-08-31T09:00:00'), 'P3M')).toEqual(bj('2026-11-30T09:00:00'));
  });

  it('counts month-end in Beijing time, not UTC', () => {
    // 2026-01-31 01:00 in Beijing is still 2026-01-30 in UTC.
    expect(cal.add(bj('2026-01-31T01:00:00'), 'P1M')).toEqual(bj('2026-02-28T01:00:00'));
  });

  it('skips the National Day holiday and counts the make-up working day', () => {
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    expect(cal.add(bj('2025-09-26T09:00:00'), 'P1WD')).toEqual(bj('2025-09-28T09:00:00'));
    expect(cal.add(bj('2025-09-30T09:00:00'), 'P1WD')).toEqual(bj('2025-10-09T09:00:00'));
    expect(cal.add(bj('2025-10-09T09:00:00'), 'P2WD')).toEqual(bj('2025-10-11T09:00:00'));
  });

  it('counts 15 working days across the Spring Festival', () => {
    // 2026 Spring Festival: 15–23 February off; 14 and 28 February are make-up working days.
    expect(cal.add(bj('2026-02-10T09:00:00'), 'P15WD')).toEqual(bj('2026-03-09T09:00:00'));
  });

  it('adds clock durations exactly', () => {
    expect(cal.add(new Date('2026-05-01T00:00:00Z'), 'PT5S')).toEqual(new Date('2026-05-01T00:00:05Z'));
    expect(cal.add(new Date('2026-05-01T00:00:00Z'), 'P10D')).toEqual(new Date('2026-05-11T00:00:00Z'));
  });

  it('refuses what is not a duration', () => {
    expect(() => parseDuration('3 months')).toThrow('Not an ISO 8601 duration');
    expect(() => parseDuration('P')).toThrow();
    expect(() => parseDuration('PT')).toThrow();
  });
});

describe('calendar adjustments from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wenze-cal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, body: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(body));
    return file;
  };

  it('adds local holidays and make-up working days on top of the national calendar', () => {
    // Friday 2026-06-05 becomes a holiday, Saturday 2026-06-06 a working day.
    const local = new ChinaBusinessCalendar(
      workingDaysFrom(write('local.json', { holidays: ['2026-06-05'], workdays: ['2026-06-06'] })),
    );
    expect(local.add(bj('2026-06-04T09:00:00'), 'P1WD')).toEqual(bj('2026-06-06T09:00:00'));
    expect(cal.add(bj('2026-06-04T09:00:00'), 'P1WD')).toEqual(bj('2026-06-05T09:00:00'));
  });

  it('the shipped config/calendar.json loads', () => {
    expect(workingDaysFrom('config/calendar.json')('2025-09-28')).toBe(true);
  });

  it('refuses a file that is not a calendar, naming it', () => {
    expect(() => workingDaysFrom(write('bad.json', { holidays: ['June 5'] }))).toThrow(
      /must be a list of YYYY-MM-DD/,
    );
    expect(() => workingDaysFrom(join(dir, 'missing.json'))).toThrow(/CALENDAR_FILE .*missing.json/);
  });
});

describe('years beyond the official data (provisional calendar)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wenze-provisional-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('15 working days from 2026-12-20 skip New Year 2027 and the weekends, and say so', () => {
    const calendar = new ChinaBusinessCalendar(holidayCalendarFrom(undefined));
    const { value, provisional } = calendar.traced(() => calendar.add(bj('2026-12-20T09:00:00'), 'P15WD'));
    // Dec 21–25, 28–31 (9), Jan 1 (元旦) off, Jan 2–3 weekend, Jan 4–8 (14), Jan 11 (15).
    expect(value).toEqual(bj('2027-01-11T09:00:00'));
    expect(provisional).toBe(true);
    const official = calendar.traced(() => calendar.add(bj('2026-11-02T09:00:00'), 'P15WD'));
    expect(official).toEqual({ value: bj('2026-11-23T09:00:00'), provisional: false });
  });

  it('computes 2027 from the law: Spring Festival from 除夕, 补假 for holidays on a weekend', () => {
    const holidays = [...statutoryHolidays(2027)].sort();
    // 除夕 is 2027-02-05; four days to 02-08, two of them a weekend: given on 02-09 and 02-10.
    expect(holidays).toEqual(
      expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-10', '2027-04-05']),
    );
    expect(holidays).toEqual(
      expect.arrayContaining(['2027-05-01', '2027-06-09', '2027-09-15', '2027-10-03']),
    );
    const days = holidayCalendarFrom(undefined);
    expect(days.source(2026)).toBe('package');
    expect(days.provisionalYears(2025, 2028)).toEqual([2027, 2028]);
    expect(days.isWorkingDay('2027-02-09')).toBe(false);
    expect(days.isWorkingDay('2027-02-11')).toBe(true);
  });

  it('takes a year of CALENDAR_FILE as official, make-up working days included', () => {
    const file = join(dir, 'official.json');
    const schedule = { holidays: ['2027-01-01', '2027-01-02'], workdays: ['2027-01-09'] };
    writeFileSync(file, JSON.stringify({ years: { 2027: schedule } }));
    const days = holidayCalendarFrom(file);
    expect(days.source(2027)).toBe('file');
    expect([days.isWorkingDay('2027-01-04'), days.isWorkingDay('2027-01-09')]).toEqual([true, true]);
    // Jan 4–8 (14), then Saturday Jan 9, a make-up working day (15).
    const calendar = new ChinaBusinessCalendar(days);
    const due = calendar.traced(() => calendar.add(bj('2026-12-20T09:00:00'), 'P15WD'));
    expect(due).toEqual({ value: bj('2027-01-09T09:00:00'), provisional: false });
  });

  it('refuses a schedule that lists a day of another year or a day both off and worked', () => {
    const bad = (name: string, body: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(body));
      return () => holidayCalendarFrom(file);
    };
    expect(bad('other.json', { years: { 2027: { holidays: ['2028-01-01'] } } })).toThrow(
      /years.2027 lists 2028-01-01, a day of another year/,
    );
    expect(
      bad('both.json', { years: { 2027: { holidays: ['2027-01-09'], workdays: ['2027-01-09'] } } }),
    ).toThrow(/2027-01-09 is listed both/);
    expect(bad('year.json', { years: { next: {} } })).toThrow(/"next", not a year/);
    expect(bad('date.json', { years: { 2027: { workdays: ['2027-02-30'] } } })).toThrow(/YYYY-MM-DD/);
  });
});
