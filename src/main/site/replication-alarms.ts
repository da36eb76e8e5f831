import type { ReplicationState } from '../../shared/api.js';
import { SYSTEM_RULES, type ReplicationProblem } from '../../shared/system-alarms.js';
import type { SystemCondition } from '../alarms/index.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Timeline } from '../timeline/index.js';

/** a node this far behind the log (or silent) is reported; it is cleared once it is back */
export const BEHIND_SECONDS = 10;

/** what the replication alarms need of the alarms service (alarms/alarms.ts) */
export interface SystemAlarmSink {
  systemCondition(c: SystemCondition): void;
  systemActive(ruleId: number, subject: string): boolean;
  systemRecorded(ruleId: number, subject: string, since: number): boolean;
}

export interface ReplicationAlarmParts {
  alarms: SystemAlarmSink;
  timeline: Timeline;
  metrics: Metrics;
  logger: Logger;
  /** this node records the site's alarms (the master; a single node always) */
  isMaster: () => boolean;
  /** no control-log batch of this node is open: what site.db shows now is what the log holds */
  settled: () => boolean;
  now?: () => number;
}

/** lost-quorum episodes kept for recording at most (a flapping quorum is one alarm re-raised anyway) */
const MAX_UNRECORDED = 20;

/** states in a row (one a second) that must show the quorum before it counts as back */
const QUORUM_BACK_AFTER = 3;

interface Late {
  since: number;
  silent: boolean;
  lagSeconds: number;
}

/**
 * Replication problems become site alarms (issue #18). Every node follows its own replication state:
 * a lost quorum of the values log (fatal) and a cluster node behind or silent (warning), with when it
 * began. The master records them as alarms (system-alarms.ts) and returns them to normal when the
 * condition ends; operators acknowledge them like rule alarms. A lost quorum cannot be written through
 * the control log while it lasts: it is shown at once from this node's state (`recorded: false`), and
 * written with its true raise time, then returned to normal, once the log has its quorum again. Each
 * transition is also a timeline entry, a log line and a counted error, as before.
 */
export class ReplicationAlarms {
  private quorum: ReplicationState['quorum'] = 'unknown';
  private stream = '';
  private quorumLostSince: number | null = null;
  private okStreak = 0;
  /** lost-quorum episodes over but not yet recorded by this node (master), their start times */
  private unrecorded: number[] = [];
  private readonly late = new Map<string, Late>();
  private readonly now: () => number;

  constructor(private readonly p: ReplicationAlarmParts) {
    this.now = p.now ?? Date.now;
  }

  check(state: ReplicationState): void {
    this.stream = state.stream;
    this.followQuorum(state);
    this.followNodes(state);
    if (this.p.isMaster()) this.record(state);
    // a standby's episodes are the master's to record; kept in case this node becomes master first
    else if (this.unrecorded.length > 0) this.prune();
  }

  private prune(): void {
    const { id } = SYSTEM_RULES.valuesQuorum;
    this.unrecorded = this.unrecorded
      .filter((since) => !this.p.alarms.systemRecorded(id, this.stream, since))
      .slice(-MAX_UNRECORDED);
  }

  /** what this node sees now, each with whether an open alarm holds it */
  problems(): ReplicationProblem[] {
    const out: ReplicationProblem[] = [];
    const { valuesQuorum, nodeLate } = SYSTEM_RULES;
    if (this.quorumLostSince !== null)
      out.push({
        kind: 'valuesQuorum',
        subject: this.stream,
        severity: valuesQuorum.severity,
        since: this.quorumLostSince,
        recorded: this.p.alarms.systemActive(valuesQuorum.id, this.stream),
      });
    for (const [node, late] of this.late)
      out.push({
        kind: 'nodeLate',
        detail: late.silent ? 'silent' : 'behind',
        subject: node,
        severity: nodeLate.severity,
        since: late.since,
        recorded: this.p.alarms.systemActive(nodeLate.id, node),
        ...(late.silent ? {} : { lagSeconds: Math.round(late.lagSeconds) }),
      });
    return out;
  }

