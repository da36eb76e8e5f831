import { useTranslation } from 'react-i18next';
import { sensorKey } from '../../../../shared/dashboards';
import { useLatestValue } from '../../../hooks/useLatestValue';
import { gaugeFraction } from '../../../lib/dashboards';
import { formatMeasure } from '../../../lib/format';
import { sensorInfo, type WidgetProps } from '../view';

const R = 80;
/** a point on the gauge's half circle, 0 (left, min) … 1 (right, max) */
const at = (f: number): [number, number] => [
  100 - R * Math.cos(Math.PI * f),
  100 - R * Math.sin(Math.PI * f),
];

/** One sensor's value on a half-circle scale from the widget's min to its max. */
export function Gauge({ widget, site, types }: WidgetProps) {
  const { t } = useTranslation();
  const ref = widget.sensors[0];
  // this widget's own sensor: a live value of another sensor does not render it again
  const latest = useLatestValue(ref, ref ? site.sensors.get(sensorKey(ref))?.latest : null);
  if (!ref) return null;
  const s = sensorInfo(site, ref, types, latest, t);
  const min = widget.options.min ?? 0;
  const max = widget.options.max ?? 100;
  const f = typeof s.value === 'number' ? gaugeFraction(s.value, min, max) : 0;
  const [ex, ey] = at(f);
  const out = typeof s.value === 'number' && (s.value < min || s.value > max);
  return (
    <div className="w-gauge" title={s.ids}>
      <svg viewBox="0 0 200 124" role="img" aria-label={`${s.name}: ${s.text} ${s.unit}`}>
        <path d={`M 20 100 A ${R} ${R} 0 0 1 180 100`} className="w-gauge-track" />
        {f > 0 && (
          <path
            d={`M 20 100 A ${R} ${R} 0 0 1 ${ex.toFixed(2)} ${ey.toFixed(2)}`}
            className={`w-gauge-fill${out ? ' out' : ''}`}
          />
        )}
        <text
          x="100"
          y="92"
          textAnchor="middle"
          className="w-gauge-value"
          data-testid={`widget-value-${widget.id}`}
        >
          {s.text}
        </text>
        <text x="100" y="110" textAnchor="middle" className="w-gauge-unit">
          {s.unit}
        </text>
        <text x="20" y="122" textAnchor="middle" className="w-gauge-bound">
          {formatMeasure(min)}
        </text>
        <text x="180" y="122" textAnchor="middle" className="w-gauge-bound">
          {formatMeasure(max)}
        </text>
      </svg>
      <div className="w-sub">
        {s.known ? (widget.title ? `${s.name} · ${s.gatewayName}` : s.gatewayName) : t('dash.unknownSensor')}
      </div>
    </div>
  );
}
