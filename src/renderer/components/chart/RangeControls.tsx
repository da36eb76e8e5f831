import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { panRange, zoomOut } from '../../lib/chart-data';
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/format';
import { presetRange, type RangePreset } from '../../lib/series';
import { DateTimeInput } from '../DateTimeInput';

export type ChartRange =
  { preset: RangePreset; start: number; end: number } | { preset: 'custom'; start: number; end: number };

const PRESETS: readonly RangePreset[] = ['1h', '24h', '7d', '30d', '1y'];

type Step = (start: number, end: number, now: number) => { start: number; end: number };
/** pan back half a range, zoom out three times, pan forward half a range */
const NAV: ReadonlyArray<readonly [string, string, string, Step]> = [
  ['back', 'charts.panBack', '‹', (s, e, now) => panRange(s, e, -0.5, now)],
  ['zoom-out', 'charts.zoomOut', '−', (s, e, now) => zoomOut(s, e, 3, now)],
  ['forward', 'charts.panForward', '›', (s, e, now) => panRange(s, e, 0.5, now)],
];

/** Presets, pan and zoom-out buttons, and a from → to picker; dragging on the chart zooms in. */
export function RangeControls({ range, onChange }: { range: ChartRange; onChange: (r: ChartRange) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => toDateTimeLocal(range.start));
  const [to, setTo] = useState(() => toDateTimeLocal(range.end));
  // zoom and pan move the range from outside: the picker shows it
  useEffect(() => {
    setFrom(toDateTimeLocal(range.start));
    setTo(toDateTimeLocal(range.end));
  }, [range.start, range.end]);
  const start = fromDateTimeLocal(from);
  const end = fromDateTimeLocal(to);
  const valid = start !== null && end !== null && start < end;
  const move = (r: { start: number; end: number }) => onChange({ preset: 'custom', ...r });
  return (
    <div className="range">
      {PRESETS.map((p) => (
        <button
          key={p}
          type="button"
          className={`btn btn-small ${range.preset === p ? 'btn-active' : ''}`}
          data-testid={`range-${p}`}
          onClick={() => onChange({ preset: p, ...presetRange(p, Date.now()) })}
        >
          {t(`chart.preset.${p}`)}
        </button>
      ))}
      <span className="range-nav">
        {NAV.map(([id, labelKey, text, step]) => (
          <button
            key={id}
            type="button"
            className="btn btn-small"
            data-testid={`range-${id}`}
            aria-label={t(labelKey)}
            title={t(labelKey)}
            onClick={() => move(step(range.start, range.end, Date.now()))}
          >
            {text}
          </button>
        ))}
      </span>
      <DateTimeInput label={t('chart.from')} testId="range-from" value={from} onChange={setFrom} />
      <span className="muted">→</span>
      <DateTimeInput label={t('chart.to')} testId="range-to" value={to} onChange={setTo} showZone />
      <button
        type="button"
        className={`btn btn-small ${range.preset === 'custom' ? 'btn-active' : ''}`}
        disabled={!valid}
        onClick={() => valid && onChange({ preset: 'custom', start, end })}
      >
        {t('chart.apply')}
      </button>
    </div>
  );
}
