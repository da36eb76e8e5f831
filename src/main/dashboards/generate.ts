import {
  CHART_RANGES,
  GRID_COLUMNS,
  type GeneratedDashboard,
  type SensorRef,
  type Widget,
} from '../../shared/dashboards.js';
import type { Sensor } from '../../shared/model.js';
import type { DashboardDirectory } from './dashboards.js';

/** sensors of each gateway shown as tiles on the generated dashboard */
export const DEFAULT_TILES_PER_GATEWAY = 4;
const TILE_W = 3;
const TILE_H = 2;
const CHART_H = 4;
/** lines on one generated chart: as many as stay readable in its cells */
const GENERATED_CHART_SENSORS = 8;
/** charts on the generated dashboard: more and the first screen is all charts, the tiles pushed away */
export const GENERATED_CHARTS = 3;
/** the longest span a generated chart opens on: a new site's charts show the last day at most */
const MAX_GENERATED_RANGE = 1440;

/**
 * Sensor types in the order an operator looks at them first: is it hot, is the pressure right, what does
 * the machine draw, is it damp. It orders each gateway's tiles and picks the charts; types not listed come
 * after the listed ones, in their registered order.
 */
export const TYPE_PRIORITY: readonly string[] = [
  'temperature',
  'pressure',
  'electricPower',
  'wattage',
  'current',
  'humidity',
  'voltage',
  'vibration',
  'co2',
  'dust',
  'soilTemperature',
  'soilMoisture',
  'light',
];

/** a type's place in TYPE_PRIORITY (unlisted: after every listed one) */
export function typeRank(type: string): number {
  const i = TYPE_PRIORITY.indexOf(type);
  return i < 0 ? TYPE_PRIORITY.length : i;
}

/** the sensors by TYPE_PRIORITY, the registered order kept among equals (sort is stable) */
const byPriority = (sensors: readonly Sensor[]): Sensor[] =>
  [...sensors].sort((a, b) => typeRank(a.type) - typeRank(b.type));

/** a sensor a generated chart may show */
export interface Candidate {
  ref: SensorRef;
  sensor: Sensor;
  rank: number;
}

/**
 * The charts' sensors: the numeric sensors of every gateway grouped by unit (unitless ones by type), so
 * that each chart has one y-axis; the groups holding the types of TYPE_PRIORITY first, then the larger
 * ones; at most `GENERATED_CHARTS` groups of at most `GENERATED_CHART_SENSORS` sensors.
 */
export function chartGroups(dir: DashboardDirectory): Candidate[][] {
  const groups = new Map<string, Candidate[]>();
  for (const gateway of dir.gateways())
    for (const sensor of dir.sensors(gateway.id)) {
      if (sensor.category !== 'sensor' || !dir.numeric(sensor.type)) continue;
      const unit = dir.unit(sensor.type);
      const key = unit ? `unit:${unit}` : `type:${sensor.type}`;
      const group = groups.get(key) ?? [];
      group.push({
        ref: { gatewayId: gateway.id, sensorId: sensor.id },
        sensor,
        rank: typeRank(sensor.type),
      });
      groups.set(key, group);
    }
  const best = (g: Candidate[]) => Math.min(...g.map((c) => c.rank));
  return [...groups.values()]
    .sort((a, b) => best(a) - best(b) || b.length - a.length)
    .slice(0, GENERATED_CHARTS)
    .map((g) => [...g].sort((a, b) => a.rank - b.rank).slice(0, GENERATED_CHART_SENSORS));
}

/**
 * The span a generated chart opens on: how long its sensors have had values (the first value of the last
 * day; a sensor without one counts from its registration), rounded up to a chart range, at most a day.
 * A new site's first minute of data then fills a 15-minute chart instead of a sliver at a 24 h chart's
 * right edge; the dashboard is made again on each visit, so the span grows with the site's history.
 */
export function chartRange(dir: DashboardDirectory, sensors: readonly Candidate[], now: number): number {
  const dayAgo = now - MAX_GENERATED_RANGE * 60_000;
  const starts = sensors.map((c) => dir.firstValueAt(c.ref.gatewayId, c.ref.sensorId, dayAgo));
  const known = starts.filter((t): t is number => t !== null);
  const since = known.length > 0 ? Math.min(...known) : Math.min(...sensors.map((c) => c.sensor.ctime));
  const minutes = Math.max(0, now - since) / 60_000;
  return CHART_RANGES.find((r) => r >= minutes && r <= MAX_GENERATED_RANGE) ?? MAX_GENERATED_RANGE;
}

/**
 * A first dashboard from the registered sensors: per gateway its first sensors (by TYPE_PRIORITY) as value
 * tiles (actuators as state tiles), up to three charts of one unit each over the span the site has data
 * for, the open alarms and the gateways' status, so a new site shows its plant at once. Widgets have no
 * titles: the console names them from what they show, in the user's language (WidgetFrame's widgetTitle).
 */
export function generateDashboard(
  dir: DashboardDirectory,
  perGateway = DEFAULT_TILES_PER_GATEWAY,
  now = Date.now(),
): GeneratedDashboard {
  const widgets: Widget[] = [];
  const add = (w: Omit<Widget, 'id' | 'sensors' | 'options'> & Partial<Widget>) =>
    widgets.push({ id: `w${widgets.length + 1}`, sensors: [], options: {}, ...w });
  let x = 0;
  let y = 0;
  for (const gateway of dir.gateways()) {
    for (const s of byPriority(dir.sensors(gateway.id)).slice(0, perGateway)) {
      if (x + TILE_W > GRID_COLUMNS) {
        x = 0;
        y += TILE_H;
      }
      const kind = s.category === 'actuator' || !dir.numeric(s.type) ? 'state' : 'value';
      add({ kind, x, y, w: TILE_W, h: TILE_H, sensors: [{ gatewayId: gateway.id, sensorId: s.id }] });
      x += TILE_W;
    }
  }
  y = x === 0 ? y : y + TILE_H;
  // charts two to a row; an odd last one shares its row with the alarms, else alarms and timeline share one
  const groups = chartGroups(dir);
  groups.forEach((group, i) => {
    const last = i === groups.length - 1;
    const alone = last && groups.length % 2 === 1;
    add({
      kind: 'chart',
      x: i % 2 === 0 ? 0 : 6,
      y,
      w: alone ? 8 : 6,
      h: CHART_H,
      sensors: group.map((c) => c.ref),
      options: { rangeMinutes: chartRange(dir, group, now) },
    });
    if (i % 2 === 1) y += CHART_H;
  });
  if (groups.length % 2 === 1) add({ kind: 'alarms', x: 8, y, w: 4, h: CHART_H });
  else {
    add({ kind: 'alarms', x: 0, y, w: 6, h: CHART_H });
    add({ kind: 'timeline', x: 6, y, w: 6, h: CHART_H });
  }
  add({ kind: 'gateway', x: 0, y: y + CHART_H, w: 12, h: 2 });
  return { id: null, generated: true, name: 'Site overview', widgets, unknownSensors: [] };
}
