// The replication timeline lines (src/main/site/replication.ts writes them in English) in the console's language.
import type { Translate } from './names.js';

const PATTERNS: Array<[RegExp, (m: RegExpExecArray, t: Translate) => string]> = [
  [
    /^The replicated values log (\S+) has no quorum: /,
    (m, t) => t('replication.msg.noQuorum', { stream: m[1] }),
  ],
  [
    /^The replicated values log (\S+) has its quorum again$/,
    (m, t) => t('replication.msg.quorumBack', { stream: m[1] }),
  ],
  [
    /^Cluster node (\S+) is (\d+) s \((\d+) messages\) behind the values log$/,
    (m, t) => t('replication.msg.behind', { node: m[1], seconds: m[2], messages: m[3] }),
  ],
  [
    /^Cluster node (\S+) stopped reporting its replication state$/,
    (m, t) => t('replication.msg.silent', { node: m[1] }),
  ],
  [
    /^Cluster node (\S+) re-published (\d+) values after the values log lost its tail$/,
    (m, t) => t('replication.msg.republished', { node: m[1], count: Number(m[2]) }),
  ],
  [
    /^Cluster node (\S+) seeded the empty control log with a snapshot of its site state$/,
    (m, t) => t('replication.msg.snapshotSeeded', { node: m[1] }),
  ],
  [
    /^Cluster node (\S+) wrote a snapshot of its control state after the control log lost its tail$/,
    (m, t) => t('replication.msg.snapshotWritten', { node: m[1] }),
  ],
  [
    /^Cluster node (\S+) replaced its site\.db state with the control snapshot of (\S+); the old file is kept as (\S+)$/,
    (m, t) => t('replication.msg.snapshotApplied', { node: m[1], from: m[2], backup: m[3] }),
  ],
  [
    /^Cluster node (\S+) has caught up with the values log$/,
    (m, t) => t('replication.msg.caughtUp', { node: m[1] }),
  ],
];

/** The translated line, or null when the message is not one of the replication's. */
export function replicationText(message: string, t: Translate): string | null {
  for (const [re, text] of PATTERNS) {
    const m = re.exec(message);
    if (m) return text(m, t);
  }
  return null;
}

const REFUSALS: Array<[RegExp, (m: RegExpExecArray, t: Translate) => string]> = [
  [/^this node is a standby of a cluster/, (_m, t) => t('replication.refusalReason.standby')],
  [/^the replicated values log is not reachable/, (_m, t) => t('replication.refusalReason.unreachable')],
  [
    /^this node is the new master and still applies the values log \((\d+) records to go\)$/,
    (m, t) => t('replication.refusalReason.catchingUp', { count: Number(m[1]) }),
  ],
  [/^the replicated values log has no quorum/, (_m, t) => t('replication.refusalReason.noQuorum')],
];

/** Why this node takes no gateways (src/main/replication/replication.ts gatewayRefusal), translated when known. */
export function refusalText(reason: string, t: Translate): string {
  for (const [re, text] of REFUSALS) {
    const m = re.exec(reason);
    if (m) return text(m, t);
  }
  return reason;
}
