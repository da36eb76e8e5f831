// A gateway in the client namespace: keeps connecting to MQTT on the site address (a new connection 250 ms
// after each ends, as a Thing+ gateway retries) and prints one JSON line per outcome. Its id is unknown
// to the sites, so every CONNACK refuses it ("not authorised") and parks it as pending on the node it
// reached: which node answered is read there.
import mqtt from 'mqtt';

const address = process.argv[2] ?? '10.77.0.100';
const say = (event: string, detail?: string): void => {
  process.stdout.write(JSON.stringify({ t: Date.now(), event, detail }) + '\n');
};

function attempt(): void {
  const client = mqtt.connect(`mqtt://${address}:1883`, {
    clientId: 'c1u5000000f1',
    username: 'c1u5000000f1',
    password: 'not-a-key',
    // mqtt.js gives up after a refused CONNACK: this loop retries instead
    reconnectPeriod: 0,
    connectTimeout: 1000,
    protocolVersion: 4,
  });
  let done = false;
  const next = (): void => {
    if (done) return;
    done = true;
    client.end(true);
    setTimeout(attempt, 250);
  };
  client.on('connect', () => {
    say('connack', '0');
    next();
  });
  client.on('error', (err) => {
    const code = (err as { code?: unknown }).code;
    // a CONNACK with a refusal code: the broker on the address answered
    if (typeof code === 'number') say('connack', String(code));
    else say('error', err.message);
    next();
  });
  client.on('close', next);
}

attempt();
process.on('SIGTERM', () => process.exit(0));
