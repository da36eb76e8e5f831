import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  gatewayHost,
  hostChoices,
  onboardingStep,
  sampleGatewayConfig,
} from '../../src/renderer/lib/onboarding.js';

const EP = {
  lanAddresses: ['192.168.1.20', '10.0.0.5'],
  mqttPort: 1883,
  gatewayHttpPort: 8081,
  httpPort: 8080,
};

test('the host: the console address when a LAN browser used one, else the PC LAN address', () => {
  assert.equal(gatewayHost(EP, '127.0.0.1'), '192.168.1.20');
  assert.equal(gatewayHost(EP, 'localhost'), '192.168.1.20');
  assert.equal(gatewayHost(EP, 'site-pc.plant.lan'), 'site-pc.plant.lan');
  assert.equal(gatewayHost({ lanAddresses: [] }, '127.0.0.1'), '127.0.0.1');
  assert.deepEqual(hostChoices(EP, 'site-pc'), ['site-pc', '192.168.1.20', '10.0.0.5']);
});

test('the sample Thing+ configuration carries host, ports, gateway id and key', () => {
  const cfg = JSON.parse(sampleGatewayConfig('192.168.1.20', EP, '0a1b2c3d4e01', 'k3y')) as {
    Gateway: { id: string };
    Server: { APIKEY: string; mqtt: { host: string; port: number }; service: { port: number } };
  };
  assert.equal(cfg.Gateway.id, '0a1b2c3d4e01');
  assert.equal(cfg.Server.APIKEY, 'k3y');
  assert.deepEqual(
    [cfg.Server.mqtt.host, cfg.Server.mqtt.port, cfg.Server.service.port],
    ['192.168.1.20', 1883, 8081],
  );
  const noRest = JSON.parse(sampleGatewayConfig('h', { ...EP, gatewayHttpPort: null }, 'g', null)) as {
    Server: { APIKEY: string; service: { port: number } };
  };
  assert.deepEqual([noRest.Server.APIKEY, noRest.Server.service.port], ['<APIKEY>', 8080]);
});

test('the first-run steps follow the gateway: registered, connected, its sensors', () => {
  assert.equal(onboardingStep(null), 'register');
  assert.equal(onboardingStep({ connection: { state: 'never' }, sensors: [] }), 'configure');
  assert.equal(onboardingStep({ connection: { state: 'connected' }, sensors: [] }), 'connected');
  assert.equal(onboardingStep({ connection: { state: 'connected' }, sensors: ['t'] }), 'sensors');
});
