// Thing+ MQTT topics (protocol §2): everything lives under `v/a/g/{gw}`.

/** Kinds of topic. Direction per protocol §2: all gw→server except `rpcRequest` and `logFilter`. */
export type ThingplusTopicKind =
  | 'mqttStatus'
  | 'gatewayStatus'
  | 'sensorStatus'
  | 'sensorValues'
  | 'gatewayValues'
  | 'rpcResponse'
  | 'log'
  | 'rpcRequest'
  | 'logFilter';

export type ThingplusTopic =
  | { kind: 'sensorStatus' | 'sensorValues'; gatewayId: string; sensorId: string }
  | {
      kind:
        'mqttStatus' | 'gatewayStatus' | 'gatewayValues' | 'rpcResponse' | 'log' | 'rpcRequest' | 'logFilter';
      gatewayId: string;
    };

/** Upper bound on id length: far above real ids (12-char MACs, `{gw}-{addr}-{type}-{seq}`), bounds abuse. */
export const MAX_ID_LENGTH = 128;

// protocol §7: a gateway id is 12 hex chars (the MAC, lower case) or another id of URL-unreserved
// characters `A-Za-z0-9-_.~`. The 12-hex form is a subset of the unreserved form.
const GATEWAY_ID = /^[A-Za-z0-9\-_.~]+$/;

/** protocol §7: gateway ids are URL-unreserved characters (12 hex chars for a MAC), 1..128 long. */
export function isValidGatewayId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && GATEWAY_ID.test(id);
}

// protocol §7: sensor ids come from driver templates (`{gatewayId}-{deviceAddress}-{type}-{sequence}`),
// and device addresses are not constrained by the docs (1-wire ids, BLE addresses with ':'; the
// upstream MQTT page even shows `28–000003a82057` with an en dash). So we accept any printable
// characters except those that break a carrier: `/ + #` (MQTT topic levels and wildcards), `,` (the
// status CSV of §3), whitespace and control characters.
// eslint-disable-next-line no-control-regex
const SENSOR_ID_FORBIDDEN = /[/+#,\s\u0000-\u001f\u007f]/u;

export function isValidSensorId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && !SENSOR_ID_FORBIDDEN.test(id);
}

const PREFIX = 'v/a/g/';

/** Parses a topic of protocol §2; null for anything else (including invalid ids and wildcards). */
export function parseTopic(topic: string): ThingplusTopic | null {
  if (!topic.startsWith(PREFIX)) return null;
  const parts = topic.slice(PREFIX.length).split('/');
  const gatewayId = parts[0];
  if (!isValidGatewayId(gatewayId)) return null;
  switch (parts.length) {
    case 1:
      return { kind: 'gatewayValues', gatewayId };
    case 2:
      switch (parts[1]) {
        case 'status':
          return { kind: 'gatewayStatus', gatewayId };
        case 'req':
          return { kind: 'rpcRequest', gatewayId };
        case 'res':
          return { kind: 'rpcResponse', gatewayId };
        case 'log':
          return { kind: 'log', gatewayId };
        default:
          return null;
      }
    case 3:
      if (parts[1] === 'mqtt' && parts[2] === 'status') return { kind: 'mqttStatus', gatewayId };
      if (parts[1] === 'log' && parts[2] === 'filter') return { kind: 'logFilter', gatewayId };
      if (parts[1] === 's' && isValidSensorId(parts[2])) {
        return { kind: 'sensorValues', gatewayId, sensorId: parts[2] };
      }
      return null;
    case 4:
      if (parts[1] === 's' && parts[3] === 'status' && isValidSensorId(parts[2])) {
        return { kind: 'sensorStatus', gatewayId, sensorId: parts[2] };
      }
      return null;
    default:
      return null;
  }
}

/** Topic builders (protocol §2). Ids are not validated here: validate at the edge of the system. */
export const topics = {
  gatewayValues: (gw: string): string => `${PREFIX}${gw}`,
  gatewayStatus: (gw: string): string => `${PREFIX}${gw}/status`,
  mqttStatus: (gw: string): string => `${PREFIX}${gw}/mqtt/status`,
  sensorValues: (gw: string, sid: string): string => `${PREFIX}${gw}/s/${sid}`,
  sensorStatus: (gw: string, sid: string): string => `${PREFIX}${gw}/s/${sid}/status`,
  req: (gw: string): string => `${PREFIX}${gw}/req`,
  res: (gw: string): string => `${PREFIX}${gw}/res`,
  log: (gw: string): string => `${PREFIX}${gw}/log`,
  logFilter: (gw: string): string => `${PREFIX}${gw}/log/filter`,
} as const;

/** The inverse of parseTopic. */
export function formatTopic(t: ThingplusTopic): string {
  switch (t.kind) {
    case 'sensorValues':
      return topics.sensorValues(t.gatewayId, t.sensorId);
    case 'sensorStatus':
      return topics.sensorStatus(t.gatewayId, t.sensorId);
    case 'gatewayValues':
      return topics.gatewayValues(t.gatewayId);
    case 'gatewayStatus':
      return topics.gatewayStatus(t.gatewayId);
    case 'mqttStatus':
      return topics.mqttStatus(t.gatewayId);
    case 'rpcRequest':
      return topics.req(t.gatewayId);
    case 'rpcResponse':
      return topics.res(t.gatewayId);
    case 'log':
      return topics.log(t.gatewayId);
    case 'logFilter':
      return topics.logFilter(t.gatewayId);
  }
}
