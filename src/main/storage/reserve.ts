import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqliteDatabase } from './database.js';

export interface ReserveState {
  /** the configured reserve */
  bytes: number;
  /** free pages inside site.db (only site.db can use them) */
  freePageBytes: number;
  /** size of site.db's WAL file, reused from its start after every checkpoint */
  walBytes: number;
  /** both are at least the configured size */
  ready: boolean;
}

/** ballast row size: overflow pages, a few rows per MiB */
const BALLAST_ROW_BYTES = 256 * 1024;

/**
 * The alarm reserve: space on the data dir's disk that only site.db (timeline, rules, registry) can use,
 * so alarms are still written when series ingest has filled the disk.
 *
 * Two parts, both really allocated on disk (no holes) and both private to site.db:
 * - free pages inside site.db: ballast rows are written, checkpointed into the file, and deleted again.
 *   site.db never shrinks (no auto_vacuum), so SQLite reuses those pages for new rows before it grows the
 *   file; a full disk cannot take them away.
 * - a pre-grown WAL: the ballast transaction grows site.db-wal to the reserve size. After a checkpoint
 *   SQLite writes the WAL from its start again, overwriting blocks it already owns. wal_autocheckpoint is
 *   set to a quarter of that size so the WAL is recycled long before it must grow, and journal_size_limit
 *   truncates it back to that size if a big transaction ever grew it.
 *
 * `ensure()` tops both up (normal writes use the free pages between checks); it is called at start and on
 * every disk check while space allows. It never throws: without space it reports false and tries again
 * later. Overwriting a file's own blocks needs no new space on ext4, xfs, NTFS, APFS and tmpfs; on
 * copy-on-write filesystems (btrfs, ZFS) it does, and the reserve is weaker there.
 */
export class AlarmReserve {
  private readonly pageSize: number;
  private readonly walFile: string;
  private last: ReserveState;

  constructor(
    private readonly db: SqliteDatabase,
    file: string,
    private readonly bytes: number,
  ) {
    this.walFile = `${file}-wal`;
    this.pageSize = db.pragma('page_size', { simple: true }) as number;
    if (bytes > 0) {
      const walPages = Math.ceil(bytes / this.pageSize);
      db.pragma(`wal_autocheckpoint = ${Math.max(16, Math.floor(walPages / 4))}`);
      // frames are page + 24 bytes; a little slack so the ballast-grown WAL is never cut
      db.pragma(`journal_size_limit = ${(walPages + 64) * (this.pageSize + 24) + 32}`);
    }
    this.last = this.measure();
  }

  state(): ReserveState {
    this.last = this.measure();
    return this.last;
  }

  /** Tops the reserve up; true when it is complete. Never throws (no space: false, try again later). */
  ensure(): boolean {
    if (this.bytes <= 0) return true;
    const before = this.measure();
    if (before.ready) {
      this.last = before;
      return true;
    }
    // Grow only with ample room: a checkpoint that cannot extend site.db would leave the ballast's pages
    // in the WAL only, and a WAL that cannot be checkpointed can never be reused (the opposite of a reserve).
    const growth =
      Math.max(0, this.bytes - before.freePageBytes) + Math.max(0, this.bytes * 1.01 - before.walBytes);
    const stats = statfsSync(dirname(this.walFile));
    if (Number(stats.bavail) * Number(stats.bsize) < 2 * growth + 4 * this.pageSize) {
      this.last = before;
      return false;
    }
    try {
      const rows = Math.ceil(this.bytes / BALLAST_ROW_BYTES);
      const insert = this.db.prepare('INSERT INTO disk_reserve (pad) VALUES (zeroblob(?))');
      // free pages are reused first: the file grows only by what is missing, the WAL by the whole size
      this.db.transaction(() => {
        for (let i = 0; i < rows; i += 1) insert.run(BALLAST_ROW_BYTES);
      })();
      // the ballast pages are written into site.db (allocated), then freed: the reserve
      this.checkpoint();
      this.db.exec('DELETE FROM disk_reserve');
      this.checkpoint();
    } catch {
      try {
        this.db.exec('DELETE FROM disk_reserve');
      } catch {
        // nothing written or no space to say so: the next call starts again
      }
    }
    this.last = this.measure();
    return this.last.ready;
  }

  /** every frame copied into site.db, or throws (the pages are not really allocated otherwise) */
  private checkpoint(): void {
    const [r] = this.db.pragma('wal_checkpoint(PASSIVE)') as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    if (!r || r.busy !== 0 || r.checkpointed < r.log)
      throw new Error(`checkpoint incomplete: ${JSON.stringify(r)}`);
  }

  private measure(): ReserveState {
    const freePageBytes = (this.db.pragma('freelist_count', { simple: true }) as number) * this.pageSize;
    let walBytes = 0;
    try {
      walBytes = statSync(this.walFile).size;
    } catch {
      // no WAL yet
    }
    return {
      bytes: this.bytes,
      freePageBytes,
      walBytes,
      ready: freePageBytes >= this.bytes && walBytes >= this.bytes,
    };
  }
}
