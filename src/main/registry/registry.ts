import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import type { Device, Gateway, Sensor } from '../../shared/model.js';
import type { PendingGateway } from '../../shared/api.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { SqliteDatabase } from '../storage/index.js';
import { apiKeyMatches, hashApiKey, newApiKey } from './apikey.js';
import type { Catalogue } from './catalogue.js';
import { PendingGateways } from './pending.js';
import {
  deviceFromRow,
  sensorFromRow,
  SharedStrings,
  type DeviceRow,
  type GatewayRow,
  type SensorRow,
} from './rows.js';

/** 12 hex chars (a wired MAC) or URL-unreserved characters (protocol §7). */
const GATEWAY_ID = /^[A-Za-z0-9\-_.~]{1,128}$/;
const MIN_REPORT_INTERVAL = 60_000;
const MAX_REPORT_INTERVAL = 604_800_000;

export interface GatewayInput {
  id: string;
  name?: string;
  model: string;
  reportInterval?: string;
  legacyPlainTcp?: boolean;
  legacyAddress?: string | null;
}
export type GatewayPatch = Partial<
  Pick<
    Gateway,
    'name' | 'model' | 'reportInterval' | 'legacyPlainTcp' | 'legacyAddress' | 'autoCreateDiscoverable'
  >
>;
export type DeviceInput = { id: string; name?: string; model: string };
export type SensorInput = Partial<Omit<Sensor, 'gatewayId' | 'ctime' | 'mtime'>> & {
  id: string;
  type: string;
};

export interface RegistryEvents {
  gateway: [gatewayId: string];
  gatewayDeleted: [gatewayId: string];
  sensor: [gatewayId: string, sensorId: string];
  sensorDeleted: [gatewayId: string, sensorId: string];
  pending: [gatewayId: string];
  apiKeyRotated: [gatewayId: string];
}

/**
 * Gateways, devices and sensors, and the gateways' APIKEYs. Sensors are cached in memory because every
 * received value is checked against them; the database is the source of truth and the cache is rebuilt
 * from it on start.
 */
export class Registry extends EventEmitter<RegistryEvents> {
  private readonly sensorsByGateway = new Map<string, Map<string, Sensor>>();
  private readonly gatewayCache = new Map<string, Gateway>();
  private readonly shared = new SharedStrings();
  private readonly pending: PendingGateways;

  constructor(
    private readonly db: SqliteDatabase,
    readonly catalogue: Catalogue,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.pending = new PendingGateways(db, now);
    this.reload();
  }

  /** reads gateways and sensors again (site.db changed under it: the cluster's control log) */
  reload(): void {
    this.sensorsByGateway.clear();
    this.gatewayCache.clear();
    for (const row of this.db.prepare('SELECT * FROM gateways').all() as GatewayRow[]) {
      this.sensorsByGateway.set(row.id, new Map());
    }
    for (const row of this.db.prepare('SELECT * FROM sensors').all() as SensorRow[]) {
      this.sensorsByGateway.get(row.gateway_id)?.set(row.id, sensorFromRow(row, this.shared));
    }
  }

  // ---- gateways ------------------------------------------------------------------------------------

  /**
   * Every gateway, by id, from the cache getGateway keeps (every change drops the gateway's entry): the
   * 1 000-gateway list the console loads on most pages was a row and a devices query per gateway.
   */
  listGateways(): Gateway[] {
    const ids = this.db.prepare('SELECT id FROM gateways ORDER BY id').pluck(true).all() as string[];
    return ids.flatMap((id) => this.getGateway(id) ?? []);
  }

  getGateway(id: string): Gateway | null {
    const cached = this.gatewayCache.get(id);
    if (cached) return cached;
    const row = this.db.prepare('SELECT * FROM gateways WHERE id = ?').get(id) as GatewayRow | undefined;
    if (!row) return null;
    const gateway = this.toGateway(row);
    this.gatewayCache.set(id, gateway);
    return gateway;
  }

  requireGateway(id: string): Gateway {
    const gateway = this.getGateway(id);
    if (!gateway) throw notFound(`gateway ${id}`);
    return gateway;
  }

  countGateways(): number {
    return this.sensorsByGateway.size;
  }

  hasGateway(id: string): boolean {
    return this.sensorsByGateway.has(id);
  }

