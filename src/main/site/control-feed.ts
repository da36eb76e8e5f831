import type { Alarms } from '../alarms/index.js';
import type { LiveHub } from '../api/index.js';
import type { Registry } from '../registry/index.js';
import type { ControlReplication } from '../replication/index.js';
import type { SiteViews } from './views.js';

export interface ControlFeedParts {
  control: ControlReplication;
  registry: Registry;
  alarms: Alarms;
  views: SiteViews;
  live: LiveHub;
}

/** an alarm written this long before the newest one seen is still compared (writers' clocks differ) */
const ALARM_WINDOW_MS = 60_000;

/**
 * The console's live events for changes another node made: the services here hear nothing of a record
 * applied from the control log (they only read site.db again), so what it changed is found by comparing
 * with what was there, and sent as the same events the writing node's services send (site/events.ts):
 * `gateway` for a gateway or its sensors added or changed, `alarm` for a raise or transition.
 * Registered after the services' reloads (site/control.ts), so it reads the applied state.
 */
export function wireControlFeed(p: ControlFeedParts): void {
  const gatewaySignature = (id: string): string =>
    JSON.stringify([p.registry.getGateway(id), p.registry.listSensors(id)]);
  const gateways = new Map<string, string>();
  for (const g of p.registry.listGateways()) gateways.set(g.id, gatewaySignature(g.id));

  let alarmsFrom = Date.now() - ALARM_WINDOW_MS;
  const alarms = new Map<number, { text: string; updatedAt: number }>();
  const readAlarms = (send: boolean): void => {
    for (const { updatedAt, ...alarm } of p.alarms.updatedSince(alarmsFrom)) {
      alarmsFrom = Math.max(alarmsFrom, updatedAt - ALARM_WINDOW_MS);
      const text = JSON.stringify(alarm);
      if (alarms.get(alarm.id)?.text === text) continue;
      alarms.set(alarm.id, { text, updatedAt });
      if (send) p.live.broadcast({ type: 'alarm', alarm });
    }
    for (const [id, seen] of alarms) if (seen.updatedAt < alarmsFrom) alarms.delete(id);
  };
  readAlarms(false);
  // this node's own changes were sent by its services: not again when a record of another's follows
  p.alarms.on('alarm', (alarm) =>
    alarms.set(alarm.id, { text: JSON.stringify(alarm), updatedAt: Date.now() }),
  );
  const own = (id: string): void => {
    if (p.registry.hasGateway(id)) gateways.set(id, gatewaySignature(id));
  };
  p.registry.on('gateway', own);
  p.registry.on('sensor', own);
  p.registry.on('sensorDeleted', own);

  p.control.on('changed', (tables) => {
    if (tables.has('gateways') || tables.has('sensors') || tables.has('devices')) {
      const seen = new Set<string>();
      for (const g of p.registry.listGateways()) {
        seen.add(g.id);
        const signature = gatewaySignature(g.id);
        if (gateways.get(g.id) === signature) continue;
        gateways.set(g.id, signature);
        p.live.broadcast({ type: 'gateway', gateway: p.views.gateway(g.id) });
      }
      for (const id of gateways.keys()) if (!seen.has(id)) gateways.delete(id);
    }
    if (tables.has('alarms')) readAlarms(p.live.clients > 0);
  });
}
