import type { Device, Sensor } from '../../shared/model.js';

/** The registry's tables as SQLite returns them, and their mapping to the shared model. */
export interface GatewayRow {
  id: string;
  name: string;
  model: string;
  report_interval: string;
  auto_create_discoverable: 'y' | 'n';
  legacy_plain_tcp: number;
  legacy_address: string | null;
  legacy_notice: number;
  apikey_hash: string | null;
  ctime: number;
  mtime: number;
}
export interface SensorRow {
  gateway_id: string;
  id: string;
  device_id: string | null;
  name: string;
  type: string;
  category: 'sensor' | 'actuator';
  model: string | null;
  driver_name: string | null;
  network: string | null;
  address: string | null;
  options: string;
  ctime: number;
  mtime: number;
}

export interface DeviceRow {
  gateway_id: string;
  id: string;
  name: string;
  model: string;
  ctime: number;
  mtime: number;
}

export function deviceFromRow(row: DeviceRow): Device {
  return {
    id: row.id,
    gatewayId: row.gateway_id,
    name: row.name,
    model: row.model,
    ctime: row.ctime,
    mtime: row.mtime,
  };
}

/** what a sensor without options shares (nothing writes a cached sensor's options) */
const NO_OPTIONS: Record<string, unknown> = Object.freeze({});

/**
 * One copy of each value of the sensors' few-valued fields (gateway and device ids, type, category,
 * model, driver, network). SQLite hands every row its own strings: with 50 000 sensors cached those
 * copies and an empty options object per sensor were ~10 MB of the heap (heap snapshot during the
 * 1 000-gateway ingest benchmark). The pool holds as many strings as there are distinct values.
 */
export class SharedStrings {
  private readonly pool = new Map<string, string>();

  get<T extends string | null>(value: T): T {
    if (value === null) return value;
    const known = this.pool.get(value);
    if (known !== undefined) return known as T;
    this.pool.set(value, value);
    return value;
  }
}

export function sensorFromRow(row: SensorRow, shared: SharedStrings): Sensor {
  return {
    id: row.id,
    gatewayId: shared.get(row.gateway_id),
    deviceId: shared.get(row.device_id),
    name: row.name,
    type: shared.get(row.type),
    category: shared.get(row.category),
    model: shared.get(row.model),
    driverName: shared.get(row.driver_name),
    network: shared.get(row.network),
    address: row.address,
    options: row.options === '{}' ? NO_OPTIONS : (JSON.parse(row.options) as Record<string, unknown>),
    ctime: row.ctime,
    mtime: row.mtime,
  };
}
