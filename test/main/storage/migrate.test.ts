import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import {
  checkMigrations,
  migrate,
  MigrationError,
  openSiteDatabase,
  type Migration,
} from '../../../src/main/storage/index.js';
import { SITE_MIGRATIONS } from '../../../src/main/storage/migrations/index.js';
import { SERIES_LEGACY_NUMBERING, SERIES_MIGRATIONS } from '../../../src/main/series/migrations/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-migrate-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let files = 0;
const tempFile = () => path.join(tmp, `m${files++}.db`);

/** migration `v` creates table t<v> and notes that it ran */
function step(version: number, ran: number[] = [], fail = false): Migration {
  return {
    version,
    name: `step${version}`,
    up(db) {
      db.exec(`CREATE TABLE t${version} (x)`);
      ran.push(version);
      if (fail) throw new Error(`step ${version} failed`);
    },
  };
}

const version = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number;
const appId = (db: Database.Database) => db.pragma('application_id', { simple: true }) as number;
const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

test('a fresh database gets every migration, in version order, and the newest version', () => {
  const db = new Database(':memory:');
  const ran: number[] = [];
  assert.equal(migrate(db, [step(2, ran), step(1, ran), step(3, ran)]), 3);
  assert.deepEqual(ran, [1, 2, 3]);
  assert.equal(version(db), 3);
  assert.deepEqual(tables(db), ['t1', 't2', 't3']);
  // nothing pending: nothing runs again
  assert.equal(migrate(db, [step(1, ran), step(2, ran), step(3, ran)]), 3);
  assert.deepEqual(ran, [1, 2, 3]);
  db.close();
});

test('only the pending migrations run on a database at an older version', () => {
  const db = new Database(':memory:');
  migrate(db, [step(1)]);
  const ran: number[] = [];
  migrate(db, [step(1, ran), step(2, ran)]);
  assert.deepEqual(ran, [2]);
  assert.equal(version(db), 2);
  db.close();
});

test('two migrations with one number, a gap or a bad number are refused before anything runs', () => {
  const db = new Database(':memory:');
  const ran: number[] = [];
  const refused = (list: Migration[], message: RegExp) =>
    assert.throws(
      () => migrate(db, list, { database: 'x.db' }),
      (err: Error) => {
        assert.ok(err instanceof MigrationError);
        assert.match(err.message, message);
        return true;
      },
    );
  refused(
    [step(1, ran), step(2, ran), { ...step(2, ran), name: 'other' }],
    /^x\.db migrations: version 2 is used twice \("step2" and "other"\)/,
  );
  refused([step(1, ran), step(3, ran)], /^x\.db migrations: version 2 is missing/);
  refused([step(2, ran)], /version 1 is missing/);
  refused([step(1, ran), step(1.5, ran)], /version 1\.5 is not a positive integer/);
  assert.deepEqual(ran, []);
  assert.equal(version(db), 0);
  assert.deepEqual(tables(db), []);
  db.close();
});

test('a database newer than the code is refused with a clear message and left as it is', () => {
  const file = tempFile();
  const db = new Database(file);
  db.pragma('user_version = 5');
  assert.throws(
    () => migrate(db, [step(1), step(2), step(3)]),
    new MigrationError(
      `${path.basename(file)} schema version 5 is newer than this build knows (3); use a newer Edge Site`,
    ),
  );
  assert.equal(version(db), 5);
  assert.deepEqual(tables(db), []);
  db.close();
});

test('site.db newer than the build: openSiteDatabase refuses it and does not keep it open', () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'site-'));
  const raw = new Database(path.join(dir, 'site.db'));
  raw.pragma(`user_version = ${SITE_MIGRATIONS.length + 1}`);
  raw.close();
  assert.throws(() => openSiteDatabase(dir), {
    name: 'MigrationError',
    message: `site.db schema version ${SITE_MIGRATIONS.length + 1} is newer than this build knows (${SITE_MIGRATIONS.length}); use a newer Edge Site`,
  });
  // the last connection to close removes the WAL: none is left open on the refused file
  assert.deepEqual(fs.readdirSync(dir), ['site.db']);
});

test('a failing migration rolls back its own changes and leaves the version where it was', () => {
  const file = tempFile();
  const db = new Database(file);
  migrate(db, [step(1)]);
  assert.throws(() => migrate(db, [step(1), step(2), step(3, [], true), step(4)]), /step 3 failed/);
  // 2 committed on its own; 3's table is gone with its transaction; 4 never ran
  assert.equal(version(db), 2);
  assert.deepEqual(tables(db), ['t1', 't2']);
  db.close();
  const reopened = new Database(file);
  const ran: number[] = [];
  assert.equal(migrate(reopened, [step(1, ran), step(2, ran), step(3, ran), step(4, ran)]), 4);
  assert.deepEqual(ran, [3, 4]);
  reopened.close();
});

