import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReplicaView, ReplicationNodeView, ReplicationState } from '../../../shared/api';
import type { ReplicationProblem } from '../../../shared/system-alarms';
import { RoleBadge } from '../Badges';
import { Card, Fields } from '../Card';
import { Empty } from '../State';
import { useNow } from '../../hooks/useNow';
import { formatDuration, formatTime, groupThousands } from '../../lib/format';
import { refusalText } from '../../lib/replication-messages';
import './replication.css';

/** the site's own threshold (src/main/site/replication-alarms.ts BEHIND_SECONDS): a node past it is an alert */
const BEHIND_SECONDS = 10;

const QUORUM_CLASS = { ok: 'badge-ok', lost: 'badge-bad', unknown: 'badge-warn' } as const;

/** A node the site would report as behind: too far back in the log, or silent. */
export function isBehind(n: ReplicationNodeView): boolean {
  return !n.connected || n.lagSeconds > BEHIND_SECONDS;
}

function YesNo({ yes, testId }: { yes: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${yes ? 'badge-ok' : 'badge-warn'}`} data-testid={testId}>
      {t(yes ? 'replication.yes' : 'replication.no')}
    </span>
  );
}

/**
 * A node row's alarm state: the values log without quorum (every node), the node behind or silent,
 * each with whether the site's alarm is recorded yet; or no alarm.
 */
function NodeAlarm({
  node,
  quorum,
  problems,
}: {
  node: ReplicationNodeView;
  quorum: ReplicationState['quorum'];
  problems: readonly ReplicationProblem[];
}) {
  const { t } = useTranslation();
  const late = problems.find((p) => p.kind === 'nodeLate' && p.subject === node.node);
  const noQuorum = problems.find((p) => p.kind === 'valuesQuorum') ?? null;
  const shown: Array<{ key: string; cls: string; text: string; recorded: boolean | null }> = [];
  if (quorum === 'lost' || noQuorum)
    shown.push({
      key: 'quorum',
      cls: 'badge-bad',
      text: t('replication.alarm.noQuorum'),
      recorded: noQuorum?.recorded ?? false,
    });
  if (late)
    shown.push({
      key: 'late',
      cls: 'badge-warn',
      text: t(late.detail === 'silent' ? 'replication.alarm.silent' : 'replication.alarm.behind'),
      recorded: late.recorded,
    });
  if (shown.length === 0)
    return (
      <span className="badge badge-ok" data-testid={`repl-alarm-${node.node}`} data-alarm="none">
        {t('replication.alarm.none')}
      </span>
    );
  return (
    <div data-testid={`repl-alarm-${node.node}`} data-alarm={shown.map((s) => s.key).join(' ')}>
      {shown.map((s) => (
        <div key={s.key} className="repl-alarm">
          <Link to="/alarms" className={`badge ${s.cls}`}>
            {s.text}
          </Link>
          <span className="muted small nowrap">
            {t(s.recorded ? 'alarms.unrecorded.recorded' : 'alarms.unrecorded.badge')}
          </span>
        </div>
      ))}
    </div>
  );
}

function NodesTable({
  nodes,
  self,
  now,
  quorum,
  problems,
}: {
  nodes: ReplicationNodeView[];
  self: string;
  now: number;
  quorum: ReplicationState['quorum'];
  problems: readonly ReplicationProblem[];
}) {
  const { t } = useTranslation();
  if (nodes.length === 0) return <Empty title={t('replication.noReports')} />;
  return (
    <div className="table-scroll">
      <table className="table table-compact repl-nodes">
        <thead>
          <tr>
            <th>{t('replication.node')}</th>
            <th>{t('replication.role')}</th>
            <th>{t('replication.alarm.title')}</th>
            <th>{t('replication.caughtUp')}</th>
            <th>{t('replication.reporting')}</th>
            <th className="num">{t('replication.appliedUpTo')}</th>
            <th>{t('replication.lag')}</th>
            <th>{t('replication.lastApplied')}</th>
          </tr>
        </thead>
        <tbody>
          {[...nodes]
            .sort((a, b) => a.node.localeCompare(b.node))
            .map((n) => {
              const behind = isBehind(n);
              return (
                <tr
                  key={n.node}
                  data-testid={`repl-node-${n.node}`}
                  className={[behind ? 'repl-behind' : '', n.node === self ? 'self' : ''].join(' ')}
                >
                  <td className="mono">
                    {n.node}
                    {n.node === self && (
                      <span className="badge badge-info badge-tiny">{t('cluster.thisNode')}</span>
                    )}
                  </td>
                  <td>
                    <RoleBadge role={n.role} />
                  </td>
                  <td>
                    <NodeAlarm node={n} quorum={quorum} problems={problems} />
                  </td>
                  <td>
                    <YesNo yes={n.caughtUp} testId={`repl-caught-up-${n.node}`} />
                  </td>
                  <td>
                    <YesNo yes={n.connected} />
                    <div className="muted small nowrap" title={formatTime(n.reportedAt)}>
                      {now - n.reportedAt < 2000
                        ? t('replication.reportedNow')
                        : t('replication.lastReport', { ago: formatDuration(now - n.reportedAt) })}
                    </div>
                  </td>
                  <td className="num mono">{groupThousands(n.lastAppliedSeq)}</td>
                  <td className="nowrap">
                    {t('replication.lagValue', {
                      messages: groupThousands(n.lagMessages),
                      seconds:
                        n.lagSeconds < 1
                          ? t('replication.underASecond')
                          : formatDuration(n.lagSeconds * 1000),
                    })}
                  </td>
                  <td className="nowrap">{formatTime(n.lastAppliedAt)}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
    </div>
  );
}

function ReplicasTable({ replicas }: { replicas: ReplicaView[] }) {
  const { t } = useTranslation();
  if (replicas.length === 0) return <Empty title={t('replication.noReplicas')} />;
  return (
    <table className="table table-compact repl-replicas" data-testid="repl-replicas">
      <thead>
        <tr>
          <th>{t('replication.replica')}</th>
          <th>{t('replication.leader')}</th>
          <th>{t('replication.current')}</th>
          <th className="num">{t('replication.replicaLag')}</th>
        </tr>
      </thead>
      <tbody>
        {replicas.map((r) => (
          <tr key={r.name} className={r.current ? '' : 'repl-behind'}>
            <td className="mono">{r.name}</td>
            <td>{r.leader ? <span className="badge badge-info">{t('replication.leader')}</span> : '—'}</td>
            <td>
              <YesNo yes={r.current} />
            </td>
            <td className="num mono">{groupThousands(r.lag)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function summaryRows(r: ReplicationState, t: (key: string) => string): Array<[ReactNode, ReactNode]> {
  const rows: Array<[ReactNode, ReactNode]> = [
    [t('replication.stream'), <span className="mono">{r.stream}</span>],
    [
      t('replication.lastSeq'),
      <span className="mono" data-testid="repl-last-seq">
        {groupThousands(r.lastSeq)}
      </span>,
    ],
    [
      t('replication.server'),
      <span className="mono">{r.connected ? (r.server ?? '—') : t('replication.notConnected')}</span>,
    ],
  ];
  if (r.lastError) rows.push([t('replication.lastError'), <span className="text-bad">{r.lastError}</span>]);
  return rows;
}

/**
 * The replicated values log on the cluster page (issue #18): is a value acknowledged now (quorum), how
 * far each node has applied the log, and the stream's replicas. A site without replication says so in
 * one line.
 */
export function ReplicationCard({
  replication,
  self,
}: {
  replication: ReplicationState | null | undefined;
  self: string;
}) {
  const { t } = useTranslation();
  const now = useNow(1000);
  if (!replication) {
    return (
      <Card title={t('replication.title')} testId="replication-card">
        <p className="muted" data-testid="replication-off">
          {t('replication.off')}
        </p>
      </Card>
    );
  }
  const r = replication;
  return (
    <Card title={t('replication.title')} testId="replication-card">
      <div className={`repl-quorum repl-quorum-${r.quorum}`}>
        <span className={`badge ${QUORUM_CLASS[r.quorum]}`} data-testid="repl-quorum" data-quorum={r.quorum}>
          {t(`replication.quorum.${r.quorum}`)}
        </span>
        <span>{t(`replication.quorumMeaning.${r.quorum}`)}</span>
      </div>
      {r.gatewayRefusal && (
        <p className="warn-text" data-testid="repl-refusal">
          {t('replication.refusal', { reason: refusalText(r.gatewayRefusal, t) })}
        </p>
      )}
      <Fields rows={summaryRows(r, t)} />
      <h3 className="repl-sub">{t('replication.nodes')}</h3>
      <NodesTable nodes={r.nodes} self={self} now={now} quorum={r.quorum} problems={r.problems ?? []} />
      <h3 className="repl-sub">{t('replication.replicas')}</h3>
      <ReplicasTable replicas={r.replicas} />
    </Card>
  );
}
