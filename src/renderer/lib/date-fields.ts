// The day of the console's date-time picker as year, month and day selects named by Intl in the
// console's language ("2026년 12월 2일", "Dec 2, 2026"): the native date field follows the browser's
// language whatever the console's is (issue 15).
import { dateTimeFormat, timeLocale } from './format.js';

export type DateField = 'year' | 'month' | 'day';

const ORDER_OPTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
};

/** the order the language writes a date's parts in: ko year, month, day; en month, day, year */
export function dateFieldOrder(lang: string): DateField[] {
  const parts = dateTimeFormat(timeLocale(lang), ORDER_OPTS).formatToParts(Date.UTC(2026, 11, 2));
  const order = parts
    .map((p) => p.type)
    .filter((t): t is DateField => t === 'year' || t === 'month' || t === 'day');
  return order.length === 3 ? order : ['year', 'month', 'day'];
}

/** what each option reads: 2026년 / 2026, 12월 / Dec, 2일 / 2 */
export function dateFieldLabel(field: DateField, n: number, lang: string): string {
  const locale = timeLocale(lang);
  const at = Date.UTC(field === 'year' ? n : 2000, field === 'month' ? n - 1 : 0, field === 'day' ? n : 1);
  const opts: Intl.DateTimeFormatOptions =
    field === 'year'
      ? { year: 'numeric', timeZone: 'UTC' }
      : field === 'month'
        ? { month: 'short', timeZone: 'UTC' }
        : { day: 'numeric', timeZone: 'UTC' };
  return dateTimeFormat(locale, opts).format(at);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** the years offered: ten back and one ahead of `nowYear`, and the picked one wherever it is */
export function yearChoices(nowYear: number, picked: number | null): number[] {
  const years = Array.from({ length: 12 }, (_v, i) => nowYear - 10 + i);
  if (picked !== null && !years.includes(picked)) years.push(picked);
  return years.sort((a, b) => a - b);
}

/** "YYYY-MM-DD" with the day kept inside the month (31 March → 30 April when the month changes) */
export function isoDate(year: number, month: number, day: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(day, daysInMonth(year, month)))}`;
}
