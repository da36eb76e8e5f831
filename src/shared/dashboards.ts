// Dashboards: a named grid of widgets the console draws live (GET/POST /api/v1/dashboards…). Shared by the
// site (validation, storage) and the console (editor, wall mode), so both agree on the grid's bounds.

/** The grid is 12 columns wide; rows grow downwards. */
export const GRID_COLUMNS = 12;
export const GRID_MAX_ROWS = 200;
export const WIDGET_MAX_HEIGHT = 12;
export const DASHBOARD_MAX_WIDGETS = 50;
/** a chart's sensors: as many as one series request answers (MAX_SERIES_SENSORS, src/main/api/routes/series.ts) */
export const WIDGET_MAX_SENSORS = 50;
export const DASHBOARD_NAME_MAX = 100;
export const WIDGET_TITLE_MAX = 100;
/** the format tag of an exported dashboard file */
export const DASHBOARD_EXPORT_FORMAT = 'edge-site-dashboard';

export const WIDGET_KINDS = ['value', 'gauge', 'chart', 'state', 'gateway', 'alarms', 'timeline'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

/**
 * The chart widget's ranges, in minutes (15 min, 1 h, 6 h, 24 h, 7 d). 15 min is for a new site: its first
 * minutes of data would be a sliver at the right edge of an hour (the generated dashboard's charts).
 */
export const CHART_RANGES = [15, 60, 360, 1440, 10080] as const;

/** How many sensors a kind takes: [at least, at most]. */
export const SENSOR_COUNT: Record<WidgetKind, readonly [number, number]> = {
  value: [1, 1],
  gauge: [1, 1],
  state: [1, 1],
  chart: [1, WIDGET_MAX_SENSORS],
  gateway: [0, 0],
  alarms: [0, 0],
  timeline: [0, 0],
};

export interface SensorRef {
  gatewayId: string;
  sensorId: string;
}

/**
 * Per kind: gauge `{min, max}`, chart `{rangeMinutes, from?, to?}` (rangeMinutes one of CHART_RANGES;
 * from/to, epoch ms, a fixed range the chart opens on: a zoom kept when the dashboard was saved), gateway `{gatewayIds?}`
 * (none = every gateway), alarms and timeline `{limit?}` (1…50). Other keys are refused.
 */
export interface WidgetOptions {
  min?: number;
  max?: number;
  rangeMinutes?: number;
  from?: number;
  to?: number;
  gatewayIds?: string[];
  limit?: number;
}

export interface Widget {
  /** unique within its dashboard (1…40 letters, digits, - or _) */
  id: string;
  kind: WidgetKind;
  /** column 0…11, row 0… ; w columns (x + w ≤ 12), h rows (1…12) */
  x: number;
  y: number;
  w: number;
  h: number;
  title?: string;
  sensors: SensorRef[];
  options: WidgetOptions;
}

/** What a client sends to create, replace or import a dashboard. */
export interface DashboardInput {
  name: string;
  widgets: Widget[];
}

export interface Dashboard extends DashboardInput {
  id: number;
  createdAt: number;
  updatedAt: number;
  /** sensors the widgets name that the site does not know (deleted, or not registered yet): kept, flagged */
  unknownSensors: Array<SensorRef & { widgetId: string }>;
}

/** `GET /api/v1/dashboards/default`: made from the registered sensors, not stored (id null). */
export interface GeneratedDashboard extends DashboardInput {
  id: null;
  generated: true;
  unknownSensors: [];
}

export interface DashboardList {
  data: Dashboard[];
  _meta: { count: number };
}

/** `GET /api/v1/dashboards/{id}/export`, and what `POST /api/v1/dashboards/import` takes. */
export interface DashboardExport {
  format: typeof DASHBOARD_EXPORT_FORMAT;
  version: 1;
  exportedAt: number;
  dashboard: DashboardInput;
}

export const sensorKey = (s: SensorRef): string => `${s.gatewayId}\n${s.sensorId}`;
