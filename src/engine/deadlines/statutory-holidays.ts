import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';

/** A YYYY-MM-DD date `n` days after another. */
export function addDays(isoDate: string, n: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function isWeekend(isoDate: string): boolean {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The public holidays of a year as the law fixes them (全国年节及纪念日放假办法, as revised in 2024,
 * Art. 2): New Year's Day 1 day, Spring Festival 4 days from 除夕 (the last day of the lunar year),
 * Qingming 1 day (the solar term 清明), Labour Day 2 days, Dragon Boat (五月初五) 1 day, Mid-Autumn
 * (八月十五) 1 day, National Day 3 days. A holiday falling on a Saturday or Sunday is given on the next
 * working day (Art. 6: 适逢星期六、星期日，应当在工作日补假). The State Council's yearly schedule adds
 * make-up working days (调休) that the law cannot tell: a calendar built from this is provisional.
 * Lunar dates and the solar term come from chinese-days' lunar tables.
 */
export function statutoryHolidays(year: number): Set<string> {
  const blocks: string[][] = [];
  const block = (start: string, days: number) =>
    blocks.push(Array.from({ length: days }, (_, i) => addDays(start, i)));
  block(`${year}-01-01`, 1);
  const lunarNewYear = getSolarDateFromLunar(`${year}-01-01`).date;
  block(addDays(lunarNewYear, -1), 4);
  block(getSolarTermDate(year, 4, 'pure_brightness'), 1);
  block(`${year}-05-01`, 2);
  block(getSolarDateFromLunar(`${year}-05-05`).date, 1);
  block(getSolarDateFromLunar(`${year}-08-15`).date, 1);
  block(`${year}-10-01`, 3);
  const holidays = new Set(blocks.flat());
  for (const days of blocks) {
    let owed = days.filter(isWeekend).length;
    for (let d = addDays(days[days.length - 1], 1); owed > 0; d = addDays(d, 1)) {
      if (isWeekend(d) || holidays.has(d)) continue;
      holidays.add(d);
      owed -= 1;
    }
  }
  return holidays;
}
