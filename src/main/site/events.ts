import type { Alarms } from '../alarms/index.js';
import type { LiveHub } from '../api/index.js';
import type { Broker, Ingest } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Dashboards } from '../dashboards/index.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Presence } from '../presence/presence.js';
import type { Registry } from '../registry/index.js';
import type { RulesEngine } from '../rules/index.js';
import type { SeriesStore } from '../series/types.js';
import type { Timeline } from '../timeline/index.js';
import type { Guard } from './guard.js';
import type { SiteViews } from './views.js';

export interface EventParts {
  registry: Registry;
  presence: Presence;
  ingest: Ingest;
  series: SeriesStore;
  rules: RulesEngine;
  alarms: Alarms;
  dashboards: Dashboards;
  timeline: Timeline;
  metrics: Metrics;
  coordinator: Coordinator;
  live: LiveHub;
  views: SiteViews;
  logger: Logger;
  safely: Guard;
  /** the broker once started (null before) */
  broker: () => Broker | null;
}

/** Values to the rules and the console; alarms never wait for storage. */
export function wireValues(p: EventParts): void {
  // no event at all for a packed message's sensor that no rule watches while no console is open
  p.ingest.valuesWanted = (gatewayId, sensorId, sensorType) =>
    p.live.clients > 0 || p.rules.watches(gatewayId, sensorId, sensorType);
  p.ingest.on(
    'values',
    p.safely('rules and live values', (event) => {
      p.rules.onValues(event);
      p.live.values(event.gatewayId, event.sensorId, event.points);
    }),
  );
  // Values refused by the series store (no PUBACK, the gateway sends them again) still go through the
  // rules, so a threshold alarm is raised on a full disk. The rules' throttle (by point time) keeps the
  // resent or later stored copy from firing twice.
  p.ingest.on(
    'refused',
    p.safely('rules on refused values', (event) => p.rules.onValues(event)),
  );
  // status triggers: a gateway's connection or reported status, a sensor's reported status
  p.presence.on(
    'gateway',
    p.safely('rules on gateway status', (gatewayId) => p.rules.onGatewayStatus(gatewayId)),
  );
  p.presence.on(
    'sensorStatus',
    p.safely('rules on sensor status', (gatewayId, sensorId, status) =>
      p.rules.onSensorStatus(gatewayId, sensorId, status.status),
    ),
  );
}

/** Every change the console shows live. */
export function wireLiveFeed(p: EventParts): void {
  const { live } = p;
  p.presence.on('gateway', (gatewayId) => {
    if (live.clients > 0 && p.registry.hasGateway(gatewayId))
      live.broadcast({ type: 'gateway', gateway: p.views.gateway(gatewayId) });
  });
  p.presence.on('sensorStatus', (gatewayId, sensorId, status) =>
    live.broadcast({
      type: 'sensorStatus',
      gatewayId,
      sensorId,
      status: status.status,
      expireAt: status.expireAt,
    }),
  );
  p.timeline.on('entry', (entry) => live.broadcast({ type: 'timeline', entry }));
  p.metrics.on('error', (error) => live.broadcast({ type: 'error', error }));
  p.registry.on('pending', (gatewayId) => live.broadcast({ type: 'pending', gatewayId }));
  p.registry.on('gateway', (gatewayId) =>
    live.broadcast({ type: 'gateway', gateway: p.views.gateway(gatewayId) }),
  );
  // a sensor added, renamed or removed changes its gateway's list: the console (onboarding) follows it live
  const sensorsChanged = (gatewayId: string): void => {
    if (p.registry.hasGateway(gatewayId))
      live.broadcast({ type: 'gateway', gateway: p.views.gateway(gatewayId) });
  };
  p.registry.on('sensor', sensorsChanged);
  p.registry.on('sensorDeleted', sensorsChanged);
  // every raise and transition (operator, rule or shelf timer): the header's count and the alarms page
  p.alarms.on('alarm', (alarm) => live.broadcast({ type: 'alarm', alarm }));
  // rules and dashboards are read again by the pages showing them; the rules engine also re-indexes
  // when only alarms or sensors changed, so its consoles are told only when the rules did
  let rules = JSON.stringify(p.rules.list());
  p.rules.on('changed', () => {
    const now = JSON.stringify(p.rules.list());
    if (now === rules) return;
    rules = now;
    live.broadcast({ type: 'changed', what: 'rules' });
  });
  p.dashboards.on('changed', () => live.broadcast({ type: 'changed', what: 'dashboards' }));
}

/** What follows from a change in the registry: deleted sensors and gateways, rotated keys. */
export function wireRegistry(p: EventParts): void {
  p.presence.on('flushFailed', (err) => {
    p.logger.error({ err }, 'statuses not saved; retrying');
    p.metrics.recordError({ kind: 'storage.status', message: `statuses not saved: ${err.message}` });
  });
  p.registry.on('sensorDeleted', (gatewayId, sensorId) => {
    p.rules.deleteForSensor(gatewayId, sensorId);
    p.series
      .deleteSensor(gatewayId, sensorId)
      .catch((err: unknown) => p.logger.error({ err, gatewayId, sensorId }, 'deleting sensor values failed'));
  });
  p.registry.on('gatewayDeleted', (gatewayId) => {
    p.rules.deleteForSensor(gatewayId);
    p.presence.forget(gatewayId);
    p.broker()?.disconnect(gatewayId);
  });
  // alarms follow their rules: closed with a deleted rule, out of service with a deactivated one
  p.rules.on(
    'changed',
    p.safely('alarms following the rules', () => p.alarms.reconcileRules(p.rules.list())),
  );
  p.alarms.reconcileRules(p.rules.list());
  // a rotated key means the old one may be compromised: the session it opened ends now
  p.registry.on('apiKeyRotated', (gatewayId) => p.broker()?.disconnect(gatewayId));
}
