// Pure search, filter and sort for the gateway list, a gateway's sensors and the timeline.
import type { GatewayView, SensorView, Severity, TimelineEntry } from '../../shared/model.js';

/** Case-insensitive: every word of the query is in one of the texts (ids, names, types …). */
export function matchesText(query: string, ...texts: ReadonlyArray<string | null | undefined>): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = texts
    .filter((x): x is string => typeof x === 'string')
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export type GatewayStatusFilter = '' | 'connected' | 'down' | 'never';
export type GatewaySort = 'name' | 'status' | 'since' | 'sensors';

export interface GatewayFilter {
  text: string;
  status: GatewayStatusFilter;
  sort: GatewaySort;
}

const CONNECTION_RANK = { disconnected: 0, never: 1, connected: 2 } as const;

const gatewayName = (g: GatewayView): string => g.name || g.id;

/** Down first when sorting by status (what needs a look), then by name; ties by id. */
export function filterGateways(
  list: readonly GatewayView[],
  f: GatewayFilter,
  modelName = (m: string) => m,
): GatewayView[] {
  const out = list.filter(
    (g) =>
      matchesText(f.text, g.id, g.name, modelName(g.model), g.connection.address) &&
      (f.status === '' ||
        (f.status === 'connected' && g.connection.state === 'connected') ||
        (f.status === 'down' && g.connection.state === 'disconnected') ||
        (f.status === 'never' && g.connection.state === 'never')),
  );
  const byName = (a: GatewayView, b: GatewayView): number =>
    gatewayName(a).localeCompare(gatewayName(b)) || a.id.localeCompare(b.id);
  const cmp: Record<GatewaySort, (a: GatewayView, b: GatewayView) => number> = {
    name: byName,
    status: (a, b) =>
      CONNECTION_RANK[a.connection.state] - CONNECTION_RANK[b.connection.state] || byName(a, b),
    since: (a, b) => (b.connection.since ?? 0) - (a.connection.since ?? 0) || byName(a, b),
    sensors: (a, b) => b.sensors.length - a.sensors.length || byName(a, b),
  };
  return out.sort(cmp[f.sort]);
}

export interface SensorFilter {
  text: string;
  /** a sensor type id, '' for every type */
  type: string;
}

export function filterSensors(
  list: readonly SensorView[],
  f: SensorFilter,
  typeName = (type: string) => type,
): SensorView[] {
  return list.filter(
    (s) =>
      (f.type === '' || s.type === f.type) && matchesText(f.text, s.id, s.name, s.type, typeName(s.type)),
  );
}

/** The distinct sensor types of a list, sorted: the choices of the type filter. */
export function sensorTypesOf(list: readonly SensorView[]): string[] {
  return [...new Set(list.map((s) => s.type))].sort();
}

export type TimeRange = '' | '1h' | '24h' | '7d' | '30d';

export const TIME_RANGES: readonly TimeRange[] = ['', '1h', '24h', '7d', '30d'];

const RANGE_MS: Record<Exclude<TimeRange, ''>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export function rangeStart(range: TimeRange, now: number): number | null {
  return range === '' ? null : now - RANGE_MS[range];
}

export interface TimelineFilter {
  text: string;
  severity: Severity | '';
  gatewayId: string;
  range: TimeRange;
}

/** The gateways an entry is about: its gateway nodes and its sensors' gateways. */
export function entryGateways(e: TimelineEntry): string[] {
  return [...new Set(e.node.map((n) => (n.type === 'gateway' ? n.id : (n.gatewayId ?? ''))).filter(Boolean))];
}

/** `text(e)` is what the page shows (names, not ids): the search looks there and in the raw message. */
export function filterTimeline(
  entries: readonly TimelineEntry[],
  f: TimelineFilter,
  now: number,
  text: (e: TimelineEntry) => string = (e) => e.message,
): TimelineEntry[] {
  const from = rangeStart(f.range, now);
  return entries.filter(
    (e) =>
      (f.severity === '' || e.severity === f.severity) &&
      (f.gatewayId === '' || entryGateways(e).includes(f.gatewayId)) &&
      (from === null || e.time >= from) &&
      matchesText(f.text, text(e), e.message, e.rule?.name),
  );
}
