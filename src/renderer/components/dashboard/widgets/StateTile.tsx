import { useTranslation } from 'react-i18next';
import { sensorKey } from '../../../../shared/dashboards';
import { useLatestValue } from '../../../hooks/useLatestValue';
import { StatusBadge } from '../../Badges';
import { clockTime, sensorInfo, type WidgetProps } from '../view';

/**
 * A switch, an actuator or a text sensor: its state in words (the catalogue's, as every page shows it),
 * with the sensor's reported status only when it is not the normal "on" (a second "on" beside the value
 * read as the value).
 */
export function StateTile({ widget, site, types }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const ref = widget.sensors[0];
  // this widget's own sensor: a live value of another sensor does not render it again
  const latest = useLatestValue(ref, ref ? site.sensors.get(sensorKey(ref))?.latest : null);
  if (!ref) return null;
  const s = sensorInfo(site, ref, types, latest, t);
  const state = s.state === 'on' || s.state === 'off' ? s.state : null;
  const status = site.sensors.get(`${ref.gatewayId}\n${ref.sensorId}`)?.status ?? null;
  return (
    <div className="w-value" title={s.ids}>
      <div
        className={`w-state w-state-${state ?? 'other'}`}
        data-testid={`widget-value-${widget.id}`}
        data-value={s.text}
      >
        {s.unit && s.value !== null ? `${s.text} ${s.unit}` : s.text}
      </div>
      <div className="w-sub">
        {s.known ? (widget.title ? `${s.name} · ${s.gatewayName}` : s.gatewayName) : t('dash.unknownSensor')}
        {s.time !== null && <span className="w-time"> · {clockTime(s.time, i18n.language)}</span>}{' '}
        {status && <StatusBadge status={status} unlessOn />}
      </div>
    </div>
  );
}
