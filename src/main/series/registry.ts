import type Database from 'better-sqlite3';
import type { NewSeriesRow } from './commit-protocol.js';

/** (gatewayId, sensorId) ↔ integer series id, mirrored in memory; ids are what the log and chunks store. */
export class SeriesRegistry {
  /** gateway → sensor → series id: nested, so the hot path builds no "gw/sid" key string per lookup */
  private readonly byKey = new Map<string, Map<string, number>>();
  private count = 0;
  private readonly live = new Set<number>();
  private readonly remove: Database.Statement<[number]>;
  /** ids handed out but not yet written: they are written in the next group commit, with their values */
  private readonly unsaved = new Map<number, [gatewayId: string, sensorId: string]>();
  private nextId = 1;

  constructor(db: Database.Database) {
    for (const row of db.prepare('SELECT id, gateway_id, sensor_id FROM series').all() as Array<{
      id: number;
      gateway_id: string;
      sensor_id: string;
    }>) {
      this.put(row.gateway_id, row.sensor_id, row.id);
      this.live.add(row.id);
      this.nextId = Math.max(this.nextId, row.id + 1);
    }
    this.remove = db.prepare('DELETE FROM series WHERE id = ?');
  }

  find(gatewayId: string, sensorId: string): number | undefined {
    return this.byKey.get(gatewayId)?.get(sensorId);
  }

  /**
   * The id of a sensor, handed out in memory the first time it is seen. Its row is written (`unsavedRows`)
   * inside the group commit that carries its first values, so a site whose 10 000 sensors all report for
   * the first time pays one transaction, not 10 000 fsyncs, and a crash loses the row only together with
   * the values that used it.
   */
  ensure(gatewayId: string, sensorId: string): number {
    const found = this.byKey.get(gatewayId)?.get(sensorId);
    if (found !== undefined) return found;
    const id = this.nextId++;
    this.put(gatewayId, sensorId, id);
    this.live.add(id);
    this.unsaved.set(id, [gatewayId, sensorId]);
    return id;
  }

  /** Rows to write in the next commit transaction, before the log rows that refer to the new ids. */
  unsavedRows(): NewSeriesRow[] {
    return [...this.unsaved].map(([id, [gatewayId, sensorId]]) => [id, gatewayId, sensorId]);
  }

  /** Call once the commit carrying these rows succeeded (a failed one leaves them to the next commit). */
  savedNew(rows: readonly NewSeriesRow[]): void {
    for (const [id] of rows) this.unsaved.delete(id);
  }

  /** Call inside the deleting transaction; `forget` after it committed. */
  deleteRow(id: number): void {
    this.remove.run(id);
    this.unsaved.delete(id);
  }

  forget(gatewayId: string, sensorId: string): void {
    const sensors = this.byKey.get(gatewayId);
    const id = sensors?.get(sensorId);
    if (!sensors || id === undefined) return;
    this.live.delete(id);
    sensors.delete(sensorId);
    if (sensors.size === 0) this.byKey.delete(gatewayId);
    this.count--;
  }

  private put(gatewayId: string, sensorId: string, id: number): void {
    let sensors = this.byKey.get(gatewayId);
    if (!sensors) this.byKey.set(gatewayId, (sensors = new Map()));
    sensors.set(sensorId, id);
    this.count++;
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  ids(): number[] {
    return [...this.byKey.values()].flatMap((sensors) => [...sensors.values()]);
  }

  get size(): number {
    return this.count;
  }
}
