import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../net/client';
import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';
import { Card, PageHeader } from '../components/Card';
import { Empty, Loaded } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { useModelNames } from '../hooks/useModelNames';
import { upsertGateway } from '../lib/live';
import { GatewayFilterBar } from '../components/floor/GatewayFilterBar';
import { filterGateways, type GatewayFilter } from '../lib/filters';
import { GatewayTable } from '../components/floor/GatewayTable';

export function GatewaysPage() {
  const { t } = useTranslation();
  // boot.ts asked for it before the console's script was evaluated: usually in by this first render
  const state = useApi((s) => api.gateways(s), [], { initial: api.gatewaysIfIn });
  const modelName = useModelNames();
  const { setData } = state;
  const [search] = useSearchParams();
  // the overview's "and N more down" opens the list with the down gateways first
  const [filter, setFilter] = useState<GatewayFilter>(() => ({
    text: '',
    status: '',
    sort: search.get('sort') === 'status' ? 'status' : 'name',
  }));
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
              <GatewayTable gateways={shown} modelName={modelName} />
            </Card>
          )
        }
      </Loaded>
    </div>
  );
}
