// The scanner against fake Thing+ gateways on real UDP sockets, loopback only (every scan has the
// loopbackOnly guard): good gateways, garbage, oversized and bad-id replies, a flood, a spoofed source.
import assert from 'node:assert/strict';
import type { Socket } from 'node:dgram';
import { after, describe, test } from 'node:test';
import {
  DiscoveryScanner,
  MAX_REPLIES_PER_SOURCE,
  type DiscoveryOptions,
  type Probe,
} from '../../../src/main/discovery/index.js';
import { ServiceError } from '../../../src/main/errors.js';
import {
  gatewayAnswer,
  loopbackOnly,
  loopbackSocket,
  startResponder,
  thingplusReply,
  type Responder,
} from './responders.js';

const REGISTERED = new Set(['02fc00000001']);
const responders: Responder[] = [];
const sockets: Socket[] = [];

after(async () => {
  await Promise.all(responders.map((r) => r.close()));
  for (const s of sockets) s.close();
});

async function responder(...args: Parameters<typeof startResponder>): Promise<Responder> {
  const r = await startResponder(...args);
  responders.push(r);
  return r;
}

function scanner(options: Partial<DiscoveryOptions> = {}): DiscoveryScanner {
  return new DiscoveryScanner({
    windowMs: 400,
    isRegistered: (id) => REGISTERED.has(id),
    guard: loopbackOnly,
    broadcast: false,
    // no interface to broadcast on, whatever the host has: a test never leaves loopback
    listInterfaces: () => [],
    ...options,
  });
}

