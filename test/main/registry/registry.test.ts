import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../../src/main/errors.js';
import { Registry, loadCatalogue } from '../../../src/main/registry/index.js';
import { tempSiteDatabase } from '../../support/db.js';

const catalogue = loadCatalogue();

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ServiceError ? err.code : 'not a ServiceError';
  }
  return undefined;
}

test('the Thing+ catalogue is loaded with its notice', () => {
  assert.equal(catalogue.sensorTypes.length, 79);
  assert.equal(catalogue.sensorDrivers.length, 74);
  assert.equal(catalogue.gatewayModels.length, 50);
  assert.equal(catalogue.sensorType('temperature')?.unit, '°C');
  assert.equal(catalogue.gatewayModel('34')?.displayName, 'Open Source Gateway');
});

test('registering a gateway issues a key that is stored only as a hash', () => {
  const db = tempSiteDatabase();
  const registry = new Registry(db, catalogue);
  const { gateway, apiKey } = registry.registerGateway({ id: '02fc00000001', model: '34', name: 'Line 1' });
  assert.equal(gateway.name, 'Line 1');
  assert.equal(
    gateway.legacyPlainTcp,
    false,
    'no gateway gets the plain-TCP allowance unless asked (issue 16)',
  );
  assert.equal(gateway.legacyAddress, null);
  assert.equal(gateway.reportInterval, '60000');
  assert.ok(apiKey.length >= 40);
  const stored = db.prepare('SELECT apikey_hash FROM gateways').get() as { apikey_hash: string };
  assert.notEqual(stored.apikey_hash, apiKey);
  assert.equal(registry.verifyApiKey('02fc00000001', apiKey), true);
  assert.equal(registry.verifyApiKey('02fc00000001', `${apiKey}x`), false);
  const rotated = registry.rotateApiKey('02fc00000001');
  assert.equal(registry.verifyApiKey('02fc00000001', apiKey), false);
  assert.equal(registry.verifyApiKey('02fc00000001', rotated), true);
});

test('bad gateway ids, unknown models, duplicates and bad intervals are refused with codes', () => {
  const registry = new Registry(tempSiteDatabase(), catalogue);
  assert.equal(
    code(() => registry.registerGateway({ id: 'has space', model: '34' })),
    'ES_BAD_REQUEST',
  );
  assert.equal(
    code(() => registry.registerGateway({ id: 'gw1', model: 'nope' })),
    'ES_BAD_REQUEST',
  );
  registry.registerGateway({ id: 'gw1', model: '34' });
  assert.equal(
    code(() => registry.registerGateway({ id: 'gw1', model: '34' })),
    'ES_CONFLICT',
  );
  assert.equal(
    code(() => registry.updateGateway('gw1', { reportInterval: '1000' })),
    'ES_BAD_REQUEST',
  );
  assert.equal(registry.updateGateway('gw1', { reportInterval: '120000' }).reportInterval, '120000');
  assert.equal(
    code(() => registry.updateGateway('nope', { name: 'x' })),
    'ES_NOT_FOUND',
  );
});

test('devices and sensors: 409 on duplicates (real gateways rely on it), cascade on gateway delete', () => {
  const db = tempSiteDatabase();
  const registry = new Registry(db, catalogue);
  registry.registerGateway({ id: 'gw1', model: '34' });
  registry.createDevice('gw1', { id: 'gw1-0', model: 'jsonrpcFullV1.0' });
  assert.equal(
    code(() => registry.createDevice('gw1', { id: 'gw1-0', model: 'jsonrpcFullV1.0' })),
    'ES_CONFLICT',
  );
  const sensor = registry.createSensor('gw1', { id: 'gw1-0-temp0', type: 'temperature', deviceId: 'gw1-0' });
  assert.equal(sensor.category, 'sensor');
  assert.equal(registry.createSensor('gw1', { id: 'gw1-0-do0', type: 'powerSwitch' }).category, 'actuator');
  assert.equal(
    code(() => registry.createSensor('gw1', { id: 'gw1-0-temp0', type: 'temperature' })),
    'ES_CONFLICT',
  );
  assert.equal(
    code(() => registry.createSensor('gw1', { id: 'x', type: 'warpDrive' })),
    'ES_BAD_REQUEST',
  );
  assert.deepEqual(registry.requireGateway('gw1').sensors, ['gw1-0-do0', 'gw1-0-temp0']);
  assert.deepEqual(registry.requireGateway('gw1').devices, ['gw1-0']);
  // a fresh registry on the same file sees the same sensors (the in-memory index is rebuilt from SQLite)
  assert.ok(new Registry(db, catalogue).findSensor('gw1', 'gw1-0-temp0'));
  registry.deleteGateway('gw1');
  assert.equal(registry.findSensor('gw1', 'gw1-0-temp0'), undefined);
  assert.equal((db.prepare('SELECT count(*) AS n FROM sensors').get() as { n: number }).n, 0);
});

test('unknown gateways that knock are remembered as pending until registered', () => {
  let clock = 1_000_000;
  const registry = new Registry(tempSiteDatabase(), catalogue, () => clock);
  registry.notePending('a1b2c3d4e5f6', '127.0.0.1:5000', false);
  // a gateway retrying in a loop: counted at once, written at most every 5 s
  clock += 1_000;
  registry.notePending('a1b2c3d4e5f6', '127.0.0.1:5001', false);
  assert.equal(registry.listPending()[0]?.attempts, 1);
  clock += 5_000;
  registry.notePending('a1b2c3d4e5f6', '127.0.0.1:5002', true);
  const [pending] = registry.listPending();
  assert.equal(pending?.attempts, 3);
  assert.equal(pending?.lastSeen, clock);
  assert.equal(pending?.withCredentials, true);
  assert.equal(registry.isPending('a1b2c3d4e5f6'), true);
  registry.registerGateway({ id: 'a1b2c3d4e5f6', model: '34' });
  assert.deepEqual(registry.listPending(), []);
});

test('the gateway list follows every change (it is answered from the gateway cache)', () => {
  const db = tempSiteDatabase();
  const registry = new Registry(db, catalogue);
  registry.registerGateway({ id: '02fc00000002', model: '34', name: 'B' });
  registry.registerGateway({ id: '02fc00000001', model: '34', name: 'A' });
  const names = () =>
    registry.listGateways().map((g) => `${g.id} ${g.name} ${g.devices.join(',')} ${g.sensors.join(',')}`);
  assert.deepEqual(names(), ['02fc00000001 A  ', '02fc00000002 B  ']);
  registry.updateGateway('02fc00000001', { name: 'A2' });
  registry.createDevice('02fc00000002', { id: 'd1', name: 'dev', model: 'm' });
  registry.createSensor('02fc00000002', { id: '02fc00000002-0-t', type: 'temperature' });
  assert.deepEqual(names(), ['02fc00000001 A2  ', '02fc00000002 B d1 02fc00000002-0-t']);
  registry.deleteSensor('02fc00000002', '02fc00000002-0-t');
  registry.deleteDevice('02fc00000002', 'd1');
  registry.deleteGateway('02fc00000001');
  assert.deepEqual(names(), ['02fc00000002 B  ']);
});
