// Shared by the end-to-end tests (not a test itself: Nightwatch runs *.e2e.js only): test ids, the site's
// API as the tests' own client (nightwatch.conf.cjs signs these calls in), and a gateway played by mqtt.js,
// registered with its sensors the way a real Thing+ gateway does (gateway REST with its APIKEY).
import mqtt from 'mqtt';

export const $ = (id) => `[data-testid="${id}"]`;

export async function api(method, path, body, headers = {}, base = process.env.EDGE_SITE_URL) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Registers gateway `id` (model 34) named `name` and its `sensors` ({id, name, type, model?}); returns its
 * APIKEY.
 */
export async function registerGateway(id, name, sensors) {
  const registered = await api('POST', 'api/v1/registerGatewayKey', { id, modelId: '34', name });
  const apiKey = registered[id];
  for (const s of sensors)
    await api(
      'POST',
      `gateways/${id}/sensors`,
      {
        reqId: s.id,
        name: s.name,
        type: s.type,
        category: 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: s.model ?? 'jsonrpcNumber',
      },
      { username: id, apikey: apiKey },
    );
  return apiKey;
}

/** The gateway's MQTT connection to the site, with its APIKEY. */
export function connectGateway(id, apiKey) {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${process.env.EDGE_SITE_MQTT_PORT}`, {
    clientId: id,
    username: id,
    password: apiKey,
    clean: true,
    reconnectPeriod: 0,
  });
}
