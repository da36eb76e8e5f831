// Integration: the broker writes its packets without mqtt-packet's cache of 65 536 packet-id Buffers
// (broker.ts dropPacketNumberCache), and packet ids still reach the gateway intact.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { startTestSite, type TestSite } from '../../support/site.js';

const GW = '02fc0000c0de';

describe('broker packet writer', () => {
  let t: TestSite;
  let apiKey: string;

  before(async () => {
    t = await startTestSite();
    apiKey = await t.registerGateway(GW, { modelId: '34' });
    await t.registerSensor(GW, apiKey, `${GW}-0-temp0`, 'temperature');
  });
  after(() => t.destroy());

  test('QoS 1 publishes are acknowledged with their own packet ids, and no id cache is built', async () => {
    const gw = await t.connect(GW, { username: GW, password: apiKey });
    const acked: number[] = [];
    gw.on('packetreceive', (packet) => {
      if (packet.cmd === 'puback') acked.push(packet.messageId!);
    });
    const now = Date.now();
    for (let i = 0; i < 300; i++) {
      await gw.publishAsync(`v/a/g/${GW}/s/${GW}-0-temp0`, `${now - 300_000 + i * 1000},${i}`, { qos: 1 });
    }
    await gw.endAsync();
    assert.equal(acked.length, 300);
    assert.equal(new Set(acked).size, 300, 'every PUBACK carries its publish’s id');
    assert.ok(
      acked.some((id) => id > 255),
      'ids past one byte were written',
    );

    const fromAedes = createRequire(import.meta.resolve('aedes'));
    const numbers = fromAedes('mqtt-packet/numbers.js') as { cache: Record<number, Buffer> };
    assert.equal(Object.keys(numbers.cache).length, 0);
  });
});
