// A dashboard widget's title when it has none: what it shows, from the site's names, in the user's
// language. The site's generated dashboard leaves every title empty (it is made in no language), and so
// may a user.
import type { SensorRef, Widget } from '../../shared/dashboards.js';
import type { Translate } from './names.js';

/** what a title needs of a sensor (components/dashboard/view.ts's SensorInfo has it) */
export interface TitleSensor {
  known: boolean;
  name: string;
  gatewayName: string;
  type: string;
  unit: string;
}

/** the site's names, as the dashboard loaded them */
export interface TitleNames {
  sensor(ref: SensorRef): TitleSensor;
  gatewayName(gatewayId: string): string | undefined;
}

/** the one value every item has, else null */
function same(xs: readonly string[]): string | null {
  return xs.length > 0 && xs.every((x) => x === xs[0]) ? xs[0]! : null;
}

/**
 * A chart's title from what its lines have in common, the most specific first: one sensor ("Dryer hall ·
 * Drum temperature"), one type at one gateway ("Dryer hall · Temperature"), one type ("Temperature (°C)"),
 * one gateway ("Press line A"), one unit ("Values in bar"); else the kind's name.
 */
export function chartTitle(sensors: readonly TitleSensor[], t: Translate): string {
  if (sensors.length === 0 || sensors.some((s) => !s.known)) return t('dash.kind.chart');
  const [first] = sensors;
  if (sensors.length === 1)
    return t('dash.auto.sensorAt', { gateway: first!.gatewayName, sensor: first!.name });
  const type = same(sensors.map((s) => s.type));
  const gateway = same(sensors.map((s) => s.gatewayName));
  const unit = same(sensors.map((s) => s.unit));
  const typeName = type === null ? '' : t(`sensorTypes.${type}`, { defaultValue: type });
  if (type !== null && gateway !== null) return t('dash.auto.typeAt', { gateway, type: typeName });
  if (type !== null) return unit ? t('dash.auto.withUnit', { what: typeName, unit }) : typeName;
  if (gateway !== null) return unit ? t('dash.auto.withUnit', { what: gateway, unit }) : gateway;
  if (unit) return t('dash.auto.unit', { unit });
  return t('dash.kind.chart');
}

/** A widget's title: the one given, else what it shows (its sensor, its chart's lines, the alarms …). */
export function widgetTitle(w: Widget, names: TitleNames, t: Translate): string {
  if (w.title) return w.title;
  switch (w.kind) {
    case 'chart':
      return chartTitle(w.sensors.map(names.sensor), t);
    case 'alarms':
      return t('dash.auto.alarms');
    case 'timeline':
      return t('dash.auto.timeline');
    case 'gateway': {
      // one gateway's status is titled by its name; none listed means every gateway
      const only = w.options.gatewayIds;
      const one = only?.length === 1 ? names.gatewayName(only[0]!)?.trim() : undefined;
      return one || t('dash.auto.gateways');
    }
    default: {
      const first = w.sensors[0];
      return first ? names.sensor(first).name : t(`dash.kind.${w.kind}`);
    }
  }
}
