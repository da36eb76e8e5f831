import { GRID_COLUMNS, type GeneratedDashboard, type Widget } from '../../shared/dashboards.js';
import type { DashboardDirectory } from './dashboards.js';

/** sensors of each gateway shown as tiles on the generated dashboard */
export const DEFAULT_TILES_PER_GATEWAY = 4;
const TILE_W = 3;
const TILE_H = 2;
/** lines on the generated chart: one per gateway, as many as stay readable in its 8 × 4 cells */
const GENERATED_CHART_SENSORS = 8;

/**
 * A first dashboard from the registered sensors: per gateway its first sensors as value tiles (actuators
 * as state tiles), one chart of the first numeric sensor of each gateway, the open alarms and the gateways'
 * status, so a new site shows its plant at once.
 */
export function generateDashboard(
  dir: DashboardDirectory,
  perGateway = DEFAULT_TILES_PER_GATEWAY,
): GeneratedDashboard {
  const widgets: Widget[] = [];
  const charted: Widget['sensors'] = [];
  let x = 0;
  let y = 0;
  const place = (w: number): { x: number; y: number } => {
    if (x + w > GRID_COLUMNS) {
      x = 0;
      y += TILE_H;
    }
    const at = { x, y };
    x += w;
    return at;
  };
  for (const gateway of dir.gateways()) {
    const sensors = dir.sensors(gateway.id);
    for (const s of sensors.slice(0, perGateway)) {
      const ref = { gatewayId: gateway.id, sensorId: s.id };
      const kind = s.category === 'actuator' || !dir.numeric(s.type) ? 'state' : 'value';
      widgets.push({
        id: `w${widgets.length + 1}`,
        kind,
        ...place(TILE_W),
        w: TILE_W,
        h: TILE_H,
        sensors: [ref],
        options: {},
      });
    }
    const first = sensors.find((s) => s.category === 'sensor' && dir.numeric(s.type));
    if (first && charted.length < GENERATED_CHART_SENSORS)
      charted.push({ gatewayId: gateway.id, sensorId: first.id });
  }
  y = x === 0 ? y : y + TILE_H;
  if (charted.length > 0) {
    widgets.push({
      id: `w${widgets.length + 1}`,
      kind: 'chart',
      x: 0,
      y,
      w: 8,
      h: 4,
      sensors: charted,
      options: { rangeMinutes: 1440 },
    });
  }
  const side = charted.length > 0 ? { x: 8, w: 4 } : { x: 0, w: 6 };
  widgets.push({
    id: `w${widgets.length + 1}`,
    kind: 'alarms',
    x: side.x,
    y,
    w: side.w,
    h: 4,
    sensors: [],
    options: {},
  });
  if (charted.length === 0)
    widgets.push({
      id: `w${widgets.length + 1}`,
      kind: 'timeline',
      x: 6,
      y,
      w: 6,
      h: 4,
      sensors: [],
      options: {},
    });
  widgets.push({
    id: `w${widgets.length + 1}`,
    kind: 'gateway',
    x: 0,
    y: y + 4,
    w: 12,
    h: 2,
    sensors: [],
    options: {},
  });
  return { id: null, generated: true, name: 'Site overview', widgets, unknownSensors: [] };
}