// ---- files numbered the old way (series.db up to release 0.1.0) -----------------------------------

const legacy = { applicationId: 0x1234, versions: { 1: 1, 2: 3 } };

test('an old-numbered file is mapped to its version today and stamped; later files are read as they are', () => {
  const db = new Database(':memory:');
  db.pragma('user_version = 2');
  const ran: number[] = [];
  assert.equal(migrate(db, [step(1, ran), step(2, ran), step(3, ran), step(4, ran)], { legacy }), 4);
  assert.deepEqual(ran, [4], 'the old 2 is today 3: only 4 is pending');
  assert.equal(appId(db), 0x1234);
  // stamped: a 2 is now today's 2 (here: a failed 3 would be retried, not skipped)
  const stamped = new Database(':memory:');
  stamped.pragma('user_version = 2');
  stamped.pragma('application_id = 4660');
  const ran2: number[] = [];
  migrate(stamped, [step(1, ran2), step(2, ran2), step(3, ran2)], { legacy });
  assert.deepEqual(ran2, [3]);
  db.close();
  stamped.close();
});

test('a fresh file gets the stamp with its first version; an old file at the newest version gets it alone', () => {
  const fresh = new Database(':memory:');
  migrate(fresh, [step(1), step(2), step(3)], { legacy });
  assert.deepEqual([version(fresh), appId(fresh)], [3, 0x1234]);
  const old = new Database(':memory:');
  old.pragma('user_version = 2');
  const ran: number[] = [];
  migrate(old, [step(1, ran), step(2, ran), step(3, ran)], { legacy });
  assert.deepEqual([version(old), appId(old), ran], [3, 0x1234, []]);
  fresh.close();
  old.close();
});

test('a file of another application or an unknown old version is refused', () => {
  const other = new Database(':memory:');
  other.pragma('application_id = 99');
  assert.throws(() => migrate(other, [step(1)], { legacy, database: 'series.db' }), {
    name: 'MigrationError',
    message: 'series.db has application_id 99, expected 4660: not this kind of file',
  });
  const future = new Database(':memory:');
  future.pragma('user_version = 3');
  assert.throws(() => migrate(future, [step(1), step(2), step(3)], { legacy, database: 'series.db' }), {
    name: 'MigrationError',
    message:
      'series.db schema version 3 (old numbering) is newer than this build knows; use a newer Edge Site',
  });
  assert.deepEqual([version(future), appId(future)], [3, 0]);
  other.close();
  future.close();
});

// ---- the real lists ---------------------------------------------------------------------------------

const SRC = fileURLToPath(new URL('../../../src/main/', import.meta.url));
const LISTS = [
  { dir: path.join(SRC, 'storage/migrations'), list: SITE_MIGRATIONS },
  { dir: path.join(SRC, 'series/migrations'), list: SERIES_MIGRATIONS },
];

test('each migration is in its own file NNN_name.ts, listed once, with versions 1…N', async () => {
  for (const { dir, list } of LISTS) {
    checkMigrations(list);
    const names = fs.readdirSync(dir).filter((f) => f !== 'index.ts');
    assert.equal(names.length, list.length, `${dir}: every file is in the list`);
    for (const f of names) {
      const m = /^(\d{3})_(\w+)\.ts$/.exec(f);
      assert.ok(m, `${dir}/${f} is named NNN_name.ts`);
      const migration = ((await import(pathToFileURL(path.join(dir, f)).href)) as { default: Migration })
        .default;
      assert.deepEqual([migration.version, migration.name], [Number(m[1]), m[2]], f);
      assert.ok(list.includes(migration), `${f} is in the list`);
    }
  }
});

test('migrations are frozen: they import nothing of the live code', () => {
  const allowed = /^(node:\w+|better-sqlite3|(\.\.\/)+(storage\/)?migrate\.js)$/;
  for (const { dir } of LISTS) {
    for (const f of fs.readdirSync(dir).filter((n) => n !== 'index.ts')) {
      const source = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const [, from] of source.matchAll(/\bfrom\s+'([^']+)'/g)) {
        assert.match(from, allowed, `${f} imports ${from}`);
      }
      assert.doesNotMatch(source, /\bimport\s*\(/, `${f}: no dynamic import`);
    }
  }
});

test('series.db: the old numbering maps onto versions that exist today', () => {
  const versions = Object.values(SERIES_LEGACY_NUMBERING.versions);
  assert.ok(versions.every((v) => v >= 1 && v <= SERIES_MIGRATIONS.length));
  assert.equal(
    SERIES_LEGACY_NUMBERING.versions[2],
    SERIES_MIGRATIONS.findIndex((m) => m.name === 'backfill') + 1,
    "0.1.0's last version was rollups with their backfill",
  );
});
