// Pure formatting helpers (no DOM, no React): values, units, times, durations, rates.
import type { SensorValue } from '../../shared/model.js';

export const EMPTY = '—';

/** A number rounded to at most `decimals` places, without trailing zeros or grouping: 23.5, 21.457, 12. */
export function formatNumber(v: number, decimals = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Any sensor value as display text. Locations ({lat,lng}) read as "lat, lng". */
export function formatValue(v: SensorValue | null | undefined): string {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === 'number') return formatNumber(v);
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
let zoneParts: Intl.DateTimeFormat | null = null;
export function setDisplayZone(zone: string | undefined): void {
  displayZone = zone;
  zoneParts = zone
    ? new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      })
    : null;
}
export function getDisplayZone(): string | undefined {
  return displayZone;
}

/** Wall-clock time "YYYY-MM-DD HH:mm:ss" (ms optional) in the shown zone (the browser's by default). */
export function formatTime(ms: number | null | undefined, withMs = false): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return EMPTY;
  if (zoneParts) {
    const p = Object.fromEntries(zoneParts.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
    const base = `${p.year}-${pad(p.month!)}-${pad(p.day!)} ${pad(p.hour!)}:${pad(p.minute!)}:${pad(p.second!)}`;
    return withMs ? `${base}.${pad(((ms % 1000) + 1000) % 1000, 3)}` : base;
  }
  const d = new Date(ms);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** Value for <input type="datetime-local">: "YYYY-MM-DDTHH:mm" in local time. */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Parse a datetime-local value (local time); null when empty or invalid. */
export function fromDateTimeLocal(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m;
  const t = new Date(+y, +mo - 1, +d, +h, +mi, se ? +se : 0).getTime();
  return Number.isFinite(t) ? t : null;
}

/** The console's language for the few formatters that need words (set by the i18n module). */
let formatLanguage = 'en';
export function setFormatLanguage(lang: string): void {
  formatLanguage = lang.toLowerCase().startsWith('ko') ? 'ko' : 'en';
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

/**
 * Labels for a time axis from the user's locale through Intl, on a 24-hour clock (no am/pm): "14:05",
 * "14:05:30" below five minutes, "11/30 14:05" / "11. 30. 14:05" when the range spans days, "30 Nov" /
 * "11월 30일" beyond two months.
 */
export function axisTimeFormat(spanMs: number, lang: string = formatLanguage): (ms: number) => string {
  const locale = lang.toLowerCase().startsWith('ko') ? 'ko-KR' : 'en-GB';
  const opts: Intl.DateTimeFormatOptions =
    spanMs > 60 * 86_400_000
      ? { month: 'short', day: 'numeric' }
      : spanMs > 2 * 86_400_000
        ? { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : spanMs < 5 * 60_000
          ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
          : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const f = dateTimeFormat(locale, displayZone ? { ...opts, timeZone: displayZone } : opts);
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
