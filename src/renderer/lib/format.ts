// Pure formatting helpers (no DOM, no React): values, units, times, durations, rates.
import type { SensorValue } from '../../shared/model.js';

export const EMPTY = '—';

/**
 * A number rounded to at most `decimals` places, without trailing zeros or grouping: 23.5, 21.457, 12.
 * For coordinates and the console's own figures; sensor values are shown by formatMeasure.
 */
export function formatNumber(v: number, decimals = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Any sensor value as display text: numbers by formatMeasure; locations ({lat,lng}) read as "lat, lng". */
export function formatValue(v: SensorValue | null | undefined): string {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'number') return formatMeasure(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  if (!Array.isArray(v) && typeof v.lat === 'number' && typeof v.lng === 'number') {
    return `${formatNumber(v.lat, 6)}, ${formatNumber(v.lng, 6)}`;
  }
  return JSON.stringify(v);
}

/** Units as the catalogue gives them; empty stays empty. */
export function formatUnit(unit: string | null | undefined): string {
  return (unit ?? '').trim();
}

/** Value and unit together: "23.5 °C", "45 %", "on". */
export function formatValueWithUnit(
  v: SensorValue | null | undefined,
  unit: string | null | undefined,
): string {
  const text = formatValue(v);
  const u = formatUnit(unit);
  return u && text !== EMPTY ? `${text} ${u}` : text;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The zone times are shown in (undefined = the browser's); set from lib/timezone.ts. */
let displayZone: string | undefined;
export function setDisplayZone(zone: string | undefined): void {
  displayZone = zone;
}
export function getDisplayZone(): string | undefined {
  return displayZone;
}

/** The console's language for the formatters that need words (set by the i18n module). */
let formatLanguage = 'en';
/** English as the browser reads it (en-US "2:05 PM", en-GB "14:05"); Korean is always ko-KR. */
let englishLocale = 'en-US';
function browserLocales(): readonly string[] {
  return typeof navigator !== 'undefined' && Array.isArray(navigator.languages) ? navigator.languages : [];
}
export function setFormatLanguage(lang: string, locales: readonly string[] = browserLocales()): void {
  formatLanguage = lang.toLowerCase().startsWith('ko') ? 'ko' : 'en';
  englishLocale = locales.find((l) => /^en(-|$)/i.test(l)) ?? 'en-US';
}

/** The Intl locale times are written in: Korean's 오전/오후, or the browser's English. */
export function timeLocale(lang: string = formatLanguage): string {
  return lang.toLowerCase().startsWith('ko') ? 'ko-KR' : englishLocale;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** One Intl.NumberFormat per locale and options, kept (as dateTimeFormat: dashboards format every frame). */
export function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\n${JSON.stringify(opts)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

/** formatMeasure's two formatters of a locale, looked up without building a key per value. */
const measureFormats = new Map<string, { whole: Intl.NumberFormat; small: Intl.NumberFormat }>();
function measureFormat(locale: string): { whole: Intl.NumberFormat; small: Intl.NumberFormat } {
  let f = measureFormats.get(locale);
  if (!f) {
    f = {
      whole: numberFormat(locale, { maximumFractionDigits: 2 }),
      small: numberFormat(locale, { maximumSignificantDigits: 3 }),
    };
    measureFormats.set(locale, f);
  }
  return f;
}

/**
 * The console's one rule for a measured value, wherever one is shown (the first-run guide, gateway and
 * sensor pages, dashboard tiles, gauges, the wall, alarm and timeline texts): grouped in the console's
 * language through Intl ("19,208.09"), never trailing zeros, at most 2 decimals from 1 up ("37.54",
 * "12", "-3.5"), 3 significant digits below 1 so small readings keep their digits ("0.5", "0.0123",
 * "0.000457"). Tables of raw values that line decimals up use formatFixed instead.
 */
export function formatMeasure(v: number, lang: string = formatLanguage): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0'; // -0 too
  const f = measureFormat(timeLocale(lang));
  return (Math.abs(v) >= 1 ? f.whole : f.small).format(v);
}

/**
 * A number with exactly `decimals` places, grouped like formatMeasure ("24.3", "20.0", "19,208.090"):
 * for columns of values where the decimals line up (a sensor type's catalogue decimalPlace). No "-0.0".
 */
export function formatFixed(v: number, decimals: number, lang: string = formatLanguage): string {
  if (!Number.isFinite(v)) return String(v);
  const r = Math.round(Math.abs(v) * 10 ** decimals) === 0 ? 0 : v;
  return numberFormat(timeLocale(lang), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(r);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One Intl.DateTimeFormat per locale and options, kept: making one costs about as much as formatting
 * hundreds of dates, and axes and value tiles format on every frame with live values (profiled in
 * bench/console-render.ts: most of the main thread at 10 values/s on 50 widgets).
 */
export function dateTimeFormat(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\n${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

/** The shared formatter: the user's locale, in the shown zone. */
function zoned(opts: Intl.DateTimeFormatOptions, lang: string = formatLanguage): Intl.DateTimeFormat {
  return dateTimeFormat(timeLocale(lang), displayZone ? { ...opts, timeZone: displayZone } : opts);
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
};
const DATE_TIME_MS: Intl.DateTimeFormatOptions = { ...DATE_TIME, fractionalSecondDigits: 3 };
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', second: '2-digit' };
const CLOCK_MINUTES: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

const valid = (ms: number | null | undefined): ms is number =>
  ms !== null && ms !== undefined && Number.isFinite(ms);

/**
 * Date and time in the user's locale and the shown zone, through Intl: "2026. 12. 01. 오후 8:50:07",
 * "12/01/2026, 8:50:07 PM" (en-US), "01/12/2026, 20:50:07" (en-GB); milliseconds optional.
 */
export function formatTime(ms: number | null | undefined, withMs = false): string {
  return valid(ms) ? zoned(withMs ? DATE_TIME_MS : DATE_TIME).format(ms) : EMPTY;
}

/** The date alone, same locale and zone: "2026. 12. 01.", "12/01/2026". */
export function formatDate(ms: number | null | undefined): string {
  return valid(ms) ? zoned(DATE).format(ms) : EMPTY;
}

/** The time of day alone, same locale and zone: "오후 8:50:07", "8:50:07 PM"; seconds optional. */
export function formatClock(
  ms: number | null | undefined,
  withSeconds = true,
  lang: string = formatLanguage,
): string {
  return valid(ms) ? zoned(withSeconds ? CLOCK : CLOCK_MINUTES, lang).format(ms) : EMPTY;
}

/** An hour of the day as the locale names it: 16 → "오후 4시", "4 PM", "16". */
export function formatHour(hour: number, lang: string = formatLanguage): string {
  return dateTimeFormat(timeLocale(lang), { hour: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(2000, 0, 1, hour),
  );
}

/** A zone for people: "Seoul (GMT+9)", "New York (GMT-5)" (the offset at `at`). */
export function zoneLabel(zone: string, at: number = Date.now()): string {
  const city = zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;
  try {
    const offset = dateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    return offset ? `${city} (${offset})` : city;
  } catch {
    return city; // an engine without shortOffset
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock fields of an instant in the shown zone (the browser's when none is set). */
function wallClock(ms: number, zone: string | undefined = displayZone): Wall {
  if (!zone) {
    const d = new Date(ms);
    return {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      second: d.getSeconds(),
    };
  }
  const f = dateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** Value for a date/time picker: "YYYY-MM-DDTHH:mm" on the shown zone's wall clock. */
export function toDateTimeLocal(ms: number): string {
  const w = wallClock(ms);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Parse a picker's "YYYY-MM-DDTHH:mm[:ss]" as the shown zone's wall clock; null when empty or invalid. */
export function fromDateTimeLocal(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return null;
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0] = m.slice(1).map((x) => (x ? Number(x) : 0));
  if (!displayZone) {
    const t = new Date(y, mo - 1, d, h, mi, se).getTime();
    return Number.isFinite(t) ? t : null;
  }
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, se);
  // the zone's offset at a guess, then again at the answer: a DST change between the two settles
  const offsetAt = (t: number) => {
    const w = wallClock(t);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
  };
  return asUtc - offsetAt(asUtc - offsetAt(asUtc));
}

const DURATION_UNITS = {
  en: { ms: ' ms', s: ' s', m: ' m', h: ' h', d: ' d', gap: ' ' },
  ko: { ms: 'ms', s: '초', m: '분', h: '시간', d: '일', gap: ' ' },
} as const;

/**
 * Coarse duration: "850 ms", "45 s", "12 m 5 s", "1 m", "3 h 4 m", "2 d 5 h", "2 d" (Korean: "12분 5초",
 * "3시간 4분"). Negative counts as 0.
 */
export function formatDuration(ms: number, lang: string = formatLanguage): string {
  if (!Number.isFinite(ms)) return EMPTY;
  const u = DURATION_UNITS[lang.toLowerCase().startsWith('ko') ? 'ko' : 'en'];
  const two = (a: number, ua: string, b: number, ub: string): string =>
    b ? `${a}${ua}${u.gap}${b}${ub}` : `${a}${ua}`;
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)}${u.ms}`;
  const s = Math.floor(v / 1000);
  if (s < 60) return `${s}${u.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return two(m, u.m, s % 60, u.s);
  const h = Math.floor(m / 60);
  if (h < 24) return two(h, u.h, m % 60, u.m);
  const d = Math.floor(h / 24);
  return two(d, u.d, h % 24, u.h);
}

/**
 * Labels for a time axis in the user's locale through Intl (its own clock, Korean 오전/오후): "오후 2:05",
 * "2:05 PM", with seconds below five minutes, "11. 30. 오후 2:05" / "11/30, 2:05 PM" when the range spans
 * days, "11월 30일" / "Nov 30" beyond two months.
 */
export function axisTimeFormat(spanMs: number, lang: string = formatLanguage): (ms: number) => string {
  const opts: Intl.DateTimeFormatOptions =
    spanMs > 60 * 86_400_000
      ? { month: 'short', day: 'numeric' }
      : spanMs > 2 * 86_400_000
        ? { month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit' }
        : spanMs < 5 * 60_000
          ? CLOCK
          : CLOCK_MINUTES;
  const f = zoned(opts, lang);
  return (ms) => f.format(new Date(ms));
}

/** Latency in ms: "0.42 ms", "12.3 ms", "250 ms", "1.25 s". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return EMPTY;
  if (ms >= 1000) return `${formatNumber(ms / 1000, 2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${formatNumber(ms, 1)} ms`;
  return `${formatNumber(ms, 2)} ms`;
}

/** A per-second rate: one decimal below 100, whole numbers above, grouped thousands: "0.5", "87.3", "1,250". */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  if (Math.abs(v) < 100) return formatNumber(v, 1);
  return groupThousands(Math.round(v));
}

/** Integer counts with "," grouping: 1234567 → "1,234,567". */
export function groupThousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes in binary units: 1536 → "1.5 KiB", 5 * 2**30 → "5.0 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Report interval ("60000" ms as Thing+ stores it) as a duration: "1 m". */
export function formatReportInterval(ms: string | number): string {
  const n = typeof ms === 'number' ? ms : Number(ms);
  return Number.isFinite(n) && String(ms).trim() !== '' ? formatDuration(n) : String(ms);
}
