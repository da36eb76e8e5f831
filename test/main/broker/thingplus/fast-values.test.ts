// The fast path (fast-values.ts) must equal the general parser wherever it answers, and answer for the
// payloads gateways send most. Random payloads mix every number spelling the grammar allows with the
// shapes that must go the general way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fastGatewayPacked,
  fastGatewayValues,
  fastSensorValues,
  parseGatewayValues,
  parseSensorValues,
} from '../../../../src/main/broker/thingplus/index.js';

const NOW = Date.UTC(2026, 11, 1);

/** a tiny deterministic PRNG so a failure names its seed */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NUMBERS = [
  '0',
  '-0',
  '1',
  '23.5',
  '-15.687',
  '23.500000',
  '0.1',
  '0.30000000000000004',
  '1e-05',
  '1E3',
  '-2.5e+2',
  '12345678901234567890',
  '9007199254740993',
  '123456789012.345678',
  '0.000001',
  '99.99',
  '1e400',
  '007',
  '+5',
  '.5',
  '5.',
  '-',
  'nan',
  'Infinity',
  '"30"',
  'true',
  'null',
  '{"a":1}',
  '[1,2]',
  '',
];
const TIMES = [
  `${NOW - 5000}`,
  `${NOW}`,
  `${NOW}.7`,
  '1700000000',
  `${NOW + 400 * 86_400_000}`,
  '"1764547200000"',
  '-1',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}
const ws = (r: () => number) => (r() < 0.15 ? pick(r, [' ', '\n', '\t ', '  ']) : '');

function pairs(r: () => number, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const plain = r() < 0.8;
    parts.push(ws(r) + (plain ? `${NOW - 1000 * i}` : pick(r, TIMES)) + ws(r));
    parts.push(
      ws(r) +
        (plain && r() < 0.8 ? (r() * 200 - 100).toFixed(Math.floor(r() * 4)) : pick(r, NUMBERS)) +
        ws(r),
    );
  }
  if (r() < 0.05) parts.pop(); // a time without a value
  return parts.join(',');
}

function gatewayPayload(r: () => number): string {
  const keys = ['temp-1', 'hum-1', 'temp-1', 'a b', 'x\\"y', '', 'vib_2'];
  const entries: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.85 ? `s${Math.floor(r() * 5)}` : pick(r, keys);
    const value =
      r() < 0.93 ? `[${pairs(r, Math.floor(r() * 4))}]` : pick(r, ['5', '"x"', '{"a":[1]}', '[[1,2]]']);
    entries.push(`${ws(r)}"${key}"${ws(r)}:${ws(r)}${value}`);
  }
  return `${ws(r)}{${entries.join(',')}}${ws(r)}${r() < 0.03 ? 'junk' : ''}`;
}

describe('Thing+ value payloads: the fast path', () => {
  test('equals the general parser wherever it answers (20 000 random payloads of each form)', () => {
    let fastGateway = 0;
    let fastSensor = 0;
    let hint: readonly string[] = [];
    for (let seed = 1; seed <= 20_000; seed++) {
      const r = rng(seed);
      const gw = gatewayPayload(r);
      const fast = fastGatewayValues(gw, NOW);
      if (fast) {
        fastGateway++;
        assert.deepEqual(fast, parseGatewayValues(gw, { now: NOW }), `seed ${seed}: ${gw}`);
        // the previous payload's sensors as the hint (right, partly right or wrong) change nothing
        const packed = fastGatewayPacked(gw, NOW, hint);
        assert.deepEqual(packed, fastGatewayPacked(gw, NOW), `seed ${seed} with hint ${hint.join()}`);
        const own = packed!.packed.sensorIds;
        assert.deepEqual(
          fastGatewayPacked(gw, NOW, own),
          packed,
          `seed ${seed} with its own sensors as hint`,
        );
        hint = own;
      }
      const body = pairs(r, 1 + Math.floor(r() * 3));
      const text = r() < 0.5 ? body : `[${body}]`;
      const points = fastSensorValues(text, NOW);
      if (points) {
        fastSensor++;
        assert.deepEqual(
          { points, errors: [] },
          parseSensorValues(text, { now: NOW }, 's'),
          `seed ${seed}: ${text}`,
        );
      }
    }
    // the generator must exercise the fast path a lot, and the fall-back too
    assert.ok(fastGateway > 5000 && fastGateway < 19_000, `fast gateway payloads: ${fastGateway}`);
    assert.ok(fastSensor > 5000 && fastSensor < 19_000, `fast sensor payloads: ${fastSensor}`);
  });

  test('answers for what gateways send, exactly', () => {
    assert.deepEqual(fastGatewayValues(`{"temp":[${NOW},23.45,${NOW + 1000},-0.5],"hum":[${NOW},61]}`, NOW), {
      sensors: [
        {
          sensorId: 'temp',
          points: [
            { time: NOW, value: 23.45 },
            { time: NOW + 1000, value: -0.5 },
          ],
        },
        { sensorId: 'hum', points: [{ time: NOW, value: 61 }] },
      ],
      errors: [],
    });
    assert.deepEqual(fastSensorValues(`${NOW},0.1`, NOW), [{ time: NOW, value: 0.1 }]);
    assert.deepEqual(fastSensorValues(`[${NOW},1e-5]`, NOW), [{ time: NOW, value: 1e-5 }]);
    // a repeated key merges into the first, as the general parser does
    assert.deepEqual(
      fastGatewayValues(`{"a":[${NOW},1],"b":[${NOW},2],"a":[${NOW + 1},3]}`, NOW)?.sensors[0],
      {
        sensorId: 'a',
        points: [
          { time: NOW, value: 1 },
          { time: NOW + 1, value: 3 },
        ],
      },
    );
  });

  test('leaves everything else to the general parser', () => {
    for (const text of [
      `{"s":[${NOW},"on"]}`,
      `{"s":[[${NOW},1]]}`,
      `{"s":[${NOW}]}`,
      `{"s\\u0031":[${NOW},1]}`,
      `{"s":[1700000000,1]}`,
      `{"s":[${NOW},1]} x`,
      `{"s":[${NOW},nan]}`,
      `{"s":5}`,
      '',
    ])
      assert.equal(fastGatewayValues(text, NOW), null, text);
    for (const text of [`${NOW},on`, `[[${NOW},1]]`, `${NOW},1,`, '[]', '', `${NOW},{"a":1}`])
      assert.equal(fastSensorValues(text, NOW), null, text);
  });
});
