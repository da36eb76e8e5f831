import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SensorTypeDef } from '../../../shared/catalogue';
import type { SensorView } from '../../../shared/model';
import { api } from '../../net/client';
import { ActuatorControls } from '../ActuatorControls';
import { StatusBadge } from '../Badges';
import { ErrorBox } from '../State';
import { useSensorTypes } from '../../hooks/useSensorTypes';
import { formatTime, formatUnit } from '../../lib/format';
import { sensorValueText } from '../../lib/catalogue';
import { filterSensors, sensorTypesOf } from '../../lib/filters';
import { useDialogs } from '../Dialog';
import { RequireRole } from '../auth/RequireRole';

/** A gateway's sensors: search by text and type, add one, rename or delete one. */
export function GatewaySensors({
  gatewayId,
  sensors,
  now,
  onChanged,
}: {
  gatewayId: string;
  sensors: SensorView[];
  now: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  const [adding, setAdding] = useState(false);
  const typeName = (id: string) => t(`sensorTypes.${id}`, { defaultValue: id });
  const shown = filterSensors(sensors, { text, type }, typeName);
  return (
    <>
      <div className="filter-bar" data-testid="sensor-filters">
        <label>
          {t('floor.sensors.search')}
          <input
            type="search"
            data-testid="sensor-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label>
          {t('floor.sensors.type')}
          <select data-testid="sensor-type-filter" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('floor.sensors.allTypes')}</option>
            {sensorTypesOf(sensors).map((x) => (
              <option key={x} value={x}>
                {typeName(x)}
              </option>
            ))}
          </select>
        </label>
        <RequireRole role="technician">
          <button type="button" className="btn" data-testid="sensor-add" onClick={() => setAdding((a) => !a)}>
            {adding ? t('floor.sensors.cancel') : t('floor.sensors.add')}
          </button>
        </RequireRole>
        <span className="filter-count">
          {t('floor.sensors.shown', { shown: shown.length, total: sensors.length })}
        </span>
      </div>
      {adding && (
        <AddSensor
          gatewayId={gatewayId}
          onAdded={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
      {sensors.length === 0 ? null : shown.length === 0 ? (
        <p className="muted">{t('floor.sensors.noMatch')}</p>
      ) : (
        <SensorTable gatewayId={gatewayId} sensors={shown} now={now} onChanged={onChanged} />
      )}
    </>
  );
}

function SensorTable({
  gatewayId,
  sensors,
  now,
  onChanged,
}: {
  gatewayId: string;
  sensors: SensorView[];
  now: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const types = useSensorTypes();
  const navigate = useNavigate();
  const open = (sid: string) =>
    navigate(`/gateways/${encodeURIComponent(gatewayId)}/sensors/${encodeURIComponent(sid)}`);
  return (
    <table className="table table-hover">
      <thead>
        <tr>
          <th>{t('sensor.name')}</th>
          <th className="col-opt2">{t('sensor.type')}</th>
          <th className="num">{t('sensor.value')}</th>
          <th className="col-opt2">{t('sensor.unit')}</th>
          <th className="col-opt">{t('common.time')}</th>
          <th>{t('sensor.status')}</th>
          <th className="col-opt2">{t('sensor.control')}</th>
          <th>
            <span className="sr-only">{t('floor.sensors.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sensors.map((s) => (
          <tr
            key={s.id}
            data-testid={`sensor-row-${s.id}`}
            className="clickable"
            tabIndex={0}
            onClick={() => void open(s.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && e.target === e.currentTarget) void open(s.id);
            }}
          >
            <td title={s.id}>
              <div data-testid={`sensor-name-${s.id}`}>{s.name || s.id}</div>
              <div className="mono muted small ellipsis">{s.id}</div>
            </td>
            <td title={s.type} className="col-opt2">
              {t(`sensorTypes.${s.type}`, { defaultValue: s.type })}
              {s.category === 'actuator' && (
                <span className="badge badge-info badge-tiny">{t('sensor.actuator')}</span>
              )}
            </td>
            <ValueCell sensor={s} types={types} />
            <td className="muted col-opt2" data-testid={`sensor-unit-${s.id}`}>
              {formatUnit(s.unit)}
            </td>
            <td className="nowrap muted col-opt">{formatTime(s.latest?.time)}</td>
            <td>
              <StatusBadge status={s.status} now={now} />
            </td>
            <RequireRole role="technician">
              <td className="col-opt2">
                {s.category === 'actuator' ? <ActuatorControls sensor={s} /> : null}
              </td>
            </RequireRole>
            <td className="sensor-actions" onClick={(e) => e.stopPropagation()}>
              <RequireRole role="technician">
                <SensorActions gatewayId={gatewayId} sensor={s} onChanged={onChanged} />
              </RequireRole>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The latest value as every page shows it (a switch's state in words); the unit inline on narrow screens. */
function ValueCell({ sensor: s, types }: { sensor: SensorView; types: SensorTypeDef[] | null }) {
  const { t } = useTranslation();
  const value = sensorValueText(s.latest?.value, s, types, t);
  return (
    <td className="num value" data-testid={`sensor-value-${s.id}`} data-state={value.state ?? undefined}>
      {value.text}
      {value.unit && <span className="unit-inline muted"> {value.unit}</span>}
    </td>
  );
}

function SensorActions({
  gatewayId,
  sensor,
  onChanged,
}: {
  gatewayId: string;
  sensor: SensorView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const [error, setError] = useState<unknown>(null);
  const label = sensor.name || sensor.id;
  const rename = async () => {
    const name = await dialogs.prompt(t('floor.sensors.rename'), label);
    if (!name || name === sensor.name) return;
    try {
      await api.updateSensor(gatewayId, sensor.id, { name });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    if (!(await dialogs.confirm(t('floor.sensors.deleteConfirm', { name: label }), { danger: true }))) return;
    try {
      await api.deleteSensor(gatewayId, sensor.id);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid={`sensor-rename-${sensor.id}`}
        title={t('floor.sensors.rename')}
        aria-label={`${t('floor.sensors.rename')}: ${label}`}
        onClick={() => void rename()}
      >
        ✎
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        data-testid={`sensor-delete-${sensor.id}`}
        title={t('floor.sensors.delete')}
        aria-label={`${t('floor.sensors.delete')}: ${label}`}
        onClick={() => void remove()}
      >
        ✕
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}

function AddSensor({ gatewayId, onAdded }: { gatewayId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const types = useSensorTypes();
  const options = useMemo(
    () =>
      (types ?? [])
        .map((x) => ({ id: x.id, label: t(`sensorTypes.${x.id}`, { defaultValue: x.id }) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [types, t],
  );
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState('temperature');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.createSensor(gatewayId, {
        id: id.trim(),
        type,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      onAdded();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <form
      className="form form-inline add-sensor"
      data-testid="sensor-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('floor.sensors.id')}
        <input
          data-testid="sensor-add-id"
          value={id}
          required
          pattern="[A-Za-z0-9._~\-]+"
          spellCheck={false}
          title={t('floor.sensors.idHint')}
          placeholder={`${gatewayId}-0-temperature-0`}
          onChange={(e) => setId(e.target.value)}
        />
      </label>
      <label>
        {t('floor.sensors.name')}
        <input data-testid="sensor-add-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('floor.sensors.type')}
        <select data-testid="sensor-add-type" value={type} onChange={(e) => setType(e.target.value)}>
          {options.length === 0 && <option value="temperature">{t('sensorTypes.temperature')}</option>}
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="btn btn-primary"
        data-testid="sensor-add-submit"
        disabled={busy || !id.trim()}
      >
        {t('floor.sensors.add')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
