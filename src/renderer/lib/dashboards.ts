// Pure grid editing for dashboards: moving and resizing within the 12 columns, placing a new widget,
// the stacked order of a narrow screen, and when wall mode calls data stale.
import {
  GRID_COLUMNS,
  GRID_MAX_ROWS,
  WIDGET_MAX_HEIGHT,
  type SensorRef,
  type Widget,
  type WidgetKind,
} from '../../shared/dashboards.js';

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));

/** The widget moved by (dx, dy) cells, kept inside the grid. */
export function moveWidget(w: Widget, dx: number, dy: number): Widget {
  return {
    ...w,
    x: clamp(w.x + dx, 0, GRID_COLUMNS - w.w),
    y: clamp(w.y + dy, 0, GRID_MAX_ROWS - 1),
  };
}

/** The widget grown or shrunk by (dw, dh) cells from its top-left corner, kept inside the grid. */
export function resizeWidget(w: Widget, dw: number, dh: number): Widget {
  return { ...w, w: clamp(w.w + dw, 1, GRID_COLUMNS - w.x), h: clamp(w.h + dh, 1, WIDGET_MAX_HEIGHT) };
}

/** The first row below every widget. */
export function bottomRow(widgets: readonly Widget[]): number {
  return widgets.reduce((max, w) => Math.max(max, w.y + w.h), 0);
}

/** An id not used by any widget of the dashboard. */
export function newWidgetId(widgets: readonly Widget[]): string {
  const used = new Set(widgets.map((w) => w.id));
  let n = widgets.length + 1;
  while (used.has(`w${n}`)) n += 1;
  return `w${n}`;
}

export const DEFAULT_SIZE: Record<WidgetKind, { w: number; h: number }> = {
  value: { w: 3, h: 2 },
  gauge: { w: 3, h: 3 },
  state: { w: 3, h: 2 },
  chart: { w: 6, h: 4 },
  gateway: { w: 6, h: 3 },
  alarms: { w: 6, h: 4 },
  timeline: { w: 6, h: 4 },
};

/** Default options of a kind (a gauge needs a range, a chart a time span). */
export function defaultOptions(kind: WidgetKind): Widget['options'] {
  if (kind === 'gauge') return { min: 0, max: 100 };
  if (kind === 'chart') return { rangeMinutes: 1440 };
  return {};
}

/** A new widget placed below the others, full width if it does not fit beside the last row. */
export function placeWidget(
  widgets: readonly Widget[],
  kind: WidgetKind,
  sensors: SensorRef[],
  title?: string,
): Widget {
  const size = DEFAULT_SIZE[kind];
  const y = bottomRow(widgets);
  return {
    id: newWidgetId(widgets),
    kind,
    x: 0,
    y,
    ...size,
    ...(title ? { title } : {}),
    sensors,
    options: defaultOptions(kind),
  };
}

/** Reading order (top to bottom, left to right): the order of a one-column narrow screen and of Tab. */
export function readingOrder(widgets: readonly Widget[]): Widget[] {
  return [...widgets].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Grid cells moved by a pointer drag of (px, py) pixels on a grid of `cellWidth` × `rowHeight`. */
export function cellsMoved(px: number, py: number, cellWidth: number, rowHeight: number): [number, number] {
  return [Math.round(px / Math.max(1, cellWidth)), Math.round(py / Math.max(1, rowHeight))];
}

export type Freshness =
  { state: 'fresh' } | { state: 'offline'; since: number } | { state: 'quiet'; since: number };

/**
 * Whether wall mode may trust what it shows: the live stream lost (`offline`, since then), or no value for
 * `quietMs` although values were arriving (`quiet`, since the last one), else fresh.
 */
export function freshness(
  lostAt: number | null,
  lastValueAt: number | null,
  now: number,
  quietMs: number,
): Freshness {
  if (lostAt !== null) return { state: 'offline', since: lastValueAt ?? lostAt };
  if (lastValueAt !== null && now - lastValueAt > quietMs) return { state: 'quiet', since: lastValueAt };
  return { state: 'fresh' };
}

/** A gauge's needle position 0…1 for a value on [min, max]. */
export function gaugeFraction(value: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  return clamp((value - min) / (max - min), 0, 1);
}

/** The series interval a chart of `rangeMinutes` asks for: a few hundred points at most per sensor. */
export function chartInterval(rangeMinutes: number): '1m' | '15m' | '1h' {
  if (rangeMinutes <= 360) return '1m';
  if (rangeMinutes <= 1440) return '15m';
  return '1h';
}

/** the shortest span a chart following now shows, however new its sensors */
export const MIN_FOLLOW_SPAN_MS = 60_000;

/**
 * Where a chart's sensors can have values from: the earliest of their registrations and their first
 * values shown (a gateway may report values from before it was added); null when a sensor is not known.
 */
export function valuesSince(
  registered: ReadonlyArray<number | undefined>,
  firstValues: ReadonlyArray<number | undefined>,
): number | null {
  if (registered.length === 0 || registered.some((t) => t === undefined)) return null;
  let since = Infinity;
  for (const t of [...registered, ...firstValues]) if (t !== undefined && t < since) since = t;
  return since;
}

/**
 * The start of a chart that follows now over `rangeMs`: the range's start, or, while its sensors are
 * younger than the range (a new site), where their values can begin (`valuesSince`), so a site's first
 * minutes fill the chart instead of a sliver at its right edge; never less than MIN_FOLLOW_SPAN_MS.
 */
export function followStart(now: number, rangeMs: number, since: number | null): number {
  const start = now - rangeMs;
  if (since === null || since <= start) return start;
  return Math.max(start, Math.min(since, now - MIN_FOLLOW_SPAN_MS));
}

/** A chart's fixed range (epoch ms), as its options keep it. */
export interface Range {
  start: number;
  end: number;
}

/** The range a chart opens on: its kept zoom, or null to follow now over rangeMinutes. */
export function savedRange(w: Widget): Range | null {
  const { from, to } = w.options;
  return from !== undefined && to !== undefined ? { start: from, end: to } : null;
}

/** The chart with `range` kept in its options (null: follows now again). */
export function withRange(w: Widget, range: Range | null): Widget {
  const rest = { ...w.options };
  delete rest.from;
  delete rest.to;
  return {
    ...w,
    options: range ? { ...rest, from: Math.round(range.start), to: Math.round(range.end) } : rest,
  };
}

/** The gateways a dashboard's widgets need sensors (and names) of. */
export function dashboardGateways(widgets: readonly Widget[]): string[] {
  return [...new Set(widgets.flatMap((w) => w.sensors.map((s) => s.gatewayId)))];
}

const SENSOR_KINDS: ReadonlySet<Widget['kind']> = new Set(['value', 'gauge', 'state', 'chart']);

/** Whether a widget names gateways beyond its sensors' (gateway status, alarms, timeline): then every one is loaded. */
export function needsEveryGateway(widgets: readonly Widget[]): boolean {
  return widgets.some((w) => !SENSOR_KINDS.has(w.kind));
}
