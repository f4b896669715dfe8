// T-3 holiday calendars as data: policies/<region>/holidays/<year>.json. One file per region
// per year so an agency adds next year's State Council schedule without touching code.
import { z } from 'zod';
import { isWeekend, yearOf } from '../time';
import { isoDateSchema, regionCodeSchema } from '../schemas';
import { parsePolicyData } from './parsePolicyData';

export const holidayCalendarSchema = z
  .strictObject({
    region: regionCodeSchema,
    year: z.number().int().min(2000).max(2100),
    /** Days off: public holidays and the weekdays moved into them (放假). */
    holidays: z.array(isoDateSchema),
    /** Weekend days that are working days (调休上班). */
    workdays: z.array(isoDateSchema),
    /** True while the official schedule is not yet published (a planning estimate). */
    provisional: z.boolean().default(false),
    source: z.string().optional(),
    note: z.string().optional(),
  })
  .superRefine((cal, ctx) => {
    const check = (list: 'holidays' | 'workdays') => {
      const seen = new Set<string>();
      cal[list].forEach((d, i) => {
        if (!isoDateSchema.safeParse(d).success) return; // already reported
        if (yearOf(d) !== cal.year) {
          ctx.addIssue({ code: 'custom', path: [list, i], message: `${d} is not in year ${cal.year}` });
        }
        if (seen.has(d)) ctx.addIssue({ code: 'custom', path: [list, i], message: `${d} is listed twice` });
        seen.add(d);
      });
    };
    check('holidays');
    check('workdays');
    cal.workdays.forEach((d, i) => {
      if (!isoDateSchema.safeParse(d).success) return;
      // A 调休 working day is by definition a weekend day; a weekday needs no entry.
      if (!isWeekend(d))
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is a weekday; list only weekend days worked (调休)` });
      if (cal.holidays.includes(d)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is listed both as holiday and as workday` });
      }
    });
  });

export type HolidayCalendar = z.output<typeof holidayCalendarSchema>;

/** Validates one calendar file; throws DomainError POLICY_DATA_INVALID with readable paths. */
export function parseHolidayCalendar(json: unknown, source = 'holiday calendar'): HolidayCalendar {
  return parsePolicyData(holidayCalendarSchema, json, source);
}
