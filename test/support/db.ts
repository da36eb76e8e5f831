import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSiteDatabase, type SqliteDatabase } from '../../src/main/storage/index.js';

/** A real site database in a temp dir, closed and removed after the test file. */
export function tempSiteDatabase(): SqliteDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'edge-site-db-'));
  const db = openSiteDatabase(dir);
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}
