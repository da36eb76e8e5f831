// A date and time picker in the console's time format: the hour named by Intl in the user's locale
// ("오후 4시", "4 PM"), the wall clock of the shown zone, and that zone named beside it.
import { useTranslation } from 'react-i18next';
import { useZone } from '../hooks/useZone';
import { formatHour, zoneLabel } from '../lib/format';

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
 * Native date field for the day (the browser's calendar), selects for hour and minute: the native
 * datetime-local field writes its hours in the browser's language, whatever the console's is.
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
      <input
        type="date"
        aria-label={t('charts.pickDate', { label })}
        value={date}
        disabled={disabled}
        onChange={(e) => set(e.target.value, hour, minute)}
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
