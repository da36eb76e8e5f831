import { useTranslation } from 'react-i18next';
import { sensorKey } from '../../../../shared/dashboards';
import { useLatestValue } from '../../../hooks/useLatestValue';
import type { SensorValue } from '../../../../shared/model';
import { StatusBadge } from '../../Badges';
import { clockTime, sensorInfo, type WidgetProps } from '../view';

/** on / off for switch-like values (1/0, true/false, "on"/"off"); anything else as it is. */
function stateOf(v: SensorValue | null): 'on' | 'off' | null {
  if (v === 1 || v === true || v === 'on' || v === '1') return 'on';
  if (v === 0 || v === false || v === 'off' || v === '0') return 'off';
  return null;
}

/** A switch, an actuator or a text sensor: its state in words, with the gateway's reported status. */
export function StateTile({ widget, site, types }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const ref = widget.sensors[0];
  // this widget's own sensor: a live value of another sensor does not render it again
  const latest = useLatestValue(ref, ref ? site.sensors.get(sensorKey(ref))?.latest : null);
  if (!ref) return null;
  const s = sensorInfo(site, ref, types, latest);
  const state = stateOf(s.value);
  const status = site.sensors.get(`${ref.gatewayId}\n${ref.sensorId}`)?.status ?? null;
  return (
    <div className="w-value" title={s.ids}>
      <div
        className={`w-state w-state-${state ?? 'other'}`}
        data-testid={`widget-value-${widget.id}`}
        data-value={s.text}
      >
        {state ? t(`dash.state.${state}`) : s.value === null ? '—' : `${s.text}${s.unit ? ` ${s.unit}` : ''}`}
      </div>
      <div className="w-sub">
        {s.known ? (widget.title ? `${s.name} · ${s.gatewayName}` : s.gatewayName) : t('dash.unknownSensor')}
        {s.time !== null && <span className="w-time"> · {clockTime(s.time, i18n.language)}</span>}{' '}
        {status && <StatusBadge status={status} />}
      </div>
    </div>
  );
}
