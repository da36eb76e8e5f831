import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { GatewayView } from '../../shared/model';
import { api } from '../net/client';
import { ApiKeyCard } from '../components/floor/ApiKeyCard';
import { GatewaySensors } from '../components/floor/GatewaySensors';
import { GatewayTls } from '../components/floor/GatewayTls';
import { ConnectRefusal } from '../components/floor/ConnectRefusal';
import { LegacyFields, LegacyNotice, useLegacyStatus } from '../components/floor/LegacyAllowance';
import { ConnectionBadge, StatusBadge } from '../components/Badges';
import { ExportPanel } from '../components/ExportPanel';
import { Card, Fields, PageHeader } from '../components/Card';
import { Empty, ErrorBox, Loaded } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { useModelNames } from '../hooks/useModelNames';
import { useNow } from '../hooks/useNow';
import { formatReportInterval, formatTime } from '../lib/format';
import { applySensorStatus, applyValues } from '../lib/live';
import { useDialogs } from '../components/Dialog';
import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';

export function GatewayDetailPage() {
  const { t } = useTranslation();
  const { gatewayId = '' } = useParams();
  const gw = useApi((s) => api.gateway(gatewayId, s), [gatewayId]);
  const sensors = useApi((s) => api.sensors(gatewayId, s), [gatewayId]);
  const modelName = useModelNames();
  const now = useNow(5000);
  const [editing, setEditing] = useState(false);
  const legacyStatus = useLegacyStatus();
  const setGw = gw.setData;
  const setSensors = sensors.setData;
  // multi-sensor export: every sensor of the gateway (stable while only values change)
  const sensorIds = (sensors.data ?? []).map((x) => x.id).join('\n');
  const exportSensors = useMemo(
    () => (sensorIds ? sensorIds.split('\n').map((sensorId) => ({ gatewayId, sensorId })) : []),
    [gatewayId, sensorIds],
  );
  const [exportEnd] = useState(() => Date.now());

  useLiveEvents((ev) => {
    if (ev.type === 'gateway' && ev.gateway.id === gatewayId) {
      // a sensor added or removed (by the gateway or in another window) changes the list
      if (sensors.data && ev.gateway.sensors.length !== sensors.data.length) sensors.reload();
      setGw(ev.gateway);
    } else if (ev.type === 'values' && ev.gatewayId === gatewayId)
      setSensors((l) => (l ? applyValues(l, ev) : l));
    else if (ev.type === 'sensorStatus' && ev.gatewayId === gatewayId)
      setSensors((l) => (l ? applySensorStatus(l, ev, Date.now()) : l));
  });

  return (
    <div className="page">
      <PageHeader
        title={
          <>
            <Link to="/gateways" className="crumb">
              {t('nav.gateways')}
            </Link>{' '}
            / <span data-testid="gateway-title">{gw.data?.name || gatewayId}</span>
          </>
        }
        sub={
          <span className="mono" title={t('gateway.id')}>
            {gatewayId}
          </span>
        }
        actions={
          <>
            <button
              type="button"
              className="btn"
              onClick={() => {
                gw.reload();
                sensors.reload();
              }}
            >
              {t('common.refresh')}
            </button>
            {gw.data && (
              <RequireRole role="technician">
                <button
                  type="button"
                  className="btn"
                  data-testid="gateway-edit"
                  onClick={() => setEditing((e) => !e)}
                >
                  {editing ? t('common.close') : t('common.edit')}
                </button>
              </RequireRole>
            )}
          </>
        }
      />
      <ReadOnlyNote />
      <Loaded state={gw}>
        {(g) => (
          <>
            {editing && (
              <GatewayEditor key={g.id} gateway={g} onSaved={(v) => (setGw(v), setEditing(false))} />
            )}
            <Card title={t('gateway.details')}>
              <LegacyNotice gateway={g} />
              <ConnectRefusal gateway={g} onChanged={setGw} />
              <Fields
                testId="gateway-details"
                rows={[
                  [t('gateway.connection'), <ConnectionBadge key="c" gateway={g} />],
                  [t('gateway.status'), <StatusBadge key="s" status={g.status} now={now} />],
                  [t('gateway.model'), `${modelName(g.model)} (#${g.model})`],
                  [t('gateway.since'), formatTime(g.connection.since)],
                  [t('gateway.address'), <span className="mono">{g.connection.address ?? '—'}</span>],
                  [t('gateway.reportInterval'), formatReportInterval(g.reportInterval)],
                  [t('gateway.legacyPlainTcp'), legacyStatus(g)],
                  [
                    t('gateway.timeSynced'),
                    g.connection.timeSynced === undefined
                      ? '—'
                      : g.connection.timeSynced
                        ? t('common.yes')
                        : t('common.no'),
                  ],
                ]}
              />
            </Card>
            <ApiKeyCard key={`key-${g.id}`} gateway={g} />
          </>
        )}
      </Loaded>
      <Card title={t('gateway.sensorsTitle')}>
        <Loaded state={sensors}>
          {(list) =>
            list.length === 0 ? (
              <>
                <Empty title={t('gateway.noSensors')} hint={t('gateway.noSensorsHint')} />
                <GatewaySensors gatewayId={gatewayId} sensors={list} now={now} onChanged={sensors.reload} />
              </>
            ) : (
              <GatewaySensors gatewayId={gatewayId} sensors={list} now={now} onChanged={sensors.reload} />
            )
          }
        </Loaded>
      </Card>
      {exportSensors.length > 0 && (
        <Card
          title={`${t('exportData.title')} · ${t('exportData.sensors')}: ${t('exportData.all')} (${exportSensors.length})`}
        >
          <ExportPanel sensors={exportSensors} initialStart={exportEnd - 86_400_000} initialEnd={exportEnd} />
        </Card>
      )}
      {/* last: it loads on its own and must not move what is above it */}
      <GatewayTls asCard />
    </div>
  );
}

function GatewayEditor({ gateway, onSaved }: { gateway: GatewayView; onSaved: (g: GatewayView) => void }) {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const navigate = useNavigate();
  const [name, setName] = useState(gateway.name);
  const [reportInterval, setReportInterval] = useState(gateway.reportInterval);
  const [legacy, setLegacy] = useState(gateway.legacyPlainTcp);
  const [legacyAddress, setLegacyAddress] = useState(gateway.legacyAddress ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const patch = {
        name,
        reportInterval,
        legacyPlainTcp: legacy,
        ...(legacy ? { legacyAddress: legacyAddress || null } : {}),
      };
      const v = await api.updateGateway(gateway.id, patch);
      onSaved(v ?? { ...gateway, ...patch, legacyAddress: legacy ? legacyAddress || null : null });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!(await dialogs.confirm(t('gateway.deleteConfirm', { id: gateway.id }), { danger: true }))) return;
    setBusy(true);
    try {
      await api.deleteGateway(gateway.id);
      void navigate('/gateways');
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Card title={t('gateway.edit')}>
      <form
        className="form form-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('gateway.name')}
          <input data-testid="gateway-edit-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('gateway.reportIntervalMs')}
          <input
            value={reportInterval}
            inputMode="numeric"
            onChange={(e) => setReportInterval(e.target.value.trim())}
          />
        </label>
        <LegacyFields
          legacy={legacy}
          address={legacyAddress}
          onLegacy={setLegacy}
          onAddress={setLegacyAddress}
        />
        <button type="submit" className="btn btn-primary" disabled={busy || !/^\d+$/.test(reportInterval)}>
          {t('common.save')}
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
          {t('common.delete')}
        </button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
    </Card>
  );
}
