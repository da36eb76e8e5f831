// protocol §4: correlation by id, 30 s timeout, double answers of restart-type methods
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RPC_TIMEOUT_MS,
  RpcCancelledError,
  RpcClient,
  RpcRemoteError,
  RpcTimeoutError,
} from '../../../../src/main/broker/thingplus/index.js';

const GW = '02fc00000001';

function setup(t?: TestContext, options: { timeoutMs?: number; send?: () => void } = {}) {
  if (t) t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: Array<[string, string, string]> = [];
  let n = 0;
  const client = new RpcClient({
    send: options.send ?? ((gw, topic, payload) => void sent.push([gw, topic, payload])),
    newId: () => `rpc${++n}`,
    timeoutMs: options.timeoutMs,
  });
  return { client, sent };
}

describe('RpcClient', () => {
  test('sends the request on /req and resolves with the result', async (t) => {
    const { client, sent } = setup(t);
    const p = client.call(GW, 'timeSync', { time: 1795534604068 });
    assert.deepEqual(sent, [
      [GW, 'v/a/g/02fc00000001/req', '{"id":"rpc1","method":"timeSync","params":{"time":1795534604068}}'],
    ]);
    assert.equal(client.pendingCount(), 1);
    assert.equal(client.handleResponse(GW, '{"id":"rpc1","result":""}'), true);
    assert.equal(await p, '');
    assert.equal(client.pendingCount(), 0);
    assert.deepEqual(client.stats(), {
      sent: 1,
      resolved: 1,
      remoteErrors: 0,
      timeouts: 0,
      cancelled: 0,
      lateAnswers: 0,
      unmatched: 0,
      malformed: 0,
    });
  });

  test('correlates by id, out of order', async (t) => {
    const { client } = setup(t);
    const a = client.call(GW, 'swInfo');
    const b = client.call(GW, 'netInfo');
    client.handleResponse(GW, '{"id":"rpc2","result":{"ip":"10.0.0.2"}}');
    client.handleResponse(GW, '{"id":"rpc1","result":{"version":"1.0"}}');
    assert.deepEqual(await Promise.all([a, b]), [{ version: '1.0' }, { ip: '10.0.0.2' }]);
  });

  test('an answer from another gateway does not settle the call', async (t) => {
    const { client } = setup(t);
    const p = client.call(GW, 'swInfo');
    assert.equal(client.handleResponse('02fc00000002', '{"id":"rpc1","result":"spoof"}'), false);
    assert.equal(client.stats().unmatched, 1);
    assert.equal(client.handleResponse(GW, '{"id":"rpc1","result":"real"}'), true);
    assert.equal(await p, 'real');
  });

  test('remote errors, including the C SDK malformed form', async (t) => {
    const { client } = setup(t);
    const a = client.call(GW, 'setProperty', { reportInterval: 1 });
    const b = client.call(GW, 'controlActuator', { id: 'x', cmd: 'fly', options: {} });
    client.handleResponse(GW, '{"id":"rpc1","error":{"code":-32000,"message":"invalid interval"}}');
    client.handleResponse(GW, '{"id":"rpc2","error":"code":-32601,"message":"missing method field"}');
    await assert.rejects(a, (err: unknown) => {
      assert.ok(err instanceof RpcRemoteError);
      assert.equal(err.code, -32000);
      assert.equal(err.remoteMessage, 'invalid interval');
      assert.equal(err.method, 'setProperty');
      assert.equal(err.gatewayId, GW);
      assert.equal(err.id, 'rpc1');
      assert.equal(err.name, 'RpcRemoteError');
      assert.equal(err.message, 'setProperty failed on gateway 02fc00000001: -32000 invalid interval');
      return true;
    });
    await assert.rejects(b, { name: 'RpcRemoteError', code: -32601, remoteMessage: 'missing method field' });
    assert.equal(client.stats().remoteErrors, 2);
  });

  test('restart-type methods: the first answer settles, the second is ignored and counted', async (t) => {
    const { client } = setup(t);
    const p = client.call(GW, 'restart');
    assert.equal(client.handleResponse(GW, '{"id":"rpc1","result":{"stdout":"requireRestart"}}'), true);
    assert.deepEqual(await p, { stdout: 'requireRestart' });
    assert.equal(client.handleResponse(GW, '{"id":"rpc1","result":""}'), false);
    assert.equal(client.handleResponse(GW, '{"id":"rpc1","error":{"code":-32000,"message":"late"}}'), false);
    assert.equal(client.stats().lateAnswers, 2);
    assert.equal(client.stats().unmatched, 0);
  });

  test('unknown ids and malformed payloads are counted, not thrown', (t) => {
    const { client } = setup(t);
    assert.equal(client.handleResponse(GW, '{"id":"nope","result":""}'), false);
    assert.equal(client.handleResponse(GW, 'garbage'), false);
    assert.equal(client.handleResponse(GW, ''), false);
    assert.deepEqual([client.stats().unmatched, client.stats().malformed], [1, 2]);
  });

  test('times out after 30 s by default', async (t) => {
    const { client } = setup(t);
    assert.equal(DEFAULT_RPC_TIMEOUT_MS, 30_000);
    const p = client.call(GW, 'controlActuator', { id: 'a', cmd: 'on', options: {} });
    t.mock.timers.tick(29_999);
    assert.equal(client.pendingCount(), 1);
    t.mock.timers.tick(1);
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof RpcTimeoutError);
      assert.equal(err.timeoutMs, 30_000);
      assert.equal(err.message, 'controlActuator to gateway 02fc00000001 timed out after 30000 ms (id rpc1)');
      return true;
    });
    assert.equal(client.pendingCount(), 0);
    // the answer arriving after the timeout is a late answer
    assert.equal(client.handleResponse(GW, '{"id":"rpc1","result":"success"}'), false);
    assert.deepEqual([client.stats().timeouts, client.stats().lateAnswers], [1, 1]);
  });

  test('per-call and per-client timeouts', async (t) => {
    const { client } = setup(t, { timeoutMs: 5000 });
    const a = client.call(GW, 'swInfo');
    const b = client.call(GW, 'swInfo', {}, { timeoutMs: 100 });
    t.mock.timers.tick(100);
    await assert.rejects(b, { name: 'RpcTimeoutError', timeoutMs: 100 });
    assert.equal(client.pendingCount(), 1);
    t.mock.timers.tick(4900);
    await assert.rejects(a, { name: 'RpcTimeoutError', timeoutMs: 5000 });
  });

  test('answered calls do not time out later', async (t) => {
    const { client } = setup(t);
    const p = client.call(GW, 'swInfo');
    client.handleResponse(GW, '{"id":"rpc1","result":"v1"}');
    t.mock.timers.tick(60_000);
    assert.equal(await p, 'v1');
    assert.equal(client.stats().timeouts, 0);
  });

  test('cancelAll rejects only that gateway’s calls', async (t) => {
    const { client } = setup(t);
    const a = client.call(GW, 'swInfo');
    const b = client.call(GW, 'reboot');
    const other = client.call('02fc00000002', 'swInfo');
    assert.equal(client.cancelAll(GW), 2);
    await assert.rejects(
      a,
      (err: unknown) => err instanceof RpcCancelledError && err.reason === 'gateway disconnected',
    );
    await assert.rejects(b, { name: 'RpcCancelledError' });
    assert.equal(client.pendingCount(GW), 0);
    assert.equal(client.pendingCount('02fc00000002'), 1);
    assert.equal(client.cancelAll(GW), 0);
    client.handleResponse('02fc00000002', '{"id":"rpc3","result":"x"}');
    assert.equal(await other, 'x');
  });

  test('close rejects everything pending and refuses new calls', async (t) => {
    const { client, sent } = setup(t);
    const a = client.call(GW, 'swInfo');
    const b = client.call('gw2', 'swInfo');
    client.close();
    await assert.rejects(a, { name: 'RpcCancelledError', reason: 'client closed' });
    await assert.rejects(b, { name: 'RpcCancelledError', reason: 'client closed' });
    await assert.rejects(client.call(GW, 'swInfo'), { name: 'RpcCancelledError', reason: 'client closed' });
    assert.equal(sent.length, 2);
    assert.equal(client.pendingCount(), 0);
  });

  test('a throwing send rejects the call and leaves nothing pending', async (t) => {
    const { client } = setup(t, {
      send: () => {
        throw new Error('not connected');
      },
    });
    await assert.rejects(client.call(GW, 'swInfo'), {
      name: 'RpcCancelledError',
      reason: 'send failed: not connected',
    });
    assert.equal(client.pendingCount(), 0);
    assert.equal(client.stats().sent, 0);
  });

  test('an id already in use is never reused', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const ids = ['dup', 'dup', 'other'];
    const client = new RpcClient({ send: () => undefined, newId: () => ids.shift() ?? 'dup' });
    const a = client.call(GW, 'swInfo');
    const b = client.call(GW, 'swInfo');
    client.handleResponse(GW, '{"id":"other","result":"b"}');
    client.handleResponse(GW, '{"id":"dup","result":"a"}');
    assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
    await assert.rejects(client.call(GW, 'swInfo'), {
      name: 'RpcCancelledError',
      reason: 'no unused request id',
    });
  });

  test('every timer is cleared once its call settles (no leaks)', async (t) => {
    const live = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    t.mock.method(globalThis, 'setTimeout', (fn: () => void, ms: number) => {
      const handle = realSet(fn, ms);
      live.add(handle);
      return handle;
    });
    t.mock.method(globalThis, 'clearTimeout', (handle: NodeJS.Timeout) => {
      live.delete(handle);
      realClear(handle);
    });
    const { client } = setup();
    const calls = [client.call(GW, 'a'), client.call(GW, 'b'), client.call(GW, 'c'), client.call('gw2', 'd')];
    assert.equal(live.size, 4);
    client.handleResponse(GW, '{"id":"rpc1","result":""}');
    client.handleResponse(GW, '{"id":"rpc2","error":{"code":-32000,"message":"x"}}');
    assert.equal(live.size, 2);
    client.cancelAll(GW);
    assert.equal(live.size, 1);
    client.close();
    assert.equal(live.size, 0);
    await Promise.allSettled(calls);
  });

  test('default ids are 9-char Thing+ ids', () => {
    const sent: string[] = [];
    const client = new RpcClient({ send: (_gw, _topic, payload) => void sent.push(payload) });
    const p = client.call(GW, 'timeSync', { time: 1 });
    assert.match(JSON.parse(sent[0]).id, /^[0-9a-z]{9}$/);
    client.close();
    return assert.rejects(p, { name: 'RpcCancelledError' });
  });
});
