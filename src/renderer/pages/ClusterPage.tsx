import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../net/client';
import { RoleBadge } from '../components/Badges';
import { Card, Fields, PageHeader } from '../components/Card';
import { SiteAddressField } from '../components/SiteAddressField';
import { Empty, Loaded } from '../components/State';
import { ReplicationCard } from '../components/cluster/ReplicationCard';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { useNow } from '../hooks/useNow';
import { formatDuration, formatTime } from '../lib/format';

const CONN_CLASS = {
  connected: 'badge-ok',
  embedded: 'badge-info',
  suspended: 'badge-warn',
  lost: 'badge-bad',
} as const;

export function ClusterPage() {
  const { t } = useTranslation();
  const state = useApi((s) => api.cluster(s), []);
  const now = useNow(5000);
  const { setData } = state;
  useLiveEvents((ev) => {
    if (ev.type === 'cluster') setData(ev.cluster);
  });

  return (
    <div className="page">
      <PageHeader
        title={t('cluster.title')}
        actions={
          <button type="button" className="btn" onClick={state.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <Loaded state={state}>
        {(c) => (
          <>
            <Card>
              <Fields
                rows={[
                  [t('cluster.mode'), t(`cluster.modes.${c.mode}`)],
                  [t('cluster.self'), <span className="mono">{c.self}</span>],
                  [t('cluster.role'), <RoleBadge role={c.role} />],
                  [
                    t('cluster.connection'),
                    <span className={`badge ${CONN_CLASS[c.connection]}`}>{c.connection}</span>,
                  ],
                  [t('cluster.master'), <span className="mono">{c.master ?? t('cluster.noMaster')}</span>],
                  [t('cluster.epoch'), c.epoch],
                  ...(c.siteAddress
                    ? [
                        [t('siteAddress.label'), <SiteAddressField view={c.siteAddress} />] as [
                          ReactNode,
                          ReactNode,
                        ],
                      ]
                    : []),
                ]}
              />
            </Card>
            <ReplicationCard replication={c.replication} self={c.self} />
            <Card title={t('cluster.nodes')}>
              {c.nodes.length === 0 ? (
                <Empty title={t('cluster.noNodes')} hint={t('cluster.noNodesHint')} />
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('cluster.node')}</th>
                      <th>{t('cluster.host')}</th>
                      <th>{t('cluster.ports')}</th>
                      <th>{t('cluster.role')}</th>
                      <th>{t('cluster.uptime')}</th>
                      <th>{t('cluster.version')}</th>
                      <th>{t('cluster.zkState')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.nodes.map((n) => (
                      <tr
                        key={n.node}
                        data-testid={`cluster-node-${n.node}`}
                        className={n.node === c.self ? 'self' : ''}
                      >
                        <td className="mono">
                          {n.node}
                          {n.node === c.self && (
                            <span className="badge badge-info badge-tiny">{t('cluster.thisNode')}</span>
                          )}
                        </td>
                        <td className="mono">{n.host}</td>
                        <td className="mono">
                          http {n.ports.http} · mqtt {n.ports.mqtt}
                        </td>
                        <td>
                          <RoleBadge role={n.role} />
                        </td>
                        <td title={formatTime(n.started)}>{formatDuration(now - n.started)}</td>
                        <td>{n.version}</td>
                        <td>{n.zkState ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
            <div className="grid-2">
              <Card title={t('cluster.votes')}>
                {c.votes.length === 0 ? (
                  <Empty title={t('cluster.noVotes')} hint={t('cluster.noVotesHint')} />
                ) : (
                  <table className="table table-compact">
                    <thead>
                      <tr>
                        <th>#</th>
                        <th>{t('cluster.ticket')}</th>
                        <th>{t('cluster.node')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.votes.map((v, i) => (
                        <tr key={v.ticket}>
                          <td>{i + 1}</td>
                          <td className="mono">{v.ticket}</td>
                          <td className="mono">{v.node}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
              <Card title={t('cluster.history')}>
                {c.history.length === 0 ? (
                  <Empty title={t('cluster.noHistory')} />
                ) : (
                  <table className="table table-compact">
                    <thead>
                      <tr>
                        <th>{t('common.time')}</th>
                        <th>{t('cluster.master')}</th>
                        <th>{t('cluster.epoch')}</th>
                        <th>{t('cluster.reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...c.history]
                        .sort((a, b) => b.time - a.time)
                        .map((h, i) => (
                          <tr key={`${h.epoch}-${h.time}-${i}`}>
                            <td className="nowrap">{formatTime(h.time)}</td>
                            <td className="mono">{h.master ?? '—'}</td>
                            <td>{h.epoch}</td>
                            <td>{h.reason}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                )}
              </Card>
            </div>
            <Card title={t('cluster.config')}>
              <pre className="json">{JSON.stringify(c.config, null, 2)}</pre>
            </Card>
          </>
        )}
      </Loaded>
    </div>
  );
}
