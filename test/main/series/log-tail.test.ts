import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LogMarks } from '../../../src/main/series/log-marks.js';
import { LogTail } from '../../../src/main/series/log-tail.js';

describe('log marks (bounded compaction passes)', () => {
  test('a pass takes the oldest commits old enough, up to a number of values', () => {
    const marks = new LogMarks();
    // commit k: rows up to id 10k, received at 1000·k, 100 values each
    for (let k = 1; k <= 5000; k++) marks.add(10 * k, 1000 * k, 100);
    assert.equal(marks.passEnd(500, 1e9), null, 'nothing received by the cutoff');
    assert.deepEqual(marks.passEnd(3500, 1e9), { maxLogId: 30, values: 300 }, 'bounded by age');
    assert.deepEqual(marks.passEnd(1e9, 1000), { maxLogId: 100, values: 1000 }, 'bounded by values');
    assert.deepEqual(marks.passEnd(1e9, 50), { maxLogId: 10, values: 100 }, 'at least one commit');
    marks.dropThrough(100);
    assert.deepEqual(marks.passEnd(1e9, 1000), { maxLogId: 200, values: 1000 }, 'counted from what is left');
    marks.dropThrough(50_000);
    assert.equal(marks.passEnd(1e9, 1000), null);
    marks.add(50_010, 5_000_001, 7);
    assert.deepEqual(marks.passEnd(1e9, 1000), { maxLogId: 50_010, values: 7 });
  });
});

describe('log tail index', () => {
  const pts = (...times: number[]) => times.map((time) => ({ time, value: 1 }));

  test('one entry per row, grouped by its span of series; a series gets the rows whose span holds it', () => {
    const tail = new LogTail();
    // gateway A: series 1–3 in every row; gateway B: series 10–11; a row of series 5 alone
    for (let id = 1; id <= 60; id += 3) {
      tail.addRow(id, [
        { seriesId: 1, points: pts(id * 10) },
        { seriesId: 2, points: pts(id * 10 + 1) },
        { seriesId: 3, points: pts(id * 10 + 2, id * 10 + 5) },
      ]);
      tail.addRow(id + 1, [
        { seriesId: 10, points: pts(id * 10) },
        { seriesId: 11, points: [] },
      ]);
      tail.addRow(id + 2, [{ seriesId: 5, points: pts(id * 10 + 7) }]);
    }
    tail.addRow(61, [{ seriesId: 7, points: [] }]); // nothing to index
    // a series deleted while its commit was in flight does not widen the row's span
    tail.addRow(62, [{ seriesId: 70, points: pts(1) }], (sid) => sid !== 70);
    assert.equal(tail.size, 60, 'one entry per row, not per series');
    // the row's earliest and latest point of any series
    assert.deepEqual(tail.entries(2).slice(0, 2), [
      { logId: 1, first: 10, last: 15 },
      { logId: 4, first: 40, last: 45 },
    ]);
    assert.equal(tail.entries(2).length, 20);
    assert.deepEqual(tail.entries(10)[0], { logId: 2, first: 10, last: 10 });
    assert.deepEqual(tail.entries(4), [], 'no span holds 4');
    assert.equal(tail.entries(7).length, 0);

    tail.dropThrough(30);
    assert.deepEqual(tail.entries(1)[0].logId, 31);
    assert.deepEqual(tail.entries(5)[0].logId, 33);
    assert.equal(tail.size, 30);
    tail.forget(5); // a deleted series: the rows of its own go, shared rows stay
    assert.equal(tail.size, 20);
    assert.equal(tail.entries(5).length, 0);
    tail.forget(2);
    assert.equal(tail.entries(1).length, 10);
    tail.dropThrough(60);
    assert.equal(tail.size, 0);
    assert.deepEqual(tail.entries(1), []);
  });

  test('a series in rows of different spans comes back in log order', () => {
    const tail = new LogTail();
    tail.addRow(1, [{ seriesId: 2, points: pts(100) }]);
    tail.addRow(2, [
      { seriesId: 1, points: pts(200) },
      { seriesId: 2, points: pts(201) },
    ]);
    tail.addRow(3, [{ seriesId: 2, points: pts(300) }]);
    tail.addRow(4, [
      { seriesId: 2, points: pts(400) },
      { seriesId: 3, points: pts(401) },
    ]);
    assert.deepEqual(
      tail.entries(2).map((e) => e.logId),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      tail.entries(1).map((e) => e.logId),
      [2],
    );
    tail.dropThrough(2);
    assert.deepEqual(
      tail.entries(2).map((e) => e.logId),
      [3, 4],
    );
  });
});
