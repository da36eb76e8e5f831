// protocol §3 "Compression"
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodePayload, isGzip, parseGatewayValues } from '../../../../src/main/broker/thingplus/index.js';

const LIMIT = { maxInflatedBytes: 64 * 1024 };

describe('decodePayload', () => {
  test('plain text passes through', () => {
    assert.deepEqual(decodePayload(Buffer.from('on,90'), LIMIT), { ok: true, text: 'on,90', gzipped: false });
  });

  test('gzip of a value message (§6 at 60.5 s) is inflated and parses', () => {
    const json =
      '{"02fc00000001-0-temp0":[1795534604930,21.5,1795534621947,21.6,1795534638970,21.7],' +
      '"02fc00000001-0-humi0":[1795534604930,40,1795534621947,41]}';
    const gz = gzipSync(json);
    assert.deepEqual([gz[0], gz[1]], [0x1f, 0x8b]);
    const decoded = decodePayload(gz, LIMIT);
    assert.deepEqual(decoded, { ok: true, text: json, gzipped: true });
    assert.ok(decoded.ok);
    assert.deepEqual(parseGatewayValues(decoded.text, { now: 1795534660000 }), {
      sensors: [
        {
          sensorId: '02fc00000001-0-temp0',
          points: [
            { time: 1795534604930, value: 21.5 },
            { time: 1795534621947, value: 21.6 },
            { time: 1795534638970, value: 21.7 },
          ],
        },
        {
          sensorId: '02fc00000001-0-humi0',
          points: [
            { time: 1795534604930, value: 40 },
            { time: 1795534621947, value: 41 },
          ],
        },
      ],
      errors: [],
    });
  });

  test('gzip of an RPC response', () => {
    const res = JSON.stringify({ id: 'rpc9', result: { stdout: 'x'.repeat(600) } });
    assert.deepEqual(decodePayload(gzipSync(res), LIMIT), { ok: true, text: res, gzipped: true });
  });

  test('a gzip bomb is bounded, not inflated', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros, ~64 KiB compressed
    assert.ok(bomb.length < 128 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const decoded = decodePayload(bomb, { maxInflatedBytes: 1024 * 1024 });
    assert.deepEqual(decoded, {
      ok: false,
      error: { kind: 'payload.tooLarge', message: 'gzip payload inflates to more than 1048576 bytes' },
    });
    assert.ok(
      process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024,
      'did not inflate the whole bomb',
    );
  });

  test('exactly at the bound is accepted, one byte over is not', () => {
    const text = 'a'.repeat(1000);
    assert.deepEqual(decodePayload(gzipSync(text), { maxInflatedBytes: 1000 }), {
      ok: true,
      text,
      gzipped: true,
    });
    assert.equal(decodePayload(gzipSync(text + 'a'), { maxInflatedBytes: 1000 }).ok, false);
  });

  test('a plain payload over the bound is refused too', () => {
    assert.deepEqual(decodePayload(Buffer.from('x'.repeat(11)), { maxInflatedBytes: 10 }), {
      ok: false,
      error: { kind: 'payload.tooLarge', message: 'payload of 11 bytes exceeds 10 bytes' },
    });
  });

  test('corrupt gzip → payload.gzip', () => {
    const decoded = decodePayload(Buffer.from([0x1f, 0x8b, 1, 2, 3]), LIMIT);
    assert.equal(decoded.ok, false);
    assert.equal(!decoded.ok && decoded.error.kind, 'payload.gzip');
  });

  test('truncated gzip → payload.gzip', () => {
    const gz = gzipSync('{"a":[1795534604930,1]}');
    const decoded = decodePayload(gz.subarray(0, gz.length - 6), LIMIT);
    assert.equal(!decoded.ok && decoded.error.kind, 'payload.gzip');
  });

  test('invalid UTF-8 is decoded leniently (U+FFFD), a BOM is dropped', () => {
    assert.deepEqual(decodePayload(Buffer.from([0x6f, 0xff, 0x6e]), LIMIT), {
      ok: true,
      text: 'o\ufffdn',
      gzipped: false,
    });
    assert.deepEqual(decodePayload(Buffer.from('\ufeffon,90'), LIMIT), {
      ok: true,
      text: 'on,90',
      gzipped: false,
    });
  });

  test('UTF-8 text inside gzip', () => {
    assert.deepEqual(decodePayload(gzipSync('온도'), LIMIT), { ok: true, text: '온도', gzipped: true });
  });

  test('isGzip looks at the two magic bytes only', () => {
    assert.equal(isGzip(Buffer.from([0x1f, 0x8b])), true);
    assert.equal(isGzip(Buffer.from([0x1f])), false);
    assert.equal(isGzip(Buffer.from('{"a":1}')), false);
    assert.equal(isGzip(Buffer.alloc(0)), false);
  });
});
