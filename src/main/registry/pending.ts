import type { PendingGateway } from '../../shared/api.js';
import type { SqliteDatabase } from '../storage/index.js';

/** A gateway retrying in a loop is written down at most this often; its attempts between are still counted. */
const NOTE_EVERY_MS = 5_000;

/**
 * Gateways that tried to join while unknown (MQTT CONNECT refused), listed for a technician to add. A
 * gateway pointed at the site retries every few seconds, for as long as it takes someone to add it,
 * also while its address is over the failure limit: each row stays current without a database write per
 * attempt.
 */
export class PendingGateways {
  private readonly noted = new Map<string, { at: number; unwritten: number }>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /** true when it was written (the console is told), false when only counted for the next write */
  note(id: string, address: string, withCredentials: boolean): boolean {
    const now = this.now();
    const last = this.noted.get(id);
    if (last && now - last.at < NOTE_EVERY_MS) {
      last.unwritten += 1;
      return false;
    }
    this.db
      .prepare(
        `INSERT INTO pending_gateways (id, address, first_seen, last_seen, attempts, with_credentials)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET address = excluded.address, last_seen = excluded.last_seen,
           attempts = attempts + excluded.attempts, with_credentials = excluded.with_credentials`,
      )
      .run(id, address, now, now, 1 + (last?.unwritten ?? 0), withCredentials ? 1 : 0);
    this.noted.set(id, { at: now, unwritten: 0 });
    if (this.noted.size > 10_000) this.noted.clear();
    return true;
  }

  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM pending_gateways WHERE id = ?').get(id) !== undefined;
  }

  list(): PendingGateway[] {
    const rows = this.db
      .prepare('SELECT * FROM pending_gateways ORDER BY last_seen DESC LIMIT 500')
      .all() as Array<{
      id: string;
      address: string;
      first_seen: number;
      last_seen: number;
      attempts: number;
      with_credentials: number;
    }>;
    return rows.map((r) => ({
      id: r.id,
      address: r.address,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      attempts: r.attempts,
      withCredentials: r.with_credentials === 1,
    }));
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM pending_gateways').get() as { n: number }).n;
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM pending_gateways WHERE id = ?').run(id);
    this.noted.delete(id);
  }
}
