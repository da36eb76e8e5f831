import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadCatalogue, Registry } from '../../../src/main/registry/index.js';
import { RulesEngine } from '../../../src/main/rules/index.js';
import { openSeriesDb } from '../../../src/main/series/db.js';
import { createSeriesStore, type AggregateFunc } from '../../../src/main/series/index.js';
import { SERIES_LEGACY_NUMBERING, SERIES_MIGRATIONS } from '../../../src/main/series/migrations/index.js';
import { migrate, type Migration } from '../../../src/main/storage/migrate.js';
import { openSiteDatabase } from '../../../src/main/storage/index.js';
import { SITE_MIGRATIONS } from '../../../src/main/storage/migrations/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { ValuePoint } from '../../../src/shared/model.js';
import { checkRollups } from '../series/helpers.js';

/**
 * Databases written by release 0.1.0 (test/fixtures/make-release-fixture.ts) and what that release read
 * back from them: today's code must open them in place, upgrade them and read back the same.
 */
const FIXTURE = fileURLToPath(new URL('../../fixtures/release-0.1.0/', import.meta.url));

interface Expected {
  site: Record<'gateways' | 'sensors' | 'devices' | 'pending' | 'rules' | 'timeline', unknown[]> & {
    userVersion: number;
  };
  series: {
    userVersion: number;
    rows: Record<string, unknown[]>;
    perSensor: Array<{
      gatewayId: string;
      sensorId: string;
      points: ValuePoint[];
      latest: ValuePoint | null;
      aggregates: Array<{ func: AggregateFunc; intervalMs: number; points: ValuePoint[] }>;
      stats: unknown[];
    }>;
  };
}
/** the range make-release-fixture.ts read: from the day before its T0 to its NOW */
const T0 = Date.UTC(2025, 0, 6);
const RANGE = { from: T0 - 86_400_000, to: T0 + 3 * 86_400_000 };
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
/** as it came out of JSON: no undefined members */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-release-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let copies = 0;
/** a private copy of a fixture file, in a directory of its own */
function copy(name: 'site.db' | 'series.db'): string {
  const dir = path.join(tmp, String(copies++));
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(FIXTURE, name), path.join(dir, name));
  return path.join(dir, name);
}

function rollupRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      ['rollup_1m', 'rollup_1h', 'rollup_1d'].map((t) => [
        t,
        db
          .prepare(
            `SELECT s.gateway_id, s.sensor_id, r.bucket, r.count, r.ncount, r.min, r.max, r.sum, r.first, r.last
             FROM ${t} r JOIN series s ON s.id = r.series_id ORDER BY s.gateway_id, s.sensor_id, r.bucket`,
          )
          .all(),
      ]),
    );
  } finally {
    db.close();
  }
}

const pragmas = (file: string) => {
  const db = new Database(file, { readonly: true });
  const out = [db.pragma('user_version', { simple: true }), db.pragma('application_id', { simple: true })];
  db.close();
  return out;
};

test('the fixture is what release 0.1.0 wrote: site.db v4, series.db v2 in the old numbering, small', () => {
  assert.equal(expected.site.userVersion, 4);
  assert.equal(expected.series.userVersion, 2);
  assert.deepEqual(pragmas(path.join(FIXTURE, 'series.db')), [2, 0]);
  for (const f of ['site.db', 'series.db']) assert.ok(fs.statSync(path.join(FIXTURE, f)).size < 1024 * 1024);
  assert.ok(expected.series.rows.rollup_1d.length > 0, 'the fixture has rows at every rollup level');
});

test('site.db of release 0.1.0 opens in place; gateways, sensors, rules and timeline read back the same', () => {
  const file = copy('site.db');
  const db = openSiteDatabase(path.dirname(file));
  try {
    assert.equal(db.pragma('user_version', { simple: true }), SITE_MIGRATIONS.length);
    const registry = new Registry(db, loadCatalogue());
    // the upgrade keeps their plain-TCP allowance, pinned to the first address seen, with a console notice
    assert.deepEqual(
      plain(registry.listGateways()),
      expected.site.gateways.map((g) => ({ ...(g as object), legacyAddress: null, legacyNotice: true })),
    );
    const sensors = (expected.site.sensors as Array<{ gatewayId: string; id: string }>).map((s) =>
      registry.getSensor(s.gatewayId, s.id),
    );
    assert.deepEqual(plain(sensors), expected.site.sensors);
    assert.equal(registry.countSensors(), expected.site.sensors.length);
    assert.deepEqual(plain(registry.listDevices('gw-a')), expected.site.devices);
    assert.deepEqual(plain(registry.listPending()), expected.site.pending);
    const timeline = new Timeline(db);
    const rules = new RulesEngine(db, timeline, () => true);
    assert.deepEqual(plain(rules.list()), expected.site.rules);
    assert.deepEqual(plain(timeline.list({ count: 100 }).data), expected.site.timeline);
    assert.equal(expected.site.timeline.length, 2);
  } finally {
    db.close();
  }
});

