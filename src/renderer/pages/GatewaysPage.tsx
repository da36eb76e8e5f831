import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../net/client';
import { ConnectionBadge, StatusBadge } from '../components/Badges';
import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';
import { Card, PageHeader } from '../components/Card';
import { Empty, Loaded } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { useModelNames } from '../hooks/useModelNames';
import { formatTime } from '../lib/format';
import { upsertGateway } from '../lib/live';
import { GatewayFilterBar } from '../components/floor/GatewayFilterBar';
import { filterGateways, type GatewayFilter } from '../lib/filters';

export function GatewaysPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const state = useApi((s) => api.gateways(s), []);
  const modelName = useModelNames();
  const { setData } = state;
  const [filter, setFilter] = useState<GatewayFilter>({ text: '', status: '', sort: 'name' });
  // once per list or filter, not once per use (1 000 gateways sorted by name is most of a render)
  const shown = useMemo(
    () => (state.data ? filterGateways(state.data, filter, modelName) : []),
    [state.data, filter, modelName],
  );

  useLiveEvents((ev) => {
    if (ev.type === 'gateway') setData((list) => (list ? upsertGateway(list, ev) : list));
  });

  return (
    <div className="page">
      <PageHeader
        title={t('gateways.title')}
        actions={
          <>
            <button type="button" className="btn" onClick={state.reload}>
              {t('common.refresh')}
            </button>
            <Link className="btn" to="/gateways/find" data-testid="gateways-find">
              {t('discovery.findLink')}
            </Link>
            <RequireRole role="technician">
              <Link className="btn btn-primary" to="/register">
                {t('gateways.register')}
              </Link>
            </RequireRole>
          </>
        }
      />
      <ReadOnlyNote />
      <Loaded state={state}>
        {(list) =>
          list.length === 0 ? (
            <Card>
              <Empty title={t('gateways.empty')} hint={t('gateways.emptyHint')}>
                <RequireRole role="technician">
                  <Link className="btn btn-primary" to="/register">
                    {t('gateways.register')}
                  </Link>{' '}
                </RequireRole>
                <Link className="btn" to="/gateways/find">
                  {t('discovery.findLink')}
                </Link>
              </Empty>
            </Card>
          ) : (
            <Card>
              <GatewayFilterBar
                filter={filter}
                onChange={setFilter}
                shown={shown.length}
                total={list.length}
              />
              {shown.length === 0 && <p className="muted">{t('floor.gateways.noMatch')}</p>}
              <table className="table table-hover">
                <thead>
                  <tr>
                    <th>{t('gateway.name')}</th>
                    <th className="col-opt">{t('gateway.model')}</th>
                    <th>{t('gateway.connection')}</th>
                    <th className="col-opt">{t('gateway.since')}</th>
                    <th>{t('gateway.status')}</th>
                    <th className="num col-opt2">{t('gateway.sensors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((g) => (
                    <tr
                      key={g.id}
                      data-testid={`gateway-row-${g.id}`}
                      className="clickable"
                      tabIndex={0}
                      onClick={() => void navigate(`/gateways/${encodeURIComponent(g.id)}`)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') void navigate(`/gateways/${encodeURIComponent(g.id)}`);
                      }}
                    >
                      <td title={g.id}>
                        <div>{g.name || g.id}</div>
                        <div className="mono muted small ellipsis">{g.id}</div>
                      </td>
                      <td title={g.model} className="col-opt">
                        {modelName(g.model)}
                      </td>
                      <td>
                        <ConnectionBadge gateway={g} />
                      </td>
                      <td className="nowrap muted col-opt">{formatTime(g.connection.since)}</td>
                      <td>
                        <StatusBadge status={g.status} />
                      </td>
                      <td className="num col-opt2">{g.sensors.length}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )
        }
      </Loaded>
    </div>
  );
}
