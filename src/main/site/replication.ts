import type { ClusterState, ReplicationState } from '../../shared/api.js';
import type { LiveHub } from '../api/index.js';
import type { Broker } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { ControlReplication, Replication } from '../replication/index.js';
import { clusterView, type SiteAddress } from '../site-address/index.js';
import type { Timeline } from '../timeline/index.js';

export interface ReplicationParts {
  replication: Replication | null;
  control?: ControlReplication | null;
  coordinator: Coordinator;
  live: LiveHub;
  timeline: Timeline;
  metrics: Metrics;
  logger: Logger;
  broker: () => Broker | null;
  siteAddress?: SiteAddress | null;
}

/**
 * The replicated values log follows the election: the master takes gateways (once it has applied the
 * log), a node that stops being master lets its gateways go at once so they reconnect to the site
 * address. Values other nodes received reach this node's live console too. Returns the cluster state
 * with the log's part, for GET /cluster and the live feed.
 */
export function wireReplication(p: ReplicationParts): () => ClusterState {
  const { replication, coordinator } = p;
  const clusterState = (): ClusterState => ({
    ...clusterView(p),
    replication: replication ? { ...replication.state(), control: p.control?.state() ?? null } : null,
  });
  // the election's changes, with the log's state beside them (site/replication.ts owns the whole view)
  const broadcast = (): void => p.live.broadcast({ type: 'cluster', cluster: clusterState() });
  coordinator.on('state', broadcast);
  p.siteAddress?.on('changed', broadcast);
  const letGo = (why: string, epoch?: number): void => {
    const broker = p.broker();
    const gateways = broker?.connectedGateways() ?? [];
    for (const gatewayId of gateways) broker?.disconnect(gatewayId);
    if (gateways.length > 0)
      p.logger.info({ epoch, gateways: gateways.length }, `${why}: gateways let go to the site address`);
  };
  // before the address goes (its release runs first in the role change): their FIN leaves from it, so
  // gateways reconnect at once instead of after their retransmissions time out
  p.siteAddress?.beforeRelease(() => letGo('site address released'));
  if (!replication) return clusterState;
  coordinator.on('role', (role, epoch) => {
    replication.setRole(role);
    if (role !== 'master') letGo('no longer master', epoch);
  });
  replication.on('applied', (record) => {
    if (p.live.clients === 0) return;
    for (const batch of record.batches) p.live.values(record.gatewayId, batch.sensorId, batch.points);
  });
  replication.on('republished', (count) => {
    const message = `Cluster node ${replication.node} re-published ${count} values after the values log lost its tail`;
    p.logger.warn(message);
    // told by the node that did it (only it knows), whichever its role: one entry per node that had the tail
    p.timeline.add({ type: 'site', node: [], severity: 'warning', message });
  });
  const alerts = new ReplicationAlerts(p);
  replication.on('state', (state) => {
    alerts.check(state);
    if (p.live.clients > 0) p.live.broadcast({ type: 'cluster', cluster: clusterState() });
  });
  return clusterState;
}

/** a node this far behind the log (or silent this long) is reported; it is cleared once it is back */
export const BEHIND_SECONDS = 10;

/**
 * What the operator is told about the log: a lost quorum (values cannot be acknowledged) is a fatal
 * timeline entry, a node that falls behind or stops reporting a warning, each with its recovery, once
 * per transition; also a log line and a counted error, like the disk's alerts.
 */
class ReplicationAlerts {
  private quorum: ReplicationState['quorum'] = 'unknown';
  private readonly behind = new Set<string>();

  constructor(private readonly p: ReplicationParts) {}

  check(state: ReplicationState): void {
    if (state.quorum !== this.quorum && state.quorum !== 'unknown') {
      if (state.quorum === 'lost')
        this.note(
          'fatal',
          'replication.quorum',
          `The replicated values log ${state.stream} has no quorum: sensor values cannot be acknowledged (gateways keep and resend them)`,
        );
      else if (this.quorum === 'lost')
        this.note('information', null, `The replicated values log ${state.stream} has its quorum again`);
      this.quorum = state.quorum;
    }
    for (const node of state.nodes) {
      const late = !node.connected || node.lagSeconds > BEHIND_SECONDS;
      if (late && !this.behind.has(node.node)) {
        this.behind.add(node.node);
        this.note(
          'warning',
          'replication.behind',
          node.connected
            ? `Cluster node ${node.node} is ${Math.round(node.lagSeconds)} s (${node.lagMessages} messages) behind the values log`
            : `Cluster node ${node.node} stopped reporting its replication state`,
        );
      } else if (!late && this.behind.delete(node.node)) {
        this.note('information', null, `Cluster node ${node.node} has caught up with the values log`);
      }
    }
  }

  private note(severity: 'fatal' | 'warning' | 'information', kind: string | null, message: string): void {
    if (severity === 'information') this.p.logger.info(message);
    else this.p.logger.warn(message);
    if (kind) this.p.metrics.recordError({ kind, message });
    // one site, one timeline (the control log): the master tells it, the others only log and count
    if (this.p.replication && !this.p.coordinator.isMaster()) return;
    this.p.timeline.add({ type: 'site', node: [], severity, message });
  }
}
