import {
  CHART_RANGES,
  DASHBOARD_MAX_WIDGETS,
  DASHBOARD_NAME_MAX,
  GRID_COLUMNS,
  GRID_MAX_ROWS,
  SENSOR_COUNT,
  WIDGET_KINDS,
  WIDGET_MAX_HEIGHT,
  WIDGET_TITLE_MAX,
  type DashboardInput,
  type SensorRef,
  type Widget,
  type WidgetKind,
  type WidgetOptions,
} from '../../shared/dashboards.js';
import { badRequest } from '../errors.js';

const WIDGET_ID = /^[A-Za-z0-9_-]{1,40}$/;
const OPTION_KEYS: Record<WidgetKind, readonly string[]> = {
  value: [],
  gauge: ['min', 'max'],
  state: [],
  chart: ['rangeMinutes', 'from', 'to'],
  gateway: ['gatewayIds'],
  alarms: ['limit'],
  timeline: ['limit'],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A 400 whose message starts with the field's path (`widgets[2].w`), the path also in `details`. */
function fail(path: string, problem: string): never {
  throw badRequest(`${path} ${problem}`, [path]);
}

function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, 'must be an integer');
  if (v < min || v > max) fail(path, `must be from ${min} to ${max}`);
  return v;
}

function text(v: unknown, path: string, max: number): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  const s = v.trim();
  if (s.length === 0) fail(path, 'must not be empty');
  if (s.length > max) fail(path, `must be at most ${max} characters`);
  return s;
}

function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  if (extra !== undefined) fail(`${path}.${extra}`, 'is not a known property');
}

function sensors(v: unknown, kind: WidgetKind, path: string): SensorRef[] {
  const list = v === undefined ? [] : v;
  if (!Array.isArray(list)) fail(path, 'must be an array');
  const [least, most] = SENSOR_COUNT[kind];
  if (list.length < least || list.length > most)
    fail(
      path,
      most === 0
        ? `must be empty for a ${kind} widget`
        : least === most
          ? `must hold exactly ${least} sensor for a ${kind} widget`
          : `must hold ${least} to ${most} sensors for a ${kind} widget`,
    );
  const seen = new Set<string>();
  return list.map((s: unknown, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(s)) fail(p, 'must be an object {gatewayId, sensorId}');
    onlyKeys(s, ['gatewayId', 'sensorId'], p);
    const ref = {
      gatewayId: text(s.gatewayId, `${p}.gatewayId`, 200),
      sensorId: text(s.sensorId, `${p}.sensorId`, 200),
    };
    const key = `${ref.gatewayId}\n${ref.sensorId}`;
    if (seen.has(key)) fail(p, 'names a sensor already in this widget');
    seen.add(key);
    return ref;
  });
}

function options(v: unknown, kind: WidgetKind, path: string): WidgetOptions {
  const o = v === undefined ? {} : v;
  if (!isObj(o)) fail(path, 'must be an object');
  onlyKeys(o, OPTION_KEYS[kind], path);
  const out: WidgetOptions = {};
  if (kind === 'gauge') {
    for (const k of ['min', 'max'] as const) {
      const n = o[k];
      if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${path}.${k}`, 'must be a number for a gauge');
      out[k] = n;
    }
    if ((out.min ?? 0) >= (out.max ?? 0)) fail(`${path}.max`, 'must be greater than min');
  }
  if (kind === 'chart') {
    const r = o.rangeMinutes ?? 1440;
    if (typeof r !== 'number' || !(CHART_RANGES as readonly number[]).includes(r))
      fail(`${path}.rangeMinutes`, `must be one of ${CHART_RANGES.join(', ')}`);
    out.rangeMinutes = r;
    if (o.from !== undefined || o.to !== undefined) {
      // a kept zoom: both ends, the narrowest a drag may zoom to (30 s) at least
      out.from = int(o.from, `${path}.from`, 0, Number.MAX_SAFE_INTEGER);
      out.to = int(o.to, `${path}.to`, out.from + 30_000, Number.MAX_SAFE_INTEGER);
    }
  }
  if (kind === 'gateway' && o.gatewayIds !== undefined) {
    if (!Array.isArray(o.gatewayIds) || o.gatewayIds.length > 100)
      fail(`${path}.gatewayIds`, 'must be an array of at most 100 gateway ids');
    out.gatewayIds = o.gatewayIds.map((g, i) => text(g, `${path}.gatewayIds[${i}]`, 200));
  }
  if ((kind === 'alarms' || kind === 'timeline') && o.limit !== undefined)
    out.limit = int(o.limit, `${path}.limit`, 1, 50);
  return out;
}

function widget(v: unknown, path: string): Widget {
  if (!isObj(v)) fail(path, 'must be an object');
  onlyKeys(v, ['id', 'kind', 'x', 'y', 'w', 'h', 'title', 'sensors', 'options'], path);
  if (typeof v.id !== 'string' || !WIDGET_ID.test(v.id))
    fail(`${path}.id`, 'must be 1 to 40 letters, digits, - or _');
  if (typeof v.kind !== 'string' || !(WIDGET_KINDS as readonly string[]).includes(v.kind))
    fail(`${path}.kind`, `must be one of ${WIDGET_KINDS.join(', ')}`);
  const kind = v.kind as WidgetKind;
  const x = int(v.x, `${path}.x`, 0, GRID_COLUMNS - 1);
  const w = int(v.w, `${path}.w`, 1, GRID_COLUMNS);
  if (x + w > GRID_COLUMNS) fail(`${path}.w`, `x + w must be at most ${GRID_COLUMNS} (the grid's width)`);
  const y = int(v.y, `${path}.y`, 0, GRID_MAX_ROWS - 1);
  const h = int(v.h, `${path}.h`, 1, WIDGET_MAX_HEIGHT);
  const title =
    v.title === undefined || v.title === '' ? undefined : text(v.title, `${path}.title`, WIDGET_TITLE_MAX);
  return {
    id: v.id,
    kind,
    x,
    y,
    w,
    h,
    ...(title === undefined ? {} : { title }),
    sensors: sensors(v.sensors, kind, `${path}.sensors`),
    options: options(v.options, kind, `${path}.options`),
  };
}

/** A dashboard body checked field by field; the first problem is a 400 that names its field. */
export function validateDashboard(body: unknown): DashboardInput {
  if (!isObj(body)) fail('body', 'must be an object {name, widgets}');
  onlyKeys(body, ['name', 'widgets'], 'body');
  const name = text(body.name, 'name', DASHBOARD_NAME_MAX);
  const raw = body.widgets ?? [];
  if (!Array.isArray(raw)) fail('widgets', 'must be an array');
  if (raw.length > DASHBOARD_MAX_WIDGETS)
    fail('widgets', `must hold at most ${DASHBOARD_MAX_WIDGETS} widgets`);
  const widgets = raw.map((w, i) => widget(w, `widgets[${i}]`));
  const ids = new Set<string>();
  widgets.forEach((w, i) => {
    if (ids.has(w.id)) fail(`widgets[${i}].id`, `"${w.id}" is used by another widget`);
    ids.add(w.id);
  });
  return { name, widgets };
}