  /** Registers a gateway and issues its APIKEY (returned once; only the hash is kept). */
  registerGateway(input: GatewayInput): { gateway: Gateway; apiKey: string } {
    if (!GATEWAY_ID.test(input.id)) {
      throw badRequest(
        `gateway id "${input.id}" must be 12 hex chars or URL-unreserved characters (A-Za-z0-9-_.~)`,
      );
    }
    if (!this.catalogue.gatewayModel(input.model)) throw badRequest(`unknown gateway model "${input.model}"`);
    if (this.hasGateway(input.id)) throw conflict(`gateway ${input.id}`);
    const reportInterval = checkReportInterval(input.reportInterval ?? String(MIN_REPORT_INTERVAL));
    const apiKey = newApiKey();
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO gateways (id, name, model, report_interval, legacy_plain_tcp, legacy_address,
           apikey_hash, ctime, mtime)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.id,
        input.name?.trim() || input.id,
        input.model,
        reportInterval,
        // off unless asked for: with it, knowing a gateway's id (its MAC) would be enough to act as it
        input.legacyPlainTcp === true ? 1 : 0,
        input.legacyPlainTcp === true ? checkAddress(input.legacyAddress) : null,
        hashApiKey(apiKey),
        now,
        now,
      );
    this.pending.remove(input.id);
    this.sensorsByGateway.set(input.id, new Map());
    this.emit('gateway', input.id);
    return { gateway: this.requireGateway(input.id), apiKey };
  }

  /** Issues a new APIKEY, invalidating the old one. */
  rotateApiKey(id: string): string {
    this.requireGateway(id);
    const apiKey = newApiKey();
    this.db
      .prepare('UPDATE gateways SET apikey_hash = ?, mtime = ? WHERE id = ?')
      .run(hashApiKey(apiKey), this.now(), id);
    this.gatewayCache.delete(id);
    this.emit('apiKeyRotated', id);
    return apiKey;
  }

  verifyApiKey(id: string, key: string): boolean {
    const row = this.db.prepare('SELECT apikey_hash FROM gateways WHERE id = ?').get(id) as
      { apikey_hash: string | null } | undefined;
    return row !== undefined && apiKeyMatches(key, row.apikey_hash);
  }

  updateGateway(id: string, patch: GatewayPatch): Gateway {
    const current = this.requireGateway(id);
    if (patch.model !== undefined && !this.catalogue.gatewayModel(patch.model)) {
      throw badRequest(`unknown gateway model "${patch.model}"`);
    }
    const next = {
      name: patch.name?.trim() || current.name,
      model: patch.model ?? current.model,
      reportInterval:
        patch.reportInterval !== undefined
          ? checkReportInterval(patch.reportInterval)
          : current.reportInterval,
      legacyPlainTcp: patch.legacyPlainTcp ?? current.legacyPlainTcp,
      autoCreateDiscoverable: patch.autoCreateDiscoverable ?? current.autoCreateDiscoverable,
    };
    // turning the allowance off forgets the pin; a typed address replaces it
    const legacyAddress = next.legacyPlainTcp
      ? patch.legacyAddress !== undefined
        ? checkAddress(patch.legacyAddress)
        : current.legacyAddress
      : null;
    // the technician touched the allowance: the upgrade notice has been seen
    const notice =
      patch.legacyPlainTcp !== undefined || patch.legacyAddress !== undefined
        ? 0
        : current.legacyNotice
          ? 1
          : 0;
    this.db
      .prepare(
        `UPDATE gateways SET name = ?, model = ?, report_interval = ?, legacy_plain_tcp = ?,
           legacy_address = ?, legacy_notice = ?, auto_create_discoverable = ?, mtime = ? WHERE id = ?`,
      )
      .run(
        next.name,
        next.model,
        next.reportInterval,
        next.legacyPlainTcp ? 1 : 0,
        legacyAddress,
        notice,
        next.autoCreateDiscoverable,
        this.now(),
        id,
      );
    this.gatewayCache.delete(id);
    this.emit('gateway', id);
    return this.requireGateway(id);
  }

  /**
   * May a no-credentials plain-TCP connection of gateway `id` come from `ip`? The first address seen pins
   * an allowance that has none.
   */
  legacyAddressAllowed(id: string, ip: string): boolean {
    const gateway = this.getGateway(id);
    if (!gateway?.legacyPlainTcp) return false;
    if (gateway.legacyAddress !== null) return gateway.legacyAddress === ip;
    this.db.prepare('UPDATE gateways SET legacy_address = ? WHERE id = ?').run(ip, id);
    this.gatewayCache.delete(id);
    this.emit('gateway', id);
    return true;
  }

  deleteGateway(id: string): void {
    this.requireGateway(id);
    this.db.prepare('DELETE FROM gateways WHERE id = ?').run(id);
    this.sensorsByGateway.delete(id);
    this.gatewayCache.delete(id);
    this.emit('gatewayDeleted', id);
  }

  // ---- devices -------------------------------------------------------------------------------------

  listDevices(gatewayId: string): Device[] {
    this.requireGateway(gatewayId);
    return (
      this.db.prepare('SELECT * FROM devices WHERE gateway_id = ? ORDER BY id').all(gatewayId) as DeviceRow[]
    ).map(deviceFromRow);
  }

  getDevice(gatewayId: string, id: string): Device {
    const row = this.db
      .prepare('SELECT * FROM devices WHERE gateway_id = ? AND id = ?')
      .get(gatewayId, id) as DeviceRow | undefined;
    if (!row) throw notFound(`device ${id} of gateway ${gatewayId}`);
    return deviceFromRow(row);
  }

  createDevice(gatewayId: string, input: DeviceInput): Device {
    this.requireGateway(gatewayId);
    if (!input.id) throw badRequest('device id (reqId) is required');
    const now = this.now();
    try {
      this.db
        .prepare('INSERT INTO devices (gateway_id, id, name, model, ctime, mtime) VALUES (?, ?, ?, ?, ?, ?)')
        .run(gatewayId, input.id, input.name ?? input.id, input.model ?? '', now, now);
    } catch (err) {
      if (isConstraint(err, 'PRIMARYKEY')) throw conflict(`device ${input.id}`);
      throw err;
    }
    this.gatewayCache.delete(gatewayId);
    this.emit('gateway', gatewayId);
    return this.getDevice(gatewayId, input.id);
  }

  updateDevice(gatewayId: string, id: string, patch: Partial<DeviceInput>): Device {
    const current = this.getDevice(gatewayId, id);
    this.db
      .prepare('UPDATE devices SET name = ?, model = ?, mtime = ? WHERE gateway_id = ? AND id = ?')
      .run(patch.name ?? current.name, patch.model ?? current.model, this.now(), gatewayId, id);
    return this.getDevice(gatewayId, id);
  }

  deleteDevice(gatewayId: string, id: string): void {
    this.getDevice(gatewayId, id);
    this.db.prepare('DELETE FROM devices WHERE gateway_id = ? AND id = ?').run(gatewayId, id);
    this.gatewayCache.delete(gatewayId);
    this.emit('gateway', gatewayId);
  }

  // ---- sensors -------------------------------------------------------------------------------------

  listSensors(gatewayId: string): Sensor[] {
    this.requireGateway(gatewayId);
    return [...(this.sensorsByGateway.get(gatewayId)?.values() ?? [])].sort((a, b) =>
      a.id.localeCompare(b.id),
    );
  }

  /** Hot path: every received value is checked here. */
  findSensor(gatewayId: string, sensorId: string): Sensor | undefined {
    return this.sensorsByGateway.get(gatewayId)?.get(sensorId);
  }

  getSensor(gatewayId: string, sensorId: string): Sensor {
    const sensor = this.findSensor(gatewayId, sensorId);
    if (!sensor) throw notFound(`sensor ${sensorId} of gateway ${gatewayId}`);
    return sensor;
  }

  countSensors(): number {
    let total = 0;
    for (const sensors of this.sensorsByGateway.values()) total += sensors.size;
    return total;
  }

  createSensor(gatewayId: string, input: SensorInput): Sensor {
    this.requireGateway(gatewayId);
    if (!input.id || !/^[A-Za-z0-9\-_.~]{1,200}$/.test(input.id))
      throw badRequest(`sensor id "${input.id}" is not valid`);
    const type = this.catalogue.sensorType(input.type);
    if (!type) throw badRequest(`unknown sensor type "${input.type}"`);
    if (this.findSensor(gatewayId, input.id)) throw conflict(`sensor ${input.id}`);
    const now = this.now();
    const category = input.category ?? (type.category === 'actuator' ? 'actuator' : 'sensor');
    this.db
      .prepare(
        `INSERT INTO sensors (gateway_id, id, device_id, name, type, category, model, driver_name, network, address,
           options, ctime, mtime) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        gatewayId,
        input.id,
        input.deviceId ?? null,
        input.name ?? input.id,
        input.type,
        category,
        input.model ?? null,
        input.driverName ?? null,
        input.network ?? null,
        input.address ?? null,
        JSON.stringify(input.options ?? {}),
        now,
        now,
      );
    return this.refreshSensor(gatewayId, input.id);
  }

  updateSensor(gatewayId: string, sensorId: string, patch: Partial<SensorInput>): Sensor {
    const current = this.getSensor(gatewayId, sensorId);
    if (patch.type !== undefined && !this.catalogue.sensorType(patch.type))
      throw badRequest(`unknown sensor type "${patch.type}"`);
    const next = { ...current, ...patch, id: sensorId, gatewayId };
    this.db
      .prepare(
        `UPDATE sensors SET device_id = ?, name = ?, type = ?, category = ?, model = ?, driver_name = ?, network = ?,
           address = ?, options = ?, mtime = ? WHERE gateway_id = ? AND id = ?`,
      )
      .run(
        next.deviceId ?? null,
        next.name,
        next.type,
        next.category,
        next.model ?? null,
        next.driverName ?? null,
        next.network ?? null,
        next.address ?? null,
        JSON.stringify(next.options ?? {}),
        this.now(),
        gatewayId,
        sensorId,
      );
    return this.refreshSensor(gatewayId, sensorId);
  }

  deleteSensor(gatewayId: string, sensorId: string): void {
    this.getSensor(gatewayId, sensorId);
    this.db.prepare('DELETE FROM sensors WHERE gateway_id = ? AND id = ?').run(gatewayId, sensorId);
    this.sensorsByGateway.get(gatewayId)?.delete(sensorId);
    this.gatewayCache.delete(gatewayId);
    this.emit('sensorDeleted', gatewayId, sensorId);
  }

  private refreshSensor(gatewayId: string, sensorId: string): Sensor {
    const row = this.db
      .prepare('SELECT * FROM sensors WHERE gateway_id = ? AND id = ?')
      .get(gatewayId, sensorId) as SensorRow;
    const sensor = sensorFromRow(row, this.shared);
    this.sensorsByGateway.get(gatewayId)?.set(sensorId, sensor);
    this.gatewayCache.delete(gatewayId);
    this.emit('sensor', gatewayId, sensorId);
    return sensor;
  }

  // ---- gateways that tried to join -----------------------------------------------------------------

  notePending(id: string, address: string, withCredentials: boolean): void {
    if (this.pending.note(id, address, withCredentials)) this.emit('pending', id);
  }

  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  listPending(): PendingGateway[] {
    return this.pending.list();
  }

  countPending(): number {
    return this.pending.count();
  }

  dismissPending(id: string): void {
    this.pending.remove(id);
  }

  private toGateway(row: GatewayRow): Gateway {
    const devices = (
      this.db.prepare('SELECT id FROM devices WHERE gateway_id = ? ORDER BY id').all(row.id) as Array<{
        id: string;
      }>
    ).map((d) => d.id);
    return {
      id: row.id,
      name: row.name,
      model: row.model,
      reportInterval: row.report_interval,
      autoCreateDiscoverable: row.auto_create_discoverable,
      legacyPlainTcp: row.legacy_plain_tcp === 1,
      legacyAddress: row.legacy_address,
      legacyNotice: row.legacy_notice === 1,
      devices,
      sensors: [...(this.sensorsByGateway.get(row.id)?.keys() ?? [])].sort(),
      ctime: row.ctime,
      mtime: row.mtime,
    };
  }
}

function checkAddress(address: string | null | undefined): string | null {
  if (address === undefined || address === null || address === '') return null;
  if (isIP(address) === 0) throw badRequest(`legacyAddress must be an IP address, got "${address}"`);
  return address;
}

function checkReportInterval(value: string | number): string {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < MIN_REPORT_INTERVAL || ms > MAX_REPORT_INTERVAL) {
    throw badRequest(
      `reportInterval must be ms between ${MIN_REPORT_INTERVAL} and ${MAX_REPORT_INTERVAL}, got "${value}"`,
    );
  }
  return String(ms);
}

function isConstraint(err: unknown, kind: string): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    String((err as { code: unknown }).code).includes(kind)
  );
}
