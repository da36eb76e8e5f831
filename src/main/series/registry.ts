import type Database from 'better-sqlite3';

/** (gatewayId, sensorId) ↔ integer series id, mirrored in memory; ids are what the log and chunks store. */
export class SeriesRegistry {
  private readonly byKey = new Map<string, number>();
  private readonly live = new Set<number>();
  private readonly insert: Database.Statement<[string, string]>;
  private readonly remove: Database.Statement<[number]>;

  constructor(db: Database.Database) {
    for (const row of db.prepare('SELECT id, gateway_id, sensor_id FROM series').all() as Array<{
      id: number;
      gateway_id: string;
      sensor_id: string;
    }>) {
      this.byKey.set(key(row.gateway_id, row.sensor_id), row.id);
      this.live.add(row.id);
    }
    this.insert = db.prepare('INSERT INTO series (gateway_id, sensor_id) VALUES (?, ?)');
    this.remove = db.prepare('DELETE FROM series WHERE id = ?');
  }

  find(gatewayId: string, sensorId: string): number | undefined {
    return this.byKey.get(key(gatewayId, sensorId));
  }

  /** Writes a row the first time a sensor is seen (its own tiny transaction; rare). */
  ensure(gatewayId: string, sensorId: string): number {
    const k = key(gatewayId, sensorId);
    const found = this.byKey.get(k);
    if (found !== undefined) return found;
    const id = Number(this.insert.run(gatewayId, sensorId).lastInsertRowid);
    this.byKey.set(k, id);
    this.live.add(id);
    return id;
  }

  /** Call inside the deleting transaction; `forget` after it committed. */
  deleteRow(id: number): void {
    this.remove.run(id);
  }

  forget(gatewayId: string, sensorId: string): void {
    const k = key(gatewayId, sensorId);
    const id = this.byKey.get(k);
    if (id !== undefined) this.live.delete(id);
    this.byKey.delete(k);
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  ids(): number[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }
}

function key(gatewayId: string, sensorId: string): string {
  return `${gatewayId}\u0000${sensorId}`;
}