describe('discovery scanner on loopback', () => {
  test('lists every gateway that answers, with its address, server, connection and registration', async () => {
    const a = await responder(gatewayAnswer(thingplusReply('02fc00000001')));
    const b = await responder(gatewayAnswer(thingplusReply('02FC0000000B', { name: '  ', mqttConn: 'on' })));
    const c = await responder(gatewayAnswer(thingplusReply('02fc0000000c', { serviceConn: 'false' })));
    const silent = await responder(() => []);
    const started = Date.now();
    const result = await scanner().scan({ targets: [a.target, b.target, c.target, silent.target] });
    const elapsed = Date.now() - started;

    assert.ok(elapsed >= 390 && elapsed < 1000, `the scan listens for its window (${elapsed} ms)`);
    assert.deepEqual(a.received, ['Thing+?'], 'the probe is the exact text, sent once');
    assert.equal(result.probes.sent, 4);
    assert.deepEqual(result.data, [
      {
        id: '02fc00000001',
        name: 'gateway 02fc00000001',
        address: '127.0.0.1',
        port: a.port,
        service: 'https://api.example.test',
        mqtt: 'mqtts://mqtt.example.test:8883',
        serviceConn: true,
        mqttConn: false,
        uptime: 1234,
        registered: true,
      },
      {
        // a blank name falls back to the id; the id is kept as the gateway sends it
        id: '02FC0000000B',
        name: '02FC0000000B',
        address: '127.0.0.1',
        port: b.port,
        service: 'https://api.example.test',
        mqtt: 'mqtts://mqtt.example.test:8883',
        serviceConn: true,
        mqttConn: true,
        uptime: 1234,
        registered: false,
      },
      {
        id: '02fc0000000c',
        name: 'gateway 02fc0000000c',
        address: '127.0.0.1',
        port: c.port,
        service: 'https://api.example.test',
        mqtt: 'mqtts://mqtt.example.test:8883',
        serviceConn: false,
        mqttConn: false,
        uptime: 1234,
        registered: false,
      },
    ]);
    assert.ok(Object.values(result.rejected).every((n) => n === 0));
    assert.deepEqual(result.problems, []);
  });

  test('garbage, oversized, bad-id and non-object replies are rejected by kind; good ones still listed', async () => {
    const good = await responder(gatewayAnswer(thingplusReply('02fc00000001')));
    const garbage = await responder(() => [Buffer.from([0xff, 0x00, 0x41, 0x7b])]);
    const oversized = await responder(() => [
      JSON.stringify(thingplusReply('02fc00000002', { pad: 'x'.repeat(5000) })),
    ]);
    const badIds = [
      thingplusReply('02fc0000001'),
      thingplusReply('02fc0000000g'),
      thingplusReply('../../etc/passwd'),
      { name: 'no id' },
      { id: 42 },
    ];
    const responderIds = await Promise.all(badIds.map((reply) => responder(gatewayAnswer(reply))));
    const notObject = await responder(() => ['[1,2,3]', '"Thing+"']);
    const badName = await responder(gatewayAnswer(thingplusReply('02fc00000003', { name: { x: 1 } })));
    const targets = [good, garbage, oversized, ...responderIds, notObject, badName].map((r) => r.target);

    const result = await scanner().scan({ targets });

    assert.deepEqual(
      result.data.map((g) => g.id),
      ['02fc00000001'],
    );
    assert.equal(result.rejected.notJson, 1);
    assert.equal(result.rejected.oversized, 1);
    assert.equal(result.rejected.badId, 5);
    assert.equal(result.rejected.badReply, 3);
    const messages = result.problems.map((p) => `${p.kind} ${p.from} ${p.message}`);
    assert.ok(
      messages.includes(`oversized ${oversized.target} reply of 5187 bytes (at most 4096)`),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => m.startsWith(`notJson ${garbage.target} reply is not JSON: "?`)));
    assert.ok(messages.some((m) => m.includes('id "02fc0000000g": a Thing+ gateway id is 12 hex digits')));
    assert.ok(messages.some((m) => m.includes('no id: a Thing+ gateway id is 12 hex digits')));
  });

  test('a flooding responder is capped per source; the others are still listed', async () => {
    const flood = await responder(() =>
      Array.from({ length: 200 }, (_, i) =>
        JSON.stringify(thingplusReply(`aa00000000${String(i % 100).padStart(2, '0')}`)),
      ),
    );
    const good = await responder(gatewayAnswer(thingplusReply('02fc00000001')));
    const result = await scanner().scan({ targets: [flood.target, good.target] });

    assert.ok(result.data.some((g) => g.id === '02fc00000001'));
    // only the first few datagrams of the flood are read at all
    assert.equal(result.data.filter((g) => g.id.startsWith('aa')).length, MAX_REPLIES_PER_SOURCE);
    assert.ok(result.rejected.flood > 0 && result.rejected.flood <= 200 - MAX_REPLIES_PER_SOURCE);
    assert.equal(
      result.problems.filter((p) => p.kind === 'flood').length,
      1,
      'one message per flooding source',
    );
  });

  test('the total reply cap holds whatever the number of sources', async () => {
    const many = await Promise.all(
      Array.from({ length: 8 }, (_, i) => responder(gatewayAnswer(thingplusReply(`02fc000001${i}0`)))),
    );
    const result = await scanner({ maxReplies: 5 }).scan({ targets: many.map((r) => r.target) });
    assert.equal(result.data.length, 5);
    assert.equal(result.rejected.flood, 3);
    assert.match(result.problems.find((p) => p.kind === 'flood')!.message, /more than 5 replies in one scan/);
  });

  test('a reply from a source that was not probed is rejected as unexpected', async () => {
    const spoofer = await loopbackSocket();
    sockets.push(spoofer);
    const spoofed = await responder(gatewayAnswer(thingplusReply('02fc00000009')), spoofer);
    const result = await scanner().scan({ targets: [spoofed.target] });
    assert.deepEqual(result.data, []);
    assert.equal(result.rejected.unexpectedSource, 1);
    assert.equal(result.problems[0]!.from, `127.0.0.1:${spoofer.address().port}`);
  });

  test('one id from two addresses is listed once, from the first; the other is a duplicate', async () => {
    const first = await responder(gatewayAnswer(thingplusReply('02fc00000005')));
    const clone = await responder(gatewayAnswer(thingplusReply('02fc00000005')));
    const result = await scanner().scan({ targets: [first.target, clone.target] });
    assert.equal(result.data.length, 1);
    assert.equal(result.rejected.duplicate, 1);
    assert.match(result.problems[0]!.message, /id 02fc00000005 also answered from 127\.0\.0\.1:\d+/);
  });

  test('probes leave at the bounded rate, never in a burst', async () => {
    const sentAt: number[] = [];
    const guard = (probe: Probe) => {
      loopbackOnly(probe);
      sentAt.push(Date.now());
    };
    // 30 loopback hosts at 100 per second: ≥ 290 ms from the first probe to the last
    const result = await scanner({ probesPerSecond: 100, windowMs: 600, guard }).scan({
      targets: ['127.0.0.0/27:40999'],
    });
    assert.equal(sentAt.length, 30);
    assert.ok(sentAt.at(-1)! - sentAt[0]! >= 280, `spread over ${sentAt.at(-1)! - sentAt[0]!} ms`);
    assert.equal(result.probes.sent + result.probes.failed, 30);
  });

  test('a rate that would flood is refused when the scanner is built', () => {
    assert.throws(
      () => scanner({ probesPerSecond: 5000 }),
      /probesPerSecond 5000 would flood the LAN: use 1…2000/,
    );
  });

  test('one scan at a time: a second one meanwhile is a conflict; bad input never starts one', async () => {
    const s = scanner();
    const r = await responder(gatewayAnswer(thingplusReply('02fc00000001')));
    const first = s.scan({ targets: [r.target] });
    await assert.rejects(s.scan({ targets: [r.target] }), (err: unknown) => {
      assert.ok(err instanceof ServiceError);
      assert.equal(err.code, 'ES_CONFLICT');
      return true;
    });
    await assert.rejects(s.scan({ targets: ['127.0.0.0/21'] }), /targets\/0/);
    assert.equal((await first).data.length, 1);
    // and the scanner is free again afterwards
    assert.equal((await s.scan({ targets: [r.target] })).data.length, 1);
  });
});
