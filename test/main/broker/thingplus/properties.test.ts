// Property tests (fast-check): round trips and "never throws" for the parsers of protocol §2–4.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import {
  buildRpcRequest,
  decodePayload,
  formatTopic,
  gatewayMayPublish,
  parseGatewayStatus,
  parseGatewayValues,
  parseRpcResponse,
  parseSensorStatus,
  parseSensorValues,
  parseTopic,
  topics,
} from '../../../../src/main/broker/thingplus/index.js';

const NOW = 1795534660000;
const gatewayId = fc.stringMatching(/^[A-Za-z0-9\-_.~]{1,20}$/);
const sensorId = fc.stringMatching(/^[A-Za-z0-9\-_.:~]{1,24}$/);
const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: NOW });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const value = fc.oneof(
  finite,
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.dictionary(fc.string(), fc.oneof(finite, fc.string())),
);
const points = fc.array(fc.record({ time, value }), { maxLength: 30 });

const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(v)); // -0 → 0 as JSON does

describe('properties', () => {
  test('topics: build → parse → format round trip', () => {
    fc.assert(
      fc.property(gatewayId, sensorId, (gw, sid) => {
        for (const t of [
          topics.sensorValues(gw, sid),
          topics.sensorStatus(gw, sid),
          topics.gatewayValues(gw),
          topics.res(gw),
        ]) {
          const parsed = parseTopic(t);
          assert.ok(parsed);
          assert.equal(parsed.gatewayId, gw);
          assert.equal(formatTopic(parsed), t);
          assert.ok(gatewayMayPublish(gw, t));
        }
      }),
    );
  });

  test('sensor values: JSON array round trip', () => {
    fc.assert(
      fc.property(points, (pts) => {
        const text = JSON.stringify(pts.flatMap((p) => [p.time, p.value]));
        assert.deepEqual(parseSensorValues(text, { now: NOW }), { points: norm(pts), errors: [] });
      }),
    );
  });

  test('sensor values: CSV round trip (numbers, JSON-quoted strings, objects)', () => {
    fc.assert(
      fc.property(points, (pts) => {
        fc.pre(pts.length > 0);
        const text = pts.map((p) => `${p.time},${JSON.stringify(p.value)}`).join(',');
        assert.deepEqual(parseSensorValues(text, { now: NOW }), { points: norm(pts), errors: [] });
      }),
    );
  });

  test('gateway values: round trip, gzipped', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(sensorId, points), { selector: (e) => e[0], maxLength: 5 }),
        (entries) => {
          // built by hand: a JS object would move integer-like keys ("0") to the front
          const body = entries.map(
            ([sid, pts]) => `${JSON.stringify(sid)}:${JSON.stringify(pts.flatMap((p) => [p.time, p.value]))}`,
          );
          const decoded = decodePayload(gzipSync(`{${body.join(',')}}`), { maxInflatedBytes: 1 << 22 });
          assert.ok(decoded.ok);
          assert.deepEqual(parseGatewayValues(decoded.text, { now: NOW }), {
            sensors: norm(entries.map(([sid, pts]) => ({ sensorId: sid, points: pts }))),
            errors: [],
          });
        },
      ),
    );
  });

  test('a dropped pair never loses the others', () => {
    fc.assert(
      fc.property(points, fc.nat(), (pts, k) => {
        fc.pre(pts.length > 0);
        const bad = k % pts.length;
        const flat = pts.flatMap((p, i) =>
          i === bad ? ['"not a time"', JSON.stringify(p.value)] : [p.time, JSON.stringify(p.value)],
        );
        const parsed = parseSensorValues(flat.join(','), { now: NOW });
        assert.deepEqual(parsed.points, norm(pts.filter((_, i) => i !== bad)));
        assert.deepEqual(
          parsed.errors.map((e) => [e.kind, e.index]),
          [['time.invalid', bad]],
        );
      }),
    );
  });

  test('status: formatted statuses parse back (both duration conventions)', () => {
    const word = fc.constantFrom('on', 'off', 'err', 'err:timeout');
    const dur = fc.oneof(
      fc.constant(-1),
      fc.integer({ min: 0, max: 86400 }),
      fc.integer({ min: 1e11, max: 4e12 }),
    );
    fc.assert(
      fc.property(
        word,
        dur,
        fc.uniqueArray(fc.tuple(sensorId, word, dur), { selector: (e) => e[0], maxLength: 6 }),
        (w, d, sensors) => {
          const text = [w, d, ...sensors.flat()].join(', ');
          const parsed = parseGatewayStatus(text, NOW);
          assert.ok(parsed.ok);
          assert.equal(parsed.sensors.length, sensors.length);
          parsed.sensors.forEach((s, i) => {
            const [sid, sw, sd] = sensors[i];
            assert.equal(s.sensorId, sid);
            assert.equal(s.status.status, sw.startsWith('err') ? 'err' : sw);
            assert.equal(s.status.expireAt, sd === -1 ? null : sd >= 1e11 ? sd : NOW + sd * 1000);
          });
        },
      ),
    );
  });

  test('RPC: request ids survive a response round trip', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.jsonValue(), (id, result) => {
        const req = JSON.parse(buildRpcRequest('m', {}, id)) as { id: string };
        assert.deepEqual(
          parseRpcResponse(JSON.stringify({ id: req.id, result })),
          norm({ id: unquote(id), result }),
        );
      }),
    );
  });

  test('parsers never throw on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), fc.stringMatching(/^[\d,.[\]{}":a-z -]{0,60}$/)),
        (text) => {
          parseSensorValues(text, { now: NOW });
          parseGatewayValues(text, { now: NOW });
          parseGatewayStatus(text, NOW);
          parseSensorStatus(text, NOW);
          parseRpcResponse(text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** parseRpcResponse unwraps a quoted-string id ("\"x\"" → x); mirror that for the expected value. */
function unquote(id: string): string {
  if (id.length >= 2 && id.startsWith('"') && id.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(id);
      if (typeof inner === 'string' && inner !== '') return inner;
    } catch {
      return id.slice(1, -1) || id;
    }
  }
  return id;
}
