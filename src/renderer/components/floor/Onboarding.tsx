import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SiteEndpoints } from '../../../shared/api';
import type { GatewayView, SensorView } from '../../../shared/model';
import { api } from '../../net/client';
import { Card } from '../Card';
import { DemoControls } from '../DemoControls';
import { ErrorBox } from '../State';
import { useApi } from '../../hooks/useApi';
import { useLiveEvents } from '../../hooks/useLive';
import { useSensorTypes } from '../../hooks/useSensorTypes';
import { sensorValueText, withUnit } from '../../lib/catalogue';
import { applyValues } from '../../lib/live';
import { DEFAULT_MODEL_ID, legacyDefaultFor } from '../../lib/models';
import { onboardingStep, type OnboardingStep } from '../../lib/onboarding';
import { normalizeGatewayId, validateGatewayId } from '../../lib/validate';
import { ConnectRefusal } from './ConnectRefusal';
import { GatewaySetup } from './GatewaySetup';
import { KnockingGateways } from './KnockingGateways';
import { ReadOnlyNote, RequireRole } from '../auth/RequireRole';

interface Registered {
  id: string;
  key: string;
}

const ORDER: OnboardingStep[] = ['register', 'configure', 'connected', 'sensors'];

/**
 * The first-run guide: register a gateway → host, ports and a sample configuration → waiting for its
 * first connection → its sensors, followed live (gateway and values events).
 */
export function Onboarding({ endpoints, onDone }: { endpoints: SiteEndpoints; onDone?: () => void }) {
  const { t } = useTranslation();
  const [registered, setRegistered] = useState<Registered | null>(null);
  // gateways added as they knocked are followed in their list: the one-gateway steps are not theirs
  const [knockAdded, setKnockAdded] = useState(0);
  const listMode = !registered && knockAdded > 0;
  const gwId = registered?.id ?? '';
  const gw = useApi<GatewayView | null>((s) => (gwId ? api.gateway(gwId, s) : Promise.resolve(null)), [gwId]);
  const sensors = useApi<SensorView[]>((s) => (gwId ? api.sensors(gwId, s) : Promise.resolve([])), [gwId]);
  const setGw = gw.setData;
  const setSensors = sensors.setData;
  const reloadSensors = sensors.reload;

  useLiveEvents((ev) => {
    if (!gwId) return;
    if (ev.type === 'gateway' && ev.gateway.id === gwId) {
      if (ev.gateway.sensors.length !== (gw.data?.sensors.length ?? 0)) reloadSensors();
      setGw(ev.gateway);
    } else if (ev.type === 'values' && ev.gatewayId === gwId) setSensors((l) => (l ? applyValues(l, ev) : l));
  });

  const g: GatewayView | null = gw.data ?? null;
  const step = onboardingStep(g);
  const at = ORDER.indexOf(step);
  const name = g?.name || gwId;
  // the configuration stays on screen while the guide waits for the connection, then for the sensors
  const connectState = !registered ? 'todo' : at >= ORDER.indexOf('connected') ? 'done' : 'current';
  const sensorsState =
    !registered || connectState !== 'done' ? 'todo' : step === 'sensors' ? 'done' : 'current';
  return (
    <Card className="onboarding" testId="onboarding">
      <h2 className="onboarding-title">{t('floor.onboarding.title')}</h2>
      <p className="muted">{t('floor.onboarding.sub')}</p>
      <ol className="steps">
        <Step
          n={1}
          state={registered || listMode ? 'done' : 'current'}
          title={t('floor.onboarding.register')}
        >
          {registered ? (
            <p>
              <strong>{name}</strong>{' '}
              {name !== registered.id && <span className="mono muted small">{registered.id}</span>}{' '}
              <Link to={`/gateways/${encodeURIComponent(registered.id)}`}>
                {t('floor.onboarding.openGateway')}
              </Link>
            </p>
          ) : (
            <>
              <KnockingGateways
                endpoints={endpoints}
                onKeyed={setRegistered}
                onDone={onDone}
                onAddedChange={setKnockAdded}
              />
              {listMode ? (
                <details className="register-by-id">
                  <summary>{t('floor.onboarding.byId')}</summary>
                  <RegisterForm onRegistered={setRegistered} />
                </details>
              ) : (
                <RegisterForm onRegistered={setRegistered} />
              )}
            </>
          )}
        </Step>
        {/* the one-gateway steps, once one is registered by its id (a list of knocking or found
            gateways follows them in the list instead) */}
        {registered && (
          <>
            <Step
              n={2}
              state={!registered ? 'todo' : connectState === 'done' ? 'done' : 'current'}
              title={t('floor.onboarding.configure')}
            >
              <p className="muted small">{t('floor.onboarding.configureHint')}</p>
              <GatewaySetup endpoints={endpoints} gatewayId={registered?.id} apiKey={registered?.key} />
            </Step>
            <Step n={3} state={connectState} title={t('floor.onboarding.connect')}>
              {registered && (
                <p data-testid="onboarding-connection" data-state={g?.connection.state ?? 'never'}>
                  {g?.connection.state === 'connected' ? (
                    <span className="text-ok">✓ {t('floor.onboarding.connected', { name })}</span>
                  ) : (
                    <span className="waiting">
                      <span className="spinner" aria-hidden="true" />{' '}
                      {t('floor.onboarding.waiting', { name })}
                    </span>
                  )}
                </p>
              )}
              {g && <ConnectRefusal gateway={g} onChanged={setGw} />}
            </Step>
            <Step n={4} state={sensorsState} title={t('floor.onboarding.sensors')}>
              {registered && <SensorsFound gatewayId={gwId} sensors={sensors.data ?? []} />}
              {step === 'sensors' && (
                <div className="form-submit">
                  <button
                    type="button"
                    className="btn"
                    data-testid="onboarding-another"
                    onClick={() => setRegistered(null)}
                  >
                    {t('floor.onboarding.another')}
                  </button>
                  {onDone && (
                    <button
                      type="button"
                      className="btn btn-primary"
                      data-testid="onboarding-done"
                      onClick={onDone}
                    >
                      {t('floor.onboarding.done')}
                    </button>
                  )}
                </div>
              )}
            </Step>
          </>
        )}
      </ol>
      {!registered && !listMode && <h3 className="setup-h other-ways">{t('floor.onboarding.otherWays')}</h3>}
      {!registered && !listMode && (
        <div className="onboarding-paths">
          <section className="path-find">
            <h3>{t('discovery.findTitle')}</h3>
            <p className="muted">{t('discovery.findIntro')}</p>
            <Link to="/gateways/find" className="btn" data-testid="onboarding-find">
              {t('discovery.findLink')}
            </Link>
          </section>
          <DemoControls secondary />
        </div>
      )}
    </Card>
  );
}

