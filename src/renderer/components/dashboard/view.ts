// What a widget shows of a sensor: names and units from the site, never raw ids (ids stay in tooltips).
import type { SensorTypeDef } from '../../../shared/catalogue';
import { sensorKey, type SensorRef, type Widget } from '../../../shared/dashboards';
import type { SensorValue } from '../../../shared/model';
import type { SiteData } from '../../hooks/useSiteData';
import { sensorValueText, type Translate } from '../../lib/catalogue';
import { formatClock } from '../../lib/format';
import type { Names } from '../../lib/names';
import type { Latest } from '../../lib/latest-values';

export interface WidgetProps {
  widget: Widget;
  site: SiteData;
  types: readonly SensorTypeDef[] | null;
  /** while the dashboard is edited: a chart's zoom (null: following now) goes into its options, kept on Save */
  onRange?: (range: { start: number; end: number } | null) => void;
}

export interface SensorInfo {
  known: boolean;
  name: string;
  gatewayName: string;
  unit: string;
  type: string;
  value: SensorValue | null;
  time: number | null;
  /** the value as every page shows it (lib/catalogue sensorValueText), without the unit */
  text: string;
  /** the catalogue's word when the value is a state ("on", "opened"; then `text` says it and no unit) */
  state: string | null;
  /** "gateway id / sensor id", for tooltips */
  ids: string;
}

export function sensorInfo(
  site: SiteData,
  ref: SensorRef,
  types: readonly SensorTypeDef[] | null,
  /** the latest value from useLatestValue (live), instead of the one loaded with the sensor list */
  latest?: Latest | null,
  /** i18next's t for state words ("켜짐"); without it they stay the catalogue's ("on") */
  t: Translate = (_key, o) => o.defaultValue,
): SensorInfo {
  const s = site.sensors.get(sensorKey(ref));
  const gatewayName = site.gateways.find((g) => g.id === ref.gatewayId)?.name?.trim() || ref.gatewayId;
  const last = latest === undefined ? s?.latest : latest;
  const value = last?.value ?? null;
  const shown = sensorValueText(value, s, types, t);
  return {
    known: !!s,
    name: s?.name?.trim() || ref.sensorId,
    gatewayName,
    unit: shown.unit,
    type: s?.type ?? '',
    value,
    time: last?.time ?? null,
    text: shown.text,
    state: shown.state,
    ids: `${ref.gatewayId} / ${ref.sensorId}`,
  };
}

/** The Names directory of lib/names.ts over what the dashboard loaded (timeline lines, alarm rows). */
export function siteNames(site: SiteData): Names {
  return {
    gatewayName: (id) => site.gateways.find((g) => g.id === id)?.name,
    sensor: (gw, sid) => site.sensors.get(sensorKey({ gatewayId: gw, sensorId: sid })),
  };
}

/** The time of day in the console's one format (user's locale, shown zone): "오후 2:03:07", "2:03:07 PM". */
export function clockTime(ms: number | null, lang?: string): string {
  return formatClock(ms, true, lang);
}