  private followQuorum(state: ReplicationState): void {
    if (state.quorum === 'lost') this.okStreak = 0;
    if (state.quorum === this.quorum || state.quorum === 'unknown') return;
    // while the servers are down a stream leader may answer for a moment as if it still led a quorum:
    // the quorum is back only once it stays back
    if (state.quorum === 'ok' && this.quorum === 'lost' && ++this.okStreak < QUORUM_BACK_AFTER) return;
    this.okStreak = 0;
    if (state.quorum === 'lost') {
      this.quorumLostSince = this.now();
      this.note(
        'fatal',
        'replication.quorum',
        `The replicated values log ${state.stream} has no quorum: sensor values cannot be acknowledged (gateways keep and resend them)`,
      );
    } else if (this.quorum === 'lost') {
      if (this.quorumLostSince !== null) this.unrecorded.push(this.quorumLostSince);
      this.quorumLostSince = null;
      this.note('information', null, `The replicated values log ${state.stream} has its quorum again`);
    }
    this.quorum = state.quorum;
  }

  private followNodes(state: ReplicationState): void {
    for (const node of state.nodes) {
      const isLate = !node.connected || node.lagSeconds > BEHIND_SECONDS;
      const was = this.late.get(node.node);
      if (isLate) {
        const late = {
          since: was?.since ?? this.now(),
          silent: !node.connected,
          lagSeconds: node.lagSeconds,
        };
        this.late.set(node.node, late);
        if (!was)
          this.note(
            'warning',
            'replication.behind',
            node.connected
              ? `Cluster node ${node.node} is ${Math.round(node.lagSeconds)} s (${node.lagMessages} messages) behind the values log`
              : `Cluster node ${node.node} stopped reporting its replication state`,
          );
      } else if (was) {
        this.late.delete(node.node);
        this.note('information', null, `Cluster node ${node.node} has caught up with the values log`);
      }
    }
  }

  /**
   * The master writes what it sees into the alarms, level-triggered: a write the control log refused is
   * rolled back (the alarms reload), so it is simply made again on the next state. Nothing is written
   * while the quorum is lost: it could not be.
   */
  private record(state: ReplicationState): void {
    // the quorum as followed (back only once it stays back): a write made while a stale leader answers
    // for a moment may be committed only when the servers return, after this node was told it failed,
    // and its later writes then conflict until it has applied it
    if (this.quorum !== 'ok' || state.quorum !== 'ok') return;
    const { valuesQuorum, nodeLate } = SYSTEM_RULES;
    const subject = state.stream;
    for (const since of this.unrecorded) {
      if (this.p.alarms.systemRecorded(valuesQuorum.id, subject, since)) continue;
      const value = 'no quorum';
      this.p.alarms.systemCondition({ rule: valuesQuorum, subject, active: true, value, since });
      this.p.alarms.systemCondition({ rule: valuesQuorum, subject, active: false, value, since });
    }
    // kept until site.db holds them with no batch of ours still open (a refused one is rolled back)
    if (this.p.settled()) this.prune();
    for (const node of state.nodes) {
      const late = this.late.get(node.node);
      this.p.alarms.systemCondition({
        rule: nodeLate,
        subject: node.node,
        active: late !== undefined,
        value: late?.silent ? 'silent' : 'behind',
        since: late?.since ?? this.now(),
      });
    }
  }

  private note(severity: 'fatal' | 'warning' | 'information', kind: string | null, message: string): void {
    if (severity === 'information') this.p.logger.info(message);
    else this.p.logger.warn(message);
    if (kind) this.p.metrics.recordError({ kind, message });
    // one site, one timeline (the control log): the master tells it, the others only log and count
    if (!this.p.isMaster()) return;
    this.p.timeline.add({ type: 'site', node: [], severity, message });
  }
}