function Step({
  n,
  state,
  title,
  children,
}: {
  n: number;
  state: 'done' | 'current' | 'todo';
  title: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <li className={`step step-${state}`} data-testid={`onboarding-step-${n}`} data-state={state}>
      <div className="step-mark" aria-hidden="true">
        {state === 'done' ? '✓' : n}
      </div>
      <div className="step-body">
        <div className="step-title">
          <span className="sr-only">{t('floor.onboarding.step', { n })}: </span>
          {title}
        </div>
        {state !== 'todo' && children}
      </div>
    </li>
  );
}

function SensorsFound({ gatewayId, sensors }: { gatewayId: string; sensors: SensorView[] }) {
  const { t } = useTranslation();
  const types = useSensorTypes();
  if (sensors.length === 0)
    return (
      <p className="waiting">
        <span className="spinner" aria-hidden="true" /> {t('floor.onboarding.waitingSensors')}
      </p>
    );
  return (
    <>
      <p className="text-ok" data-testid="onboarding-sensor-count">
        ✓ {t('floor.onboarding.sensorsFound', { count: sensors.length })}
      </p>
      <ul className="found-sensors" data-testid="onboarding-sensors">
        {sensors.map((s) => (
          <li key={s.id} data-testid={`onboarding-sensor-${s.id}`}>
            <Link
              to={`/gateways/${encodeURIComponent(gatewayId)}/sensors/${encodeURIComponent(s.id)}`}
              title={s.id}
            >
              {s.name || s.id}
            </Link>{' '}
            <span className="muted">{t(`sensorTypes.${s.type}`, { defaultValue: s.type })}</span>{' '}
            <span className="value">{withUnit(sensorValueText(s.latest?.value, s, types, t))}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function RegisterForm({ onRegistered }: { onRegistered: (r: Registered) => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = validateGatewayId(id);

  const submit = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const gid = normalizeGatewayId(id);
      const res = await api.registerGatewayKey({
        id: gid,
        modelId: DEFAULT_MODEL_ID,
        authType: 'apikey',
        ...(name.trim() ? { name: name.trim() } : {}),
        legacyPlainTcp: legacyDefaultFor(DEFAULT_MODEL_ID),
      });
      onRegistered({ id: gid, key: res[gid] ?? Object.values(res)[0] ?? '' });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <>
      <p className="muted small">{t('floor.onboarding.registerHint')}</p>
      <form
        className="form form-inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('register.id')}
          <input
            data-testid="onboarding-id"
            value={id}
            autoComplete="off"
            spellCheck={false}
            placeholder="b827eb0a1c2d"
            aria-invalid={touched && problem !== null}
            onChange={(e) => setId(e.target.value)}
          />
          {touched && problem && <span className="field-error">{t(`validate.gatewayId.${problem}`)}</span>}
        </label>
        <label>
          {t('register.name')}
          <input data-testid="onboarding-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <RequireRole role="technician" fallback={<ReadOnlyNote />}>
          <button type="submit" className="btn btn-primary" data-testid="onboarding-register" disabled={busy}>
            {busy ? t('common.saving') : t('register.submit')}
          </button>
        </RequireRole>
      </form>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}
