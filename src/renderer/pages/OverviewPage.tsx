import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../net/client';
import { PageHeader } from '../components/Card';
import { DemoNotice } from '../components/DemoNotice';
import { Loaded } from '../components/State';
import { Onboarding } from '../components/floor/Onboarding';
import { AlarmsCard, GatewaysCard, HealthCard, StaleCard } from '../components/floor/OverviewCards';
import { PlantStatus } from '../components/floor/PlantStatus';
import { useApi } from '../hooks/useApi';
import { useLiveEvents, useLiveLostAt } from '../hooks/useLive';
import { useNow } from '../hooks/useNow';
import { useOpenAlarms } from '../hooks/useOpenAlarms';
import { addRecentError } from '../lib/overview';
import { plantState } from '../lib/plant';

/** The plant at a glance: one state with its reasons, then alarms, gateways, sensors and site health. */
export function OverviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // boot.ts asked for it before the console's script was evaluated: usually in by this first render
  const state = useApi((s) => api.overview(s), [], { initial: api.overviewIfIn });
  const { setData } = state;
  const alarms = useOpenAlarms();
  const lostAt = useLiveLostAt();
  const now = useNow(15_000);
  // a site without gateways opens on the first-run guide, which stays until the user is done with it
  const total = state.data?.gateways.total;
  const [guide, setGuide] = useState<boolean | null>(() => (total === undefined ? null : total === 0));
  useEffect(() => {
    if (guide === null && total !== undefined) setGuide(total === 0);
  }, [guide, total]);

  useLiveEvents((ev) => {
    if (ev.type === 'overview') setData(ev.overview);
    else if (ev.type === 'error') setData((o) => (o ? addRecentError(o, ev.error) : o));
  });

  return (
    <div className="page">
      <PageHeader
        title={t('overview.title')}
        actions={
          <>
            {guide === false && (
              <button
                type="button"
                className="btn"
                data-testid="overview-guide"
                onClick={() => setGuide(true)}
              >
                {t('floor.overview.guide')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => state.reload()}>
              {t('common.refresh')}
            </button>
          </>
        }
      />
      <Loaded state={state}>
        {(o) => {
          if (guide)
            return <Onboarding endpoints={o.endpoints} onDone={() => void navigate('/dashboards')} />;
          const plant = plantState({
            unreachable: lostAt !== null,
            diskLevel: o.disk.level,
            gatewaysTotal: o.gateways.total,
            gatewaysDown: o.gateways.downCount,
            openAlarms: alarms.alarms,
            staleSensors: o.sensors.staleCount,
            errorsLastHour: o.errors.lastHour,
            replication: o.replication ?? [],
          });
          return (
            <>
              <DemoNotice />
              <PlantStatus state={plant} />
              <div className="floor-grid">
                <AlarmsCard open={alarms.alarms} />
                <GatewaysCard
                  total={o.gateways.total}
                  connected={o.gateways.connected}
                  pending={o.gateways.pending}
                  downCount={o.gateways.downCount}
                  down={o.gateways.down}
                  now={now}
                />
                <StaleCard sensors={o.sensors} />
                <HealthCard o={o} now={now} />
              </div>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
