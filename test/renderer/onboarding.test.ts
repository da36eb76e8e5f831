import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  gatewayHost,
  hostChoices,
  onboardingStep,
  recommendedMode,
  sampleGatewayConfig,
  setupCommands,
  sharedServerConfig,
  tlsBlocker,
} from '../../src/renderer/lib/onboarding.js';

const EP = {
  lanAddresses: ['192.168.1.20', '10.0.0.5'],
  mqttPort: 1883,
  gatewayHttpPort: 8081,
  httpPort: 8080,
};
const EP_PLAIN = { ...EP, mqttsPort: null };

test('the host: the console address when a LAN browser used one, else the PC LAN address', () => {
  assert.equal(gatewayHost(EP, '127.0.0.1'), '192.168.1.20');
  assert.equal(gatewayHost(EP, 'localhost'), '192.168.1.20');
  assert.equal(gatewayHost(EP, 'site-pc.plant.lan'), 'site-pc.plant.lan');
  assert.equal(gatewayHost({ lanAddresses: [] }, '127.0.0.1'), '127.0.0.1');
  assert.deepEqual(hostChoices(EP, 'site-pc'), ['site-pc', '192.168.1.20', '10.0.0.5']);
});

const TLS_EP = { ...EP, mqttsPort: 8883, gatewayHttpsPort: 443, gatewayHttpsProblem: null };

interface SampleConfig {
  Gateway: { id: string };
  Server: {
    APIKEY?: string;
    mqtt: { host: string; port: number; protocol: string };
    service: { port: number; protocol: string };
  };
}
const parse = (text: string) => JSON.parse(text) as SampleConfig;

test('over TLS the sample carries the key, MQTTS and HTTPS on 443 (the gateway calls 443 with a key)', () => {
  const cfg = parse(sampleGatewayConfig('192.168.1.20', TLS_EP, '0a1b2c3d4e01', 'k3y', 'tls'));
  assert.equal(cfg.Gateway.id, '0a1b2c3d4e01');
  assert.equal(cfg.Server.APIKEY, 'k3y');
  assert.deepEqual(
    [cfg.Server.mqtt.protocol, cfg.Server.mqtt.port, cfg.Server.service.protocol, cfg.Server.service.port],
    ['mqtts', 8883, 'https', 443],
  );
  assert.equal(parse(sampleGatewayConfig('h', TLS_EP, 'g', null, 'tls')).Server.APIKEY, '<APIKEY>');
});

test('plain, the sample has no key (the Node gateway would call https on 443 with one) and the REST port', () => {
  const cfg = parse(sampleGatewayConfig('192.168.1.20', EP_PLAIN, '0a1b2c3d4e01', 'k3y', 'plain'));
  assert.equal(cfg.Server.APIKEY, undefined);
  assert.deepEqual(
    [cfg.Server.mqtt.host, cfg.Server.mqtt.port, cfg.Server.service.protocol, cfg.Server.service.port],
    ['192.168.1.20', 1883, 'http', 8081],
  );
  const noRest = parse(sampleGatewayConfig('h', { ...EP_PLAIN, gatewayHttpPort: null }, 'g', null));
  assert.equal(noRest.Server.service.port, 8080);
});

test('TLS is recommended only where the gateway can use it unchanged: MQTTS on, HTTPS on 443', () => {
  assert.equal(tlsBlocker(TLS_EP), null);
  assert.equal(recommendedMode(TLS_EP), 'tls');
  assert.equal(tlsBlocker({ ...TLS_EP, mqttsPort: null }), 'mqttsOff');
  assert.equal(tlsBlocker({ ...TLS_EP, gatewayHttpsPort: null }), 'httpsOff');
  assert.equal(
    tlsBlocker({ ...TLS_EP, gatewayHttpsPort: 8443, gatewayHttpsProblem: 'permission' }),
    'permission',
  );
  assert.equal(tlsBlocker({ ...TLS_EP, gatewayHttpsPort: 9443 }), 'notOn443');
  assert.equal(recommendedMode({ ...TLS_EP, gatewayHttpsPort: 8443, gatewayHttpsProblem: 'inUse' }), 'plain');
});

test('the first-run steps follow the gateway: registered, connected, its sensors', () => {
  assert.equal(onboardingStep(null), 'register');
  assert.equal(onboardingStep({ connection: { state: 'never' }, sensors: [] }), 'configure');
  assert.equal(onboardingStep({ connection: { state: 'connected' }, sensors: [] }), 'connected');
  assert.equal(onboardingStep({ connection: { state: 'connected' }, sensors: ['t'] }), 'sensors');
});

test('the shared Server section is the same for every gateway: no id, no key, plain MQTT and REST', () => {
  const text = sharedServerConfig('192.168.1.20', EP_PLAIN);
  assert.ok(text.startsWith('"Server": '), 'pasted as the Server member of config/default.json');
  const server = (JSON.parse(`{${text}}`) as { Server: SampleConfig['Server'] }).Server;
  assert.equal(server.APIKEY, undefined);
  assert.deepEqual(
    [server.mqtt.protocol, server.mqtt.port, server.service.protocol, server.service.port],
    ['mqtt', 1883, 'http', 8081],
  );
  assert.ok(!text.includes('Gateway'));
});

test('the setup command fetches the script from the gateway REST port, the console port without one', () => {
  assert.deepEqual(setupCommands('192.168.1.20', EP), {
    curl: 'curl -fsS http://192.168.1.20:8081/thingplus-setup.sh | sh',
    wget: 'wget -qO- http://192.168.1.20:8081/thingplus-setup.sh | sh',
  });
  assert.equal(
    setupCommands('fd00::2', { ...EP, gatewayHttpPort: null })?.curl,
    'curl -fsS http://[fd00::2]:8080/thingplus-setup.sh | sh',
  );
  assert.equal(setupCommands('h', { ...EP, mqttPort: null }), null, 'no plain MQTT: no plain setup');
  assert.equal(setupCommands('h', { ...EP, gatewayHttpPort: null, httpPort: null }), null);
});
