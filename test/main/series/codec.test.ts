import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SensorValue, ValuePoint } from '../../../src/shared/model.js';
import { decodeChunk, encodeChunk } from '../../../src/main/series/codec/chunk.js';
import { decodeLogBody, encodeLogBody } from '../../../src/main/series/codec/log-body.js';

const MAX_T = 2 ** 49;

// NaN is rejected upstream; everything else a gateway can send must come back identical
const number = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, 2 ** 53, -(2 ** 60), 1e308, Number.MIN_VALUE, Infinity, -Infinity),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 100),
);
const json = fc.jsonValue().filter((v) => v !== null && typeof v === 'object') as fc.Arbitrary<SensorValue>;
const value: fc.Arbitrary<SensorValue> = fc.oneof(
  number,
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.double({ noNaN: true }).map(String),
  fc.boolean(),
  json,
);

/** strictly increasing times with small, large and repeated-value runs */
const series: fc.Arbitrary<ValuePoint[]> = fc
  .tuple(
    fc.integer({ min: -MAX_T / 2, max: MAX_T / 2 }),
    fc.array(fc.tuple(fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 2 ** 40 })), value, fc.nat(3)), {
      minLength: 1,
      maxLength: 200,
    }),
  )
  .map(([start, steps]) => {
    const out: ValuePoint[] = [];
    let t = start;
    for (const [dt, v, repeat] of steps) {
      for (let r = 0; r <= repeat && t <= MAX_T; r++) {
        out.push({ time: t, value: v });
        t += dt;
      }
    }
    return out;
  });

/** deepEqual treats -0 and 0 as equal only loosely; compare with Object.is for top-level numbers */
function assertSame(got: ValuePoint[], want: ValuePoint[]): void {
  assert.equal(got.length, want.length);
  got.forEach((p, i) => {
    assert.equal(p.time, want[i].time);
    // objects and arrays are stored as JSON text, so a -0 inside one comes back as 0 (documented)
    if (typeof want[i].value === 'object')
      assert.deepStrictEqual(p.value, JSON.parse(JSON.stringify(want[i].value)));
    else
      assert.ok(Object.is(p.value, want[i].value), `${String(p.value)} !== ${String(want[i].value)} at ${i}`);
  });
}

test('chunk codec round-trips random series exactly', () => {
  fc.assert(
    fc.property(series, (points) => assertSame(decodeChunk(encodeChunk(points)), points)),
    { numRuns: 300 },
  );
});

test('log body round-trips random multi-sensor messages exactly', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(1_000_000), series), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: MAX_T }),
      (sections, receivedAt) => {
        const input = sections.map(([seriesId, points]) => ({ seriesId, points }));
        const got = decodeLogBody(encodeLogBody(input, receivedAt), receivedAt);
        assert.equal(got.length, input.length);
        got.forEach((s, i) => {
          assert.equal(s.seriesId, input[i].seriesId);
          assertSame(s.points, input[i].points);
        });
      },
    ),
    { numRuns: 200 },
  );
});

test('a chunk names its codec in the first byte and unknown codecs are refused', () => {
  const body = encodeChunk([{ time: 1, value: 1 }]);
  assert.equal(body[0], 1);
  body[0] = 200;
  assert.throws(() => decodeChunk(body), /unknown chunk codec 200/);
});
