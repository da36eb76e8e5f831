// What a widget shows of a sensor: names and units from the site, never raw ids (ids stay in tooltips).
import type { SensorTypeDef } from '../../../shared/catalogue';
import { sensorKey, type SensorRef, type Widget } from '../../../shared/dashboards';
import type { SensorValue } from '../../../shared/model';
import type { SiteData } from '../../hooks/useSiteData';
import { decimalPlaceOf, formatDecimal } from '../../lib/catalogue';
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
  /** the value with the type's decimal places, without the unit */
  text: string;
  /** "gateway id / sensor id", for tooltips */
  ids: string;
}

export function sensorInfo(
  site: SiteData,
  ref: SensorRef,
  types: readonly SensorTypeDef[] | null,
  /** the latest value from useLatestValue (live), instead of the one loaded with the sensor list */
  latest?: Latest | null,
): SensorInfo {
  const s = site.sensors.get(sensorKey(ref));
  const gatewayName = site.gateways.find((g) => g.id === ref.gatewayId)?.name?.trim() || ref.gatewayId;
  const last = latest === undefined ? s?.latest : latest;
  const value = last?.value ?? null;
  return {
    known: !!s,
    name: s?.name?.trim() || ref.sensorId,
    gatewayName,
    unit: s?.unit ?? '',
    type: s?.type ?? '',
    value,
    time: last?.time ?? null,
    text: formatDecimal(value, decimalPlaceOf(s?.type, types)),
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
