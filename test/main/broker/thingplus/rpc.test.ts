// protocol §4 RPC messages
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRpcRequest,
  isRestartAck,
  newRpcId,
  parseRpcResponse,
  RESTART_METHODS,
  type RpcResponse,
} from '../../../../src/main/broker/thingplus/index.js';

describe('requests', () => {
  test('the upstream timeSync example, byte for byte', () => {
    assert.equal(
      buildRpcRequest('timeSync', { time: 1372874401865 }, 'e1kcs13b9'),
      '{"id":"e1kcs13b9","method":"timeSync","params":{"time":1372874401865}}',
    );
  });
  test('§6 controlActuator, byte for byte', () => {
    assert.equal(
      buildRpcRequest(
        'controlActuator',
        { id: '02fc00000001-0-do0-0', cmd: 'on', options: { duration: 3000 } },
        'rpc3',
      ),
      '{"id":"rpc3","method":"controlActuator","params":{"id":"02fc00000001-0-do0-0","cmd":"on","options":{"duration":3000}}}',
    );
  });
  test('methods without params still carry params:{}', () => {
    assert.equal(
      buildRpcRequest('reboot', undefined, 'abcdefghi'),
      '{"id":"abcdefghi","method":"reboot","params":{}}',
    );
  });
  test('no jsonrpc member', () => {
    assert.equal('jsonrpc' in JSON.parse(buildRpcRequest('swInfo', {}, 'x')), false);
  });
  test('newRpcId: 9 chars of [0-9a-z], unique', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newRpcId();
      assert.match(id, /^[0-9a-z]{9}$/);
      ids.add(id);
    }
    assert.equal(ids.size, 2000);
  });
  test('restart-type methods (§4)', () => {
    assert.deepEqual([...RESTART_METHODS].sort(), [
      'poweroff',
      'reboot',
      'resetConfig',
      'restart',
      'setProperty',
      'swUpdate',
    ]);
  });
});

describe('parseRpcResponse', () => {
  const cases: Array<[string, string, RpcResponse | null]> = [
    ['§6 timeSync answer', '{"id":"rpc1","result":""}', { id: 'rpc1', result: '' }],
    ['§6 controlActuator answer', '{"id":"rpc3","result":"success"}', { id: 'rpc3', result: 'success' }],
    [
      'restart ack',
      '{"id":"e1kcs13bb","result":{"stdout":"requireRestart"}}',
      { id: 'e1kcs13bb', result: { stdout: 'requireRestart' } },
    ],
    [
      'upstream error example (spaces)',
      '{"id":"e1kcs13bb","error": {"code": -32000, "message": "invalid interval"}}',
      { id: 'e1kcs13bb', error: { code: -32000, message: 'invalid interval' } },
    ],
    [
      'method not found',
      '{"id":"a","error":{"code":-32601,"message":"Method not found"}}',
      { id: 'a', error: { code: -32601, message: 'Method not found' } },
    ],
    [
      'C SDK malformed error',
      '{"id":"x","error":"code":-32000,"message":"m"}',
      { id: 'x', error: { code: -32000, message: 'm' } },
    ],
    [
      'C SDK malformed error: missing method',
      '{"id":"46h6f8xp3","error":"code":-32601,"message":"missing method field"}',
      { id: '46h6f8xp3', error: { code: -32601, message: 'missing method field' } },
    ],
    [
      'C SDK malformed error with an empty message',
      '{"id":"x","error":"code":-32000,"message":""}',
      { id: 'x', error: { code: -32000, message: '' } },
    ],
    [
      'C SDK malformed error with an unescaped quote in the message',
      '{"id":"x","error":"code":-32000,"message":"bad "cmd""}',
      { id: 'x', error: { code: -32000, message: 'bad "cmd"' } },
    ],
    [
      'C SDK result with an unescaped quote',
      '{"id":"x","result":"he said "hi""}',
      { id: 'x', result: 'he said "hi"' },
    ],
    ['quoted-string id', '{"id":"\\"rpc1\\"","result":""}', { id: 'rpc1', result: '' }],
    ['numeric id', '{"id":123,"result":""}', { id: '123', result: '' }],
    [
      'numeric id in malformed JSON',
      '{"id":123,"error":"code":-32000,"message":"m"}',
      { id: '123', error: { code: -32000, message: 'm' } },
    ],
    [
      'Python gateway: result double-encoded as a JSON string',
      '{"id": "rpc5", "result": "{\\"stdout\\": \\"requireRestart\\"}"}',
      { id: 'rpc5', result: '{"stdout": "requireRestart"}' },
    ],
    ['object result', '{"id":"a","result":{"version":"1.2.3"}}', { id: 'a', result: { version: '1.2.3' } }],
    ['neither result nor error', '{"id":"a"}', { id: 'a' }],
    ['error: null means success', '{"id":"a","result":"ok","error":null}', { id: 'a', result: 'ok' }],
    ['error as a string', '{"id":"a","error":"boom"}', { id: 'a', error: { code: -32000, message: 'boom' } }],
    [
      'error code as a string',
      '{"id":"a","error":{"code":"-32602","message":"x"}}',
      { id: 'a', error: { code: -32602, message: 'x' } },
    ],
    [
      'error without code',
      '{"id":"a","error":{"message":"x"}}',
      { id: 'a', error: { code: -32000, message: 'x' } },
    ],
    [
      'unreadable with an id: fails the call now',
      '{"id":"a","result":',
      { id: 'a', error: { code: -32700, message: 'unparseable response: {"id":"a","result":' } },
    ],
    ['no id', '{"result":""}', null],
    ['empty id', '{"id":"","result":""}', null],
    ['id is an object', '{"id":{},"result":""}', null],
    ['not JSON, no id', 'hello', null],
    ['array', '[{"id":"a"}]', null],
    ['null', 'null', null],
    ['empty', '', null],
  ];
  for (const [name, text, expected] of cases)
    test(name, () => assert.deepEqual(parseRpcResponse(text), expected));
});

describe('isRestartAck', () => {
  const cases: Array<[unknown, boolean]> = [
    [{ stdout: 'requireRestart' }, true],
    ['{"stdout": "requireRestart"}', true],
    [{ stdout: 'requireRestart', extra: 1 }, true],
    [{ stdout: 'ok' }, false],
    ['requireRestart', false],
    ['', false],
    ['{bad', false],
    [null, false],
    [undefined, false],
  ];
  for (const [result, expected] of cases)
    test(JSON.stringify(result) ?? 'undefined', () => assert.equal(isRestartAck(result), expected));
});
