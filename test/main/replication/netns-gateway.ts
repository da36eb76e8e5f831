// A Thing+ gateway played by mqtt.js in the client namespace (site-netns.test.ts): connected to MQTT on
// the site address, it publishes one QoS 1 value every 15 ms and prints one JSON line per PUBACK, per accepted
// CONNACK and per close. The values' times are `base + n * 10` ms, so each is unique. On SIGTERM it stops
// publishing, waits a second for the last PUBACKs, prints "done" and exits.
// argv: address gatewayId sensorId base [periodMs]. Several addresses (comma-separated): the gateway that
// knows no site address but every node's, tried in turn (mqtt.js `servers`) until the master accepts.
import mqtt from 'mqtt';

const [address = '10.77.0.100', gatewayId = '', sensorId = '', baseArg = '0', periodArg = '15'] =
  process.argv.slice(2);
const base = Number(baseArg);
const say = (event: string, extra: Record<string, unknown> = {}): void => {
  process.stdout.write(JSON.stringify({ t: Date.now(), event, ...extra }) + '\n');
};

const client = mqtt.connect({
  servers: address.split(',').map((host) => ({ host, port: 1883 })),
  clientId: gatewayId,
  clean: true,
  reconnectPeriod: 200,
  connectTimeout: 2000,
  protocolVersion: 4,
  // as the Thing+ gateway's older mqtt.js does: a refused CONNACK (a standby) is retried
  reconnectOnConnackError: true,
});
client.on('error', (err) => say('error', { detail: err.message }));
// the CONNACK itself: mqtt.js emits 'connect' only once it has resent every queued message one by one,
// which after a long move can take longer than the test waits
client.on('packetreceive', (packet) => {
  if (packet.cmd === 'connack' && packet.returnCode === 0) say('connack');
});
client.on('close', () => say('close'));

let n = 0;
let publishing = true;
const timer = setInterval(() => {
  if (!publishing) return;
  const time = base + ++n * 10;
  client.publish(`v/a/g/${gatewayId}/s/${sensorId}`, `${time},${(n % 500) / 10}`, { qos: 1 }, (err) => {
    if (!err) say('ack', { time });
  });
}, Number(periodArg));

process.on('SIGTERM', () => {
  publishing = false;
  clearInterval(timer);
  setTimeout(() => {
    say('done', { sent: n });
    client.end(true, () => process.exit(0));
  }, 1000);
});
