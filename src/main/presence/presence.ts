import { EventEmitter } from 'node:events';
import type { GatewayConnection, GatewayRefusal, ReportedStatus } from '../../shared/model.js';
import type { SqliteDatabase } from '../storage/index.js';
import { sensorKey, splitSensorKey } from '../../shared/sensor-key.js';

export interface PresenceEvents {
  /** a gateway's connection or reported status changed */
  gateway: [gatewayId: string];
  sensorStatus: [gatewayId: string, sensorId: string, status: ReportedStatus];
  flushFailed: [error: Error];
}

const GATEWAY_KEY = '';
const FLUSH_EVERY_MS = 5_000;
const REFUSAL_NOTICE_MS = 5_000;

/**
 * Who is connected, and what each gateway last reported about itself and its sensors (protocol §3 status
 * CSV). Statuses expire: one not refreshed before `expireAt` reads as `expired`. Statuses are kept in
 * memory and written behind in one transaction every few seconds: they are refreshed every report
 * interval anyway, so a crash costs at most a few seconds of them, and the hot path never waits.
 */
export class Presence extends EventEmitter<PresenceEvents> {
  private readonly connections = new Map<string, GatewayConnection>();
  private readonly statuses = new Map<string, Map<string, ReportedStatus>>();
  private readonly dirty = new Set<string>();
  private readonly expiredNotified = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    super();
    const rows = db.prepare('SELECT * FROM statuses').all() as Array<{
      gateway_id: string;
      sensor_id: string;
      status: ReportedStatus['status'];
      reason: string | null;
      expire_at: number | null;
      received_at: number;
    }>;
    for (const row of rows) {
      this.statusMap(row.gateway_id).set(row.sensor_id, {
        status: row.status,
        ...(row.reason ? { reason: row.reason } : {}),
        expireAt: row.expire_at,
        receivedAt: row.received_at,
      });
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      try {
        this.flush();
      } catch (err) {
        // e.g. disk full: keep the statuses in memory and try again on the next tick
        this.emit('flushFailed', err as Error);
      }
      this.announceExpiries();
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }

  // ---- connections ---------------------------------------------------------------------------------

  connected(gatewayId: string, info: { address?: string; legacyAnonymous: boolean }): void {
    this.connections.set(gatewayId, {
      state: 'connected',
      since: this.now(),
      address: info.address,
      legacyAnonymous: info.legacyAnonymous,
      timeSynced: false,
    });
    this.emit('gateway', gatewayId);
  }

  disconnected(gatewayId: string): void {
    const current = this.connections.get(gatewayId);
    this.connections.set(gatewayId, {
      ...current,
      state: 'disconnected',
      since: this.now(),
      timeSynced: false,
    });
    this.emit('gateway', gatewayId);
  }

  /**
   * A refused attempt of a registered gateway. Kept on its connection until it connects (connected()
   * replaces the record); told to the console at most once per kind and address every few seconds, since a
   * gateway retries in a loop.
   */
  refused(gatewayId: string, refusal: Omit<GatewayRefusal, 'at'>): void {
    const current = this.connection(gatewayId);
    const last = current.refused;
    const at = this.now();
    const repeat =
      last !== undefined &&
      last.kind === refusal.kind &&
      last.address === refusal.address &&
      at - last.at < REFUSAL_NOTICE_MS;
    if (repeat) return;
    this.connections.set(gatewayId, { ...current, refused: { ...refusal, at } });
    this.emit('gateway', gatewayId);
  }

  setMqttStatus(gatewayId: string, mqttStatus: 'on' | 'off' | 'err'): void {
    const current = this.connection(gatewayId);
    this.connections.set(gatewayId, { ...current, mqttStatus });
    this.emit('gateway', gatewayId);
  }

  setTimeSynced(gatewayId: string): void {
    const current = this.connections.get(gatewayId);
    if (current) this.connections.set(gatewayId, { ...current, timeSynced: true });
    this.emit('gateway', gatewayId);
  }

  connection(gatewayId: string): GatewayConnection {
    return this.connections.get(gatewayId) ?? { state: 'never', since: null };
  }

  connectedCount(): number {
    let count = 0;
    for (const c of this.connections.values()) if (c.state === 'connected') count += 1;
    return count;
  }

