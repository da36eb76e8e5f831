// protocol §6: a real gateway's first minute, replayed through the codec the way the broker will use it
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  decodePayload,
  gatewayMayPublish,
  gatewayMaySubscribe,
  parseGatewayStatus,
  parseGatewayValues,
  parseMqttStatus,
  parseSensorStatus,
  parseTopic,
  RpcClient,
  topics,
} from '../../../../src/main/broker/thingplus/index.js';

const GW = '02fc00000001';
const T0 = 1795534604068; // the timeSync time of the traffic

test('§6 first minute', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const requests: Array<[string, string]> = [];
  let n = 0;
  const rpc = new RpcClient({
    send: (_gw, topic, payload) => void requests.push([topic, payload]),
    newId: () => `rpc${++n * 2 - 1}`,
  });
  const seen: unknown[] = [];

  const receive = (at: number, topic: string, payload: Buffer | string): void => {
    const now = T0 + at * 1000;
    assert.ok(gatewayMayPublish(GW, topic), topic);
    const parsed = parseTopic(topic);
    assert.ok(parsed);
    const decoded = decodePayload(Buffer.isBuffer(payload) ? payload : Buffer.from(payload), {
      maxInflatedBytes: 1 << 20,
    });
    assert.ok(decoded.ok);
    switch (parsed.kind) {
      case 'mqttStatus':
        seen.push(['mqtt', parseMqttStatus(decoded.text)]);
        break;
      case 'gatewayStatus':
        seen.push(['status', parseGatewayStatus(decoded.text, now)]);
        break;
      case 'sensorStatus':
        seen.push(['sensorStatus', parsed.sensorId, parseSensorStatus(decoded.text, now)]);
        break;
      case 'gatewayValues':
        seen.push(['values', decoded.gzipped, parseGatewayValues(decoded.text, { now })]);
        break;
      case 'rpcResponse':
        seen.push(['res', rpc.handleResponse(parsed.gatewayId, decoded.text)]);
        break;
      default:
        assert.fail(parsed.kind);
    }
  };

  // 0.0 SUBSCRIBE req + log/filter; mqtt/status on; status on,90
  assert.ok(gatewayMaySubscribe(GW, `v/a/g/${GW}/req`));
  assert.ok(gatewayMaySubscribe(GW, `v/a/g/${GW}/log/filter`));
  receive(0, `v/a/g/${GW}/mqtt/status`, 'on');
  receive(0, `v/a/g/${GW}/status`, 'on,90');
  // 3.0 server → gw timeSync
  const timeSync = rpc.call(GW, 'timeSync', { time: T0 });
  // 3.1 the answer and a sensor status
  receive(3.1, `v/a/g/${GW}/res`, '{"id":"rpc1","result":""}');
  receive(3.1, `v/a/g/${GW}/s/02fc00000001-0-temp0/status`, 'on,90');
  // 60.0 values, status
  receive(60, `v/a/g/${GW}`, '{"02fc00000001-0-di0":[1795534604930,1,1795534621947,0,1795534638970,1]}');
  receive(60, `v/a/g/${GW}/status`, 'on,90,02fc00000001-0-temp0,on,90');
  // 60.5 gzipped values
  receive(60.5, `v/a/g/${GW}`, gzipSync('{"02fc00000001-0-temp0":[1795534604930,21.5,1795534634930,21.75]}'));
  // 75.0 controlActuator, 75.1 answer
  const actuate = rpc.call(GW, 'controlActuator', {
    id: '02fc00000001-0-do0-0',
    cmd: 'on',
    options: { duration: 3000 },
  });
  receive(75.1, `v/a/g/${GW}/res`, '{"id":"rpc3","result":"success"}');

  assert.equal(await timeSync, '');
  assert.equal(await actuate, 'success');
  assert.deepEqual(requests, [
    [topics.req(GW), '{"id":"rpc1","method":"timeSync","params":{"time":1795534604068}}'],
    [
      topics.req(GW),
      '{"id":"rpc3","method":"controlActuator","params":{"id":"02fc00000001-0-do0-0","cmd":"on","options":{"duration":3000}}}',
    ],
  ]);
  const on90 = (at: number) => ({
    status: 'on',
    expireAt: T0 + at * 1000 + 90_000,
    receivedAt: T0 + at * 1000,
  });
  assert.deepEqual(seen, [
    ['mqtt', 'on'],
    ['status', { ok: true, gateway: on90(0), sensors: [], errors: [], format: 'current' }],
    ['res', true],
    ['sensorStatus', '02fc00000001-0-temp0', { ok: true, status: on90(3.1) }],
    [
      'values',
      false,
      {
        sensors: [
          {
            sensorId: '02fc00000001-0-di0',
            points: [
              { time: 1795534604930, value: 1 },
              { time: 1795534621947, value: 0 },
              { time: 1795534638970, value: 1 },
            ],
          },
        ],
        errors: [],
      },
    ],
    [
      'status',
      {
        ok: true,
        gateway: on90(60),
        sensors: [{ sensorId: '02fc00000001-0-temp0', status: on90(60) }],
        errors: [],
        format: 'current',
      },
    ],
    [
      'values',
      true,
      {
        sensors: [
          {
            sensorId: '02fc00000001-0-temp0',
            points: [
              { time: 1795534604930, value: 21.5 },
              { time: 1795534634930, value: 21.75 },
            ],
          },
        ],
        errors: [],
      },
    ],
    ['res', true],
  ]);
  // the will, when the gateway drops
  assert.equal(parseMqttStatus('err'), 'err');
  assert.equal(rpc.cancelAll(GW), 0);
});
