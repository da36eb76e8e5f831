// A date and time picker in the console's time format: year, month, day and hour named by Intl in the
// console's language ("2026년 12월 2일 오후 4시", "Dec 2, 2026 4 PM"), the wall clock of the shown zone,
// and that zone named beside it.
import { useTranslation } from 'react-i18next';
import { useZone } from '../hooks/useZone';
import {
  dateFieldLabel,
  dateFieldOrder,
  daysInMonth,
  isoDate,
  yearChoices,
  type DateField,
} from '../lib/date-fields';
import { formatHour, toDateTimeLocal, zoneLabel } from '../lib/format';

const HOURS = Array.from({ length: 24 }, (_v, h) => h);
const MINUTES = Array.from({ length: 60 }, (_v, m) => m);
const pad = (n: number) => String(n).padStart(2, '0');

interface Props {
  /** "YYYY-MM-DDTHH:mm" on the shown zone's wall clock (lib/format toDateTimeLocal), or '' for none */
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId?: string;
  /** name the zone after the picker (once per from → to pair is enough) */
  showZone?: boolean;
  disabled?: boolean;
}

/**
 * Selects for the day's parts, the hour and the minute: the native date and datetime-local fields write
 * their dates and hours in the browser's language, whatever the console's is.
 */
export function DateTimeInput({ value, onChange, label, testId, showZone = false, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  const date = m?.[1] ?? '';
  const hour = Number(m?.[2] ?? 0);
  const minute = Number(m?.[3] ?? 0);
  const set = (d: string, h: number, mi: number) => onChange(d ? `${d}T${pad(h)}:${pad(mi)}` : '');
  return (
    <span className="dt-input" role="group" aria-label={label} data-testid={testId} data-value={value}>
      <DayFields
        date={date}
        label={label}
        testId={testId}
        disabled={disabled}
        onChange={(d) => set(d, hour, minute)}
      />
      <select
        aria-label={t('charts.pickHour', { label })}
        data-testid={testId && `${testId}-hour`}
        value={hour}
        disabled={disabled || !date}
        onChange={(e) => set(date, Number(e.target.value), minute)}
      >
        {HOURS.map((h) => (
          <option key={h} value={h}>
            {formatHour(h, i18n.language)}
          </option>
        ))}
      </select>
      <span aria-hidden="true">:</span>
      <select
        aria-label={t('charts.pickMinute', { label })}
        value={minute}
        disabled={disabled || !date}
        onChange={(e) => set(date, hour, Number(e.target.value))}
      >
        {MINUTES.map((mi) => (
          <option key={mi} value={mi}>
            {pad(mi)}
          </option>
        ))}
      </select>
      {showZone && <ZoneLabel />}
    </span>
  );
}

const PICK_KEYS = {
  year: 'charts.pickYear',
  month: 'charts.pickMonth',
  day: 'charts.pickDay',
} as const;
const MONTHS = Array.from({ length: 12 }, (_v, i) => i + 1);

/**
 * Year, month and day in the language's order. No date yet: each select starts empty, and the first
 * part picked takes the rest from today (in the shown zone); the empty year clears the date.
 */
function DayFields(props: {
  date: string;
  label: string;
  testId?: string;
  disabled?: boolean;
  onChange: (date: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const picked = /^(\d{4})-(\d{2})-(\d{2})$/.exec(props.date);
  const today = toDateTimeLocal(Date.now()).slice(0, 10).split('-').map(Number);
  const parts = { year: Number(picked?.[1]), month: Number(picked?.[2]), day: Number(picked?.[3]) };
  const base = picked ? parts : { year: today[0]!, month: today[1]!, day: today[2]! };
  const choices: Record<DateField, number[]> = {
    year: yearChoices(today[0]!, picked ? parts.year : null),
    month: MONTHS,
    day: Array.from({ length: daysInMonth(base.year, base.month) }, (_v, i) => i + 1),
  };
  const change = (field: DateField, v: string) => {
    if (v === '') return props.onChange('');
    const next = { ...base, [field]: Number(v) };
    props.onChange(isoDate(next.year, next.month, next.day));
  };
  return (
    <>
      {dateFieldOrder(lang).map((field) => (
        <select
          key={field}
          aria-label={t(PICK_KEYS[field], { label: props.label })}
          data-testid={props.testId && `${props.testId}-${field}`}
          value={picked ? parts[field] : ''}
          disabled={props.disabled}
          onChange={(e) => change(field, e.target.value)}
        >
          {(!picked || field === 'year') && <option value="">—</option>}
          {choices[field].map((n) => (
            <option key={n} value={n}>
              {dateFieldLabel(field, n, lang)}
            </option>
          ))}
        </select>
      ))}
    </>
  );
}

/** The zone the console's times are in, as a small note: "Seoul (GMT+9)". */
export function ZoneLabel() {
  const { t } = useTranslation();
  const zone = useZone().shown;
  return (
    <span
      className="zone-label muted small"
      data-testid="zone-label"
      data-zone={zone}
      title={t('charts.zone', { zone })}
    >
      {zoneLabel(zone)}
    </span>
  );
}
