import { hostname } from 'node:os';
import type { FastifyRequest } from 'fastify';
import type { Alarms } from '../alarms/index.js';
import type { Broker } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Dashboards } from '../dashboards/index.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Presence } from '../presence/presence.js';
import type { Registry } from '../registry/index.js';
import type { ControlReplication, Replication } from '../replication/index.js';
import type { ControlHookParts } from '../replication/forward.js';
import { isPeerAddress } from '../replication/forwarded-client.js';
import type { RulesEngine } from '../rules/index.js';
import type { LiveHub } from '../api/index.js';
import type { Timeline } from '../timeline/index.js';
import { wireControlFeed } from './control-feed.js';
import { wirePresenceShare } from './presence-share.js';
import type { SiteViews } from './views.js';

export interface ControlParts {
  control: ControlReplication | null;
  replication: Replication | null;
  coordinator: Coordinator;
  registry: Registry;
  rules: RulesEngine;
  alarms: Alarms;
  dashboards: Dashboards;
  timeline: Timeline;
  live: LiveHub;
  views: SiteViews;
  presence: Presence;
  broker: () => Broker | null;
  metrics: Metrics;
  logger: Logger;
  node: string;
}

/**
 * The replicated control state follows the election and keeps the services' caches true to site.db:
 * a new master takes gateways only once it has applied the control log; after records are applied (or
 * this node's own batches rolled back) each service holding site.db state in memory reads it again.
 * Returns the REST hooks' parts (forward.ts), or null on a single node.
 */
export function wireControl(
  p: ControlParts,
  tls: { on: () => boolean; cert: () => Promise<string> },
): ControlHookParts | null {
  const { control, coordinator } = p;
  if (!control) return null;
  control.setRole(coordinator.isMaster() ? 'master' : 'standby');
  coordinator.on('role', (role) => control.setRole(role));
  p.replication?.gates.push(() => control.refusal());
  // entries other nodes wrote reach this node's open consoles as its own do
  let lastEntry = p.timeline.list({ count: 1 }).data[0]?.id ?? 0;
  p.timeline.on('entry', (entry) => (lastEntry = Math.max(lastEntry, entry.id)));
  control.on('changed', (tables) => {
    if (tables.has('timeline')) {
      const fresh = p.timeline.list({ sinceId: lastEntry, count: 200 }).data;
      lastEntry = Math.max(lastEntry, ...fresh.map((e) => e.id));
      if (p.live.clients > 0)
        for (const entry of fresh.reverse()) p.live.broadcast({ type: 'timeline', entry });
    }
    if (tables.has('gateways') || tables.has('sensors') || tables.has('devices')) p.registry.reload();
    // the open alarms first: the rules read their conditions back from them
    if (tables.has('alarms')) p.alarms.reload();
    if (tables.has('rules') || tables.has('alarms') || tables.has('sensors')) p.rules.reload();
    if (tables.has('dashboards')) p.dashboards.reload();
  });
  wireControlFeed({ ...p, control });
  wirePresenceShare({ ...p, control });
  // told by the node concerned (only it knows), in the one timeline (renderer/lib/replication-messages.ts)
  control.on('snapshotWritten', (seq, why) => {
    const message =
      why === 'seed'
        ? `Cluster node ${p.node} seeded the empty control log with a snapshot of its site state`
        : `Cluster node ${p.node} wrote a snapshot of its control state after the control log lost its tail`;
    p.logger.warn({ seq }, message);
    p.timeline.add({ type: 'site', node: [], severity: 'warning', message });
  });
  control.on('snapshotApplied', (origin, seq, backup) => {
    p.logger.warn({ seq, origin, backup }, 'site.db replaced by a control snapshot');
    if (!backup) return;
    const message = `Cluster node ${p.node} replaced its site.db state with the control snapshot of ${origin}; the old file is kept as ${backup}`;
    p.timeline.add({ type: 'site', node: [], severity: 'warning', message });
  });
  control.on('rolledBack', (err) => {
    p.metrics.recordError({
      kind: err.conflict ? 'control.conflict' : 'control.no-quorum',
      message: err.message,
    });
  });
  return {
    control,
    node: p.node,
    logger: p.logger,
    masterUrl: () => {
      if (coordinator.isMaster()) return null;
      const state = coordinator.state();
      const master = state.nodes.find((n) => n.node === state.master && n.node !== p.node);
      if (!master) return null;
      // a master on this very machine (tests, a witness PC running two nodes) is reached on loopback
      const host = master.host === hostname() ? '127.0.0.1' : master.host;
      return `${tls.on() ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${master.ports.http}`;
    },
    isPeer: (node, address) => isPeerAddress(coordinator.state().nodes, p.node, node, address),
    siteCert: tls.cert,
    unverified: (message) => p.metrics.recordError({ kind: 'api.master-unverified', message }),
    notPeer: (message) => p.metrics.recordError({ kind: 'api.not-peer', message }),
    noQuorum: (message: string, req: FastifyRequest) => {
      p.metrics.recordError({ kind: 'api.no-quorum', message: `${req.method} ${req.url}: ${message}` });
      p.logger.warn(
        { method: req.method, url: req.url, err: message },
        'a write refused: no quorum (ES_NO_QUORUM)',
      );
    },
  };
}