  /** every gateway's connection and reported status, for the other nodes (site/presence-share.ts) */
  gateways(): Array<{ gatewayId: string; connection: GatewayConnection; status: ReportedStatus | null }> {
    const ids = new Set([...this.connections.keys(), ...this.statuses.keys()]);
    return [...ids].map((gatewayId) => ({
      gatewayId,
      connection: this.connection(gatewayId),
      status: this.statuses.get(gatewayId)?.get(GATEWAY_KEY) ?? null,
    }));
  }

  /**
   * A gateway's connection and status as the master holds it (this node is a standby: the gateway is
   * connected there); in memory only, like every connection.
   */
  mirror(gatewayId: string, connection: GatewayConnection, status: ReportedStatus | null): void {
    this.connections.set(gatewayId, connection);
    if (status) this.statusMap(gatewayId).set(GATEWAY_KEY, status);
    else this.statuses.get(gatewayId)?.delete(GATEWAY_KEY);
    this.emit('gateway', gatewayId);
  }

  forget(gatewayId: string): void {
    this.connections.delete(gatewayId);
    this.statuses.delete(gatewayId);
    this.db.prepare('DELETE FROM statuses WHERE gateway_id = ?').run(gatewayId);
  }

  // ---- reported statuses ---------------------------------------------------------------------------

  reportGatewayStatus(gatewayId: string, status: ReportedStatus): void {
    this.store(gatewayId, GATEWAY_KEY, status);
    this.emit('gateway', gatewayId);
  }

  reportSensorStatus(gatewayId: string, sensorId: string, status: ReportedStatus): void {
    this.store(gatewayId, sensorId, status);
    this.emit('sensorStatus', gatewayId, sensorId, status);
  }

  gatewayStatus(gatewayId: string): ReportedStatus | null {
    return this.effective(this.statuses.get(gatewayId)?.get(GATEWAY_KEY));
  }

  sensorStatus(gatewayId: string, sensorId: string): ReportedStatus | null {
    return this.effective(this.statuses.get(gatewayId)?.get(sensorId));
  }

  /** Sensors whose reported status is out of date (`expired`) or `err`, for the overview; gateways excluded. */
  *problemSensors(): Generator<{ gatewayId: string; sensorId: string; status: ReportedStatus }> {
    for (const [gatewayId, map] of this.statuses) {
      for (const [sensorId, raw] of map) {
        if (sensorId === GATEWAY_KEY) continue;
        const status = this.effective(raw);
        if (status && (status.status === 'expired' || status.status === 'err'))
          yield { gatewayId, sensorId, status };
      }
    }
  }

  private effective(status: ReportedStatus | undefined): ReportedStatus | null {
    if (!status) return null;
    if (status.expireAt !== null && status.expireAt <= this.now()) return { ...status, status: 'expired' };
    return status;
  }

  private store(gatewayId: string, key: string, status: ReportedStatus): void {
    this.statusMap(gatewayId).set(key, status);
    this.dirty.add(sensorKey(gatewayId, key));
    this.expiredNotified.delete(sensorKey(gatewayId, key));
  }

  private statusMap(gatewayId: string): Map<string, ReportedStatus> {
    let map = this.statuses.get(gatewayId);
    if (!map) {
      map = new Map();
      this.statuses.set(gatewayId, map);
    }
    return map;
  }

  /** Tell the console once when a status expires, so "expired" shows without a refresh. */
  private announceExpiries(): void {
    const now = this.now();
    for (const [gatewayId, map] of this.statuses) {
      for (const [key, status] of map) {
        const id = sensorKey(gatewayId, key);
        if (status.expireAt === null || status.expireAt > now || this.expiredNotified.has(id)) continue;
        this.expiredNotified.add(id);
        if (key === GATEWAY_KEY) this.emit('gateway', gatewayId);
        else this.emit('sensorStatus', gatewayId, key, { ...status, status: 'expired' });
      }
    }
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO statuses (gateway_id, sensor_id, status, reason, expire_at, received_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (gateway_id, sensor_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         expire_at = excluded.expire_at, received_at = excluded.received_at`,
    );
    const keys = [...this.dirty];
    this.db.transaction(() => {
      for (const id of keys) {
        const [gatewayId, key] = splitSensorKey(id);
        const status = this.statuses.get(gatewayId)?.get(key);
        if (status)
          upsert.run(
            gatewayId,
            key,
            status.status,
            status.reason ?? null,
            status.expireAt,
            status.receivedAt,
          );
      }
    })();
    // cleared only once written: a failed flush (disk full) keeps them for the next try
    for (const id of keys) this.dirty.delete(id);
  }
}
