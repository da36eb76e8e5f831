// Topic ACL for gateways (protocol §2): "A gateway may only publish under its own `v/a/g/{gw}` and
// subscribe to its own `req` and `log/filter`."
import { parseTopic, topics, type ThingplusTopicKind } from './topics.js';

/** Topics that flow gateway → server (protocol §2 table). */
const GATEWAY_PUBLISHES: ReadonlySet<ThingplusTopicKind> = new Set<ThingplusTopicKind>([
  'mqttStatus',
  'gatewayStatus',
  'sensorStatus',
  'sensorValues',
  'gatewayValues',
  'rpcResponse',
  'log',
]);

/**
 * True when gateway `gatewayId` may publish on `topic`: a known gw→server topic of protocol §2 under its
 * own `v/a/g/{gw}`. Server→gateway topics (`req`, `log/filter`), unknown sub-topics, other gateways'
 * topics and wildcards are refused.
 */
export function gatewayMayPublish(gatewayId: string, topic: string): boolean {
  const parsed = parseTopic(topic);
  return parsed !== null && parsed.gatewayId === gatewayId && GATEWAY_PUBLISHES.has(parsed.kind);
}

/**
 * True when gateway `gatewayId` may subscribe to `topicFilter`: exactly its own `req` or `log/filter`.
 * Wildcards (`+`, `#`), shared subscriptions and other gateways' topics are refused.
 */
export function gatewayMaySubscribe(gatewayId: string, topicFilter: string): boolean {
  if (topicFilter.includes('+') || topicFilter.includes('#')) return false;
  if (parseTopic(topicFilter)?.gatewayId !== gatewayId) return false;
  return topicFilter === topics.req(gatewayId) || topicFilter === topics.logFilter(gatewayId);
}
