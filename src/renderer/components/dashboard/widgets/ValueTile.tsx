import { useTranslation } from 'react-i18next';
import { sensorKey } from '../../../../shared/dashboards';
import { useLatestValue } from '../../../hooks/useLatestValue';
import { clockTime, sensorInfo, type WidgetProps } from '../view';

/** One sensor's latest value, large, with its unit and when it was measured. */
export function ValueTile({ widget, site, types }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const ref = widget.sensors[0];
  // this widget's own sensor: a live value of another sensor does not render it again
  const latest = useLatestValue(ref, ref ? site.sensors.get(sensorKey(ref))?.latest : null);
  if (!ref) return null;
  const s = sensorInfo(site, ref, types, latest, t);
  return (
    <div className="w-value" title={s.ids}>
      <div className="w-value-main" data-testid={`widget-value-${widget.id}`} data-value={s.text}>
        <span className="w-value-number">{s.text}</span>
        {s.unit && <span className="w-value-unit">{s.unit}</span>}
      </div>
      <div className="w-sub">
        {s.known ? (widget.title ? `${s.name} · ${s.gatewayName}` : s.gatewayName) : t('dash.unknownSensor')}
        {s.time !== null && <span className="w-time"> · {clockTime(s.time, i18n.language)}</span>}
      </div>
    </div>
  );
}