test('series.db of release 0.1.0 opens in place at the newest version; every value, aggregate and rollup reads back the same', async () => {
  const file = copy('series.db');
  const store = createSeriesStore({ file, compactEveryMs: 0, synchronous: 'NORMAL' });
  try {
    assert.deepEqual(pragmas(file), [SERIES_MIGRATIONS.length, SERIES_LEGACY_NUMBERING.applicationId]);
    let values = 0;
    for (const s of expected.series.perSensor) {
      const q = { gatewayId: s.gatewayId, sensorId: s.sensorId, ...RANGE };
      assert.deepEqual(store.query(q), s.points, `${s.sensorId}: points`);
      values += s.points.length;
      assert.deepEqual(store.latest(s.gatewayId, s.sensorId), s.latest);
      for (const a of s.aggregates) {
        assert.deepEqual(
          store.aggregate({ ...q, func: a.func, intervalMs: a.intervalMs }),
          a.points,
          `${s.sensorId}: ${a.func} per ${a.intervalMs} ms`,
        );
      }
      assert.deepEqual(plain(store.seriesStats({ ...q, timeUnit: 'day' })), s.stats);
    }
    assert.equal(values, 1530);
    assert.deepEqual(rollupRows(file), expected.series.rows);
  } finally {
    await store.close();
  }
});

test('an upgraded 0.1.0 series.db keeps working: new values are stored, compacted and rolled up', async () => {
  const file = copy('series.db');
  const store = createSeriesStore({ file, compactEveryMs: 0, synchronous: 'NORMAL' });
  const temp = expected.series.perSensor[0];
  const next = temp.latest!.time + 5 * 60_000;
  const points = Array.from({ length: 300 }, (_, i) => ({ time: next + i * 60_000, value: i / 4 }));
  assert.equal(
    (await store.append(temp.gatewayId, [{ sensorId: temp.sensorId, points }], next)).accepted,
    300,
  );
  store.compact({ all: true });
  const q = { gatewayId: temp.gatewayId, sensorId: temp.sensorId, from: -(2 ** 49), to: 2 ** 49 };
  assert.deepEqual(store.query(q), [...temp.points, ...points]);
  await store.close();
  assert.ok(checkRollups(file, false).rows > expected.series.rows.rollup_1m.length);
  // reopening does not migrate again
  openSeriesDb(file, 'NORMAL').close();
  assert.deepEqual(pragmas(file), [SERIES_MIGRATIONS.length, SERIES_LEGACY_NUMBERING.applicationId]);
});

/**
 * A file from before rollups: the 0.1.0 file with its rollups taken away and version 1, the shape such a
 * file had (same tables, chunks and log). The frozen backfill must write the rows 0.1.0's compactor wrote.
 */
function preRollupCopy(): string {
  const file = copy('series.db');
  const db = new Database(file);
  db.exec('DROP TABLE rollup_1m; DROP TABLE rollup_1h; DROP TABLE rollup_1d');
  db.pragma('user_version = 1');
  db.close();
  return file;
}

test('a file from before rollups gets, from the frozen backfill, exactly the rows the compactor wrote', () => {
  const file = preRollupCopy();
  openSeriesDb(file, 'NORMAL').close();
  assert.deepEqual(pragmas(file), [SERIES_MIGRATIONS.length, SERIES_LEGACY_NUMBERING.applicationId]);
  assert.deepEqual(rollupRows(file), expected.series.rows);
});

test('a backfill that failed under the new numbering is retried on the next open, not taken for done', () => {
  const file = preRollupCopy();
  const failing: Migration = {
    ...SERIES_MIGRATIONS[2],
    up(db) {
      SERIES_MIGRATIONS[2].up(db);
      throw new Error('disk full');
    },
  };
  const db = new Database(file);
  assert.throws(
    () =>
      migrate(db, [SERIES_MIGRATIONS[0], SERIES_MIGRATIONS[1], failing], { legacy: SERIES_LEGACY_NUMBERING }),
    /disk full/,
  );
  db.close();
  // the version 2 that 0.1.0 meant "rollups and backfill done" now means "rollups only": the stamp says so
  assert.deepEqual(pragmas(file), [2, SERIES_LEGACY_NUMBERING.applicationId]);
  assert.equal(rollupRows(file).rollup_1m.length, 0);
  openSeriesDb(file, 'NORMAL').close();
  assert.deepEqual(pragmas(file), [SERIES_MIGRATIONS.length, SERIES_LEGACY_NUMBERING.applicationId]);
  assert.deepEqual(rollupRows(file), expected.series.rows);
});
