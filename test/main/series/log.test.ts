import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LogMarks, LogTail } from '../../../src/main/series/log.js';

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
  test('entries per series in log order, dropped through a row id', () => {
    const tail = new LogTail();
    for (let id = 1; id <= 100; id++) {
      tail.add(id, id % 2, [
        { time: id * 10, value: 1 },
        { time: id * 10 + 5, value: 2 },
      ]);
    }
    assert.equal(tail.size, 100);
    // an entry's last is bounded by the next entry's first; the newest entry's is exact
    assert.deepEqual(tail.entries(1).slice(0, 2), [
      { logId: 1, first: 10, last: 30 },
      { logId: 3, first: 30, last: 50 },
    ]);
    assert.deepEqual(tail.entries(1).at(-1), { logId: 99, first: 990, last: 995 });
    tail.dropThrough(50, [1]);
    assert.equal(tail.entries(1)[0].logId, 51);
    assert.equal(tail.entries(0)[0].logId, 2, 'other series untouched');
    tail.dropAllThrough(98);
    assert.deepEqual(tail.entries(0), [{ logId: 100, first: 1000, last: 1005 }]);
    assert.deepEqual(
      tail.entries(1).map((e) => e.logId),
      [99],
    );
    tail.dropAllThrough(100);
    assert.equal(tail.size, 0);
  });
});
