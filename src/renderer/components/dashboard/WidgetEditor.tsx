import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHART_RANGES,
  SENSOR_COUNT,
  WIDGET_KINDS,
  type Widget,
  type WidgetKind,
} from '../../../shared/dashboards';
import type { SiteData } from '../../hooks/useSiteData';
import { DEFAULT_SIZE, defaultOptions } from '../../lib/dashboards';
import { SensorPicker } from './SensorPicker';

/** Adds a widget or changes one: kind, title, sensors (from the tree) and the kind's options. */
export function WidgetEditor({
  initial,
  site,
  onSave,
  onCancel,
}: {
  initial: Widget;
  site: SiteData;
  onSave: (w: Widget) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [w, setW] = useState<Widget>(initial);
  const [min, setMin] = useState(String(initial.options.min ?? 0));
  const [max, setMax] = useState(String(initial.options.max ?? 100));
  const [least, most] = SENSOR_COUNT[w.kind];
  const gaugeBad = w.kind === 'gauge' && !(Number(min) < Number(max));
  const missing = w.sensors.length < least;

  const setKind = (kind: WidgetKind) => {
    const [, top] = SENSOR_COUNT[kind];
    setW((x) => ({
      ...x,
      kind,
      ...(x.kind === kind ? {} : { w: Math.min(DEFAULT_SIZE[kind].w, 12 - x.x), h: DEFAULT_SIZE[kind].h }),
      sensors: x.sensors.slice(0, top),
      options: defaultOptions(kind),
    }));
  };
  const save = () => {
    const options =
      w.kind === 'gauge'
        ? { min: Number(min), max: Number(max) }
        : w.kind === 'chart'
          ? w.options
          : w.kind === 'alarms' || w.kind === 'timeline'
            ? w.options
            : {};
    onSave({ ...w, title: w.title?.trim() || undefined, options });
  };

  return (
    <div
      className="dash-editor card"
      role="dialog"
      aria-label={t('dash.editor.title')}
      data-testid="widget-editor"
    >
      <h2>{t(initial.sensors.length || initial.title ? 'dash.editor.title' : 'dash.editor.add')}</h2>
      <fieldset className="dash-kinds">
        <legend>{t('dash.editor.kind')}</legend>
        {WIDGET_KINDS.map((k) => (
          <label key={k} className={`dash-kind${w.kind === k ? ' on' : ''}`}>
            <input
              type="radio"
              name="widget-kind"
              checked={w.kind === k}
              onChange={() => setKind(k)}
              data-testid={`kind-${k}`}
            />
            {t(`dash.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <label className="field-row">
        <span>{t('dash.editor.widgetTitle')}</span>
        <input
          className="input"
          value={w.title ?? ''}
          maxLength={100}
          placeholder={t('dash.editor.titleAuto')}
          onChange={(e) => setW({ ...w, title: e.target.value })}
          data-testid="widget-title"
        />
      </label>
      {w.kind === 'gauge' && (
        <div className="field-row-pair">
          <label className="field-row">
            <span>{t('dash.editor.min')}</span>
            <input
              className="input"
              type="number"
              value={min}
              onChange={(e) => setMin(e.target.value)}
              data-testid="gauge-min"
            />
          </label>
          <label className="field-row">
            <span>{t('dash.editor.max')}</span>
            <input
              className="input"
              type="number"
              value={max}
              onChange={(e) => setMax(e.target.value)}
              data-testid="gauge-max"
            />
          </label>
        </div>
      )}
      {gaugeBad && <div className="form-error">{t('dash.editor.minMax')}</div>}
      {w.kind === 'chart' && (
        <label className="field-row">
          <span>{t('dash.editor.range')}</span>
          <select
            className="input"
            value={w.options.rangeMinutes ?? 1440}
            onChange={(e) => setW({ ...w, options: { rangeMinutes: Number(e.target.value) } })}
            data-testid="chart-range"
          >
            {CHART_RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`dash.range.${r}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {most > 0 && (
        <SensorPicker
          site={site}
          value={w.sensors}
          max={most}
          onChange={(sensors) => setW({ ...w, sensors })}
        />
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={gaugeBad || missing}
          onClick={save}
          data-testid="widget-save"
        >
          {t('dash.editor.apply')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('dash.cancel')}
        </button>
        {missing && <span className="muted small">{t('dash.editor.pickSensor')}</span>}
      </div>
    </div>
  );
}
