import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChinaBusinessCalendar, parseDuration, workingDaysFrom } from './business-calendar';

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
