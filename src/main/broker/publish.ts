import type { Aedes, PublishPacket } from 'aedes';
import type { Logger } from '../logger/logger.js';
import type { AckWindows } from './ack-windows.js';
import type { Metrics } from '../metrics/index.js';
import type { GatewayLink } from './gateway-link.js';
import type { Ingest } from './ingest.js';
import { gatewayMayPublish, parseTopic } from './thingplus/index.js';

export interface PublishDeps {
  ingest: Ingest;
  link: GatewayLink;
  metrics: Metrics;
  logger: Logger;
  maxPayloadBytes: number;
  /** senders' QoS 1 windows: commit at once when all of them wait on queued messages (null: never) */
  windows: AckWindows | null;
}

/**
 * aedes' `authorizePublish`: the durability contract lives here. Sensor values are stored inside the
 * hook, whose callback aedes awaits before it sends PUBACK ([MQTT-4.3.2-2]: the receiver acknowledges
 * after taking ownership): `done` is called only once the values are committed, so every PUBACK means
 * "on disk"; a failed commit closes the connection without PUBACK and the gateway sends again. Statuses,
 * RPC answers and log lines are handled at once. A gateway may publish only under its own topics.
 */
export function publishAuthorizer(deps: PublishDeps): Aedes['authorizePublish'] {
  const { ingest, link, metrics, logger, maxPayloadBytes, windows } = deps;
  const options = { maxPayloadBytes };
  return (client, packet: PublishPacket, done) => {
    const receivedAt = Date.now();
    const topic = packet.topic;
    // client is null only for a will aedes publishes after the session ended
    const gatewayId = client?.id ?? parseTopic(topic)?.gatewayId;
    if (!gatewayId || !gatewayMayPublish(gatewayId, topic)) {
      metrics.recordError({
        kind: 'acl.publish',
        gatewayId,
        topic,
        message: `gateway ${gatewayId ?? '?'} may not publish to ${topic}`,
      });
      // [MQTT-3.3.5-2] no way to refuse a PUBLISH in 3.1.1 but to close the connection.
      done(new Error(`publishing to ${topic} is not allowed`));
      return;
    }
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (payload.length > options.maxPayloadBytes) {
      metrics.recordRejection(
        { gatewayId, topic },
        [
          {
            kind: 'payload.tooLarge',
            message: `${payload.length} bytes > ${options.maxPayloadBytes}`,
            points: 0,
          },
        ],
        true,
      );
      done(null);
      return;
    }
    const parsed = parseTopic(topic);
    try {
      switch (parsed?.kind) {
        case 'sensorValues':
        case 'gatewayValues': {
          const hurry = client && windows ? windows.published(client) : false;
          const acked = () => {
            if (client) windows?.acked(client);
          };
          ingest
            .handle(
              gatewayId,
              topic,
              payload,
              parsed.kind === 'sensorValues' ? parsed.sensorId : undefined,
              receivedAt,
            )
            .then(
              () => {
                acked();
                done(null);
              },
              (err: unknown) => {
                acked();
                // Not stored → not acknowledged: the gateway keeps the message and sends it again.
                metrics.recordError({
                  kind: 'storage.append',
                  gatewayId,
                  topic,
                  message: (err as Error).message,
                });
                logger.error(
                  { err, gatewayId, topic },
                  'values not stored; closing the connection without PUBACK',
                );
                done(err as Error);
              },
            );
          // after handle(): its values are queued by now (append runs before handle's first await)
          if (hurry) ingest.hurry();
          return;
        }
        case 'mqttStatus':
          link.handleMqttStatus(gatewayId, payload);
          break;
        case 'gatewayStatus':
          link.handleGatewayStatus(gatewayId, payload);
          break;
        case 'sensorStatus':
          link.handleSensorStatus(gatewayId, parsed.sensorId, payload);
          break;
        case 'rpcResponse':
          link.handleRpcResponse(gatewayId, payload);
          break;
        case 'log':
          link.handleLog(gatewayId, payload);
          break;
        default:
          metrics.recordError({ kind: 'topic.unknown', gatewayId, topic, message: `unknown topic ${topic}` });
      }
    } catch (err) {
      // A bug in a handler must not take the broker down or lose the connection.
      logger.error({ err, gatewayId, topic }, 'message handler failed');
      metrics.recordError({ kind: 'internal', gatewayId, topic, message: (err as Error).message });
    }
    done(null);
  };
}
