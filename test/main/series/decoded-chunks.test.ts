import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ValuePoint } from '../../../src/shared/model.js';
import { decodeChunk, encodeChunk } from '../../../src/main/series/codec/chunk.js';
import { DecodedChunks } from '../../../src/main/series/decoded-chunks.js';
import { ALL, open, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
before(() => (tmp = tempDir()));
after(() => tmp.remove());

const T0 = 1_700_000_000_000;
const pts = (from: number, n: number): ValuePoint[] =>
  Array.from({ length: n }, (_, i) => ({ time: T0 + (from + i) * 1000, value: from + i }));

describe('decoded chunks (read path cache)', () => {
  test('answers the same bytes from memory, decodes again when the body changed, drops the least recent', () => {
    const cache = new DecodedChunks(25);
    let decodes = 0;
    const decode = (b: Buffer) => {
      decodes++;
      return decodeChunk(b);
    };
    const a = encodeChunk(pts(0, 10));
    const first = cache.get(1, a, decode);
    assert.deepEqual(first, pts(0, 10));
    assert.ok(Object.isFrozen(first), 'shared between readers: frozen');
    // the same bytes read again by SQLite are another Buffer: compared by content
    assert.equal(cache.get(1, Buffer.from(a), decode), first);
    assert.equal(decodes, 1);
    // the open chunk appended to: same id, new body
    const a2 = encodeChunk(pts(0, 12));
    assert.deepEqual(cache.get(1, a2, decode), pts(0, 12));
    assert.equal(decodes, 2);
    // a second chunk fits (12 + 10 ≤ 25); a third pushes out the least recently used (id 1 after id 2 is read)
    cache.get(2, encodeChunk(pts(100, 10)), decode);
    cache.get(1, a2, decode);
    assert.equal(decodes, 3);
    cache.get(3, encodeChunk(pts(200, 10)), decode);
    assert.equal(cache.size, 2);
    cache.get(1, a2, decode);
    assert.equal(decodes, 4, 'id 1 was still there');
    cache.get(2, encodeChunk(pts(100, 10)), decode);
    assert.equal(decodes, 5, 'id 2 had been dropped');
    // a chunk larger than the whole cache is decoded and not kept
    assert.equal(cache.get(9, encodeChunk(pts(300, 30)), decode).length, 30);
    assert.equal(cache.size, 2);
  });

  test('queries through the store see appended, compacted and deleted points, not a stale decode', async () => {
    const store = open(path.join(tmp.dir, 'c.db'), { chunkMaxPoints: 10 });
    const q = () => store.query({ gatewayId: 'gw', sensorId: 's', ...ALL }).map((p) => p.value);
    await store.append('gw', [{ sensorId: 's', points: pts(0, 4) }], T0);
    store.compact({ all: true });
    assert.deepEqual(q(), [0, 1, 2, 3]);
    // the open chunk grows under the same id
    await store.append('gw', [{ sensorId: 's', points: pts(4, 3) }], T0);
    store.compact({ all: true });
    assert.deepEqual(q(), [0, 1, 2, 3, 4, 5, 6]);
    const avg = () =>
      store.aggregate({
        gatewayId: 'gw',
        sensorId: 's',
        from: T0,
        to: T0 + 60_000,
        intervalMs: 60_000,
        func: 'average',
      });
    assert.deepEqual(avg(), [{ time: T0, value: 3 }]);
    // deleted and written again with other values: chunk ids may be reused, the answer must be the new one
    await store.deleteSensor('gw', 's');
    await store.append(
      'gw',
      [{ sensorId: 's', points: pts(0, 7).map((p) => ({ ...p, value: -p.time })) }],
      T0,
    );
    store.compact({ all: true });
    assert.deepEqual(
      q(),
      pts(0, 7).map((p) => -p.time),
    );
    await store.close();
  });
});
