import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RowCounter,
  exportProgress,
  exportQuery,
  fileNameFrom,
  formatBytes,
  parseEstimate,
} from '../../src/renderer/lib/export.js';

test('exportQuery names the sensors gw:sid and the range in ISO', () => {
  const q = new URLSearchParams(
    exportQuery(
      [
        { gatewayId: 'g1', sensorId: 's1' },
        { gatewayId: 'g2', sensorId: 's 2' },
      ],
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 0, 2),
      'json',
    ),
  );
  assert.equal(q.get('sensors'), 'g1:s1,g2:s 2');
  assert.equal(q.get('dataStart'), '2026-01-01T00:00:00.000Z');
  assert.equal(q.get('dataEnd'), '2026-01-02T00:00:00.000Z');
  assert.equal(q.get('format'), 'json');
});

test('fileNameFrom reads Content-Disposition, falls back, and strips path separators', () => {
  assert.equal(
    fileNameFrom('attachment; filename="edge-site-export-a-b.csv"', 'x.csv'),
    'edge-site-export-a-b.csv',
  );
  assert.equal(fileNameFrom('attachment; filename=plain.json', 'x'), 'plain.json');
  assert.equal(fileNameFrom(null, 'fallback.csv'), 'fallback.csv');
  assert.equal(fileNameFrom('attachment', 'fallback.csv'), 'fallback.csv');
  assert.equal(fileNameFrom('attachment; filename="../../etc/passwd"', 'f'), '.._.._etc_passwd');
});

test('RowCounter counts rows across chunk boundaries (CSV header and JSON "[" excluded)', () => {
  const csv = new RowCounter();
  for (const chunk of ['gatewayId,sensorId,time,isoTime,value\r', '\ng,s,1,x,1\r\ng,s', ',2,x,2\r\n'])
    csv.add(chunk);
  assert.equal(csv.rows, 2);
  const json = new RowCounter();
  json.add('[\n{"a":1},\n{"a":');
  assert.equal(json.rows, 1);
  json.add('2}\n]\n');
  assert.equal(json.rows, 3); // the closing line arrives only at the end; the bar shows done then
  assert.equal(new RowCounter().rows, 0);
});

test('exportProgress: fraction of the estimate, capped below 1 until done; null without an estimate', () => {
  assert.equal(exportProgress(50, 200, false), 0.25);
  assert.equal(exportProgress(500, 200, false), 0.99);
  assert.equal(exportProgress(10, null, false), null);
  assert.equal(exportProgress(10, 0, false), null);
  assert.equal(exportProgress(0, null, true), 1);
});

test('parseEstimate and formatBytes', () => {
  assert.equal(parseEstimate('50000'), 50000);
  assert.equal(parseEstimate(' 7 '), 7);
  assert.equal(parseEstimate(null), null);
  assert.equal(parseEstimate('-1'), null);
  assert.equal(parseEstimate('abc'), null);
  assert.equal(formatBytes(87), '87 B');
  assert.equal(formatBytes(1500), '1.5 kB');
  assert.equal(formatBytes(512_000), '512 kB');
  assert.equal(formatBytes(12_345_678), '12 MB');
  assert.equal(formatBytes(-1), '—');
});
