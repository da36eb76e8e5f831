import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../net/client';
import { Card, PageHeader } from '../components/Card';
import { Empty, ErrorBox, Loaded } from '../components/State';
import { useApi, type ApiState } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { loadModels } from '../hooks/useModelNames';
import { formatDuration, formatTime } from '../lib/format';
import { DEFAULT_MODEL_ID, legacyDefaultFor, modelOptions } from '../lib/models';
import { normalizeGatewayId, validateGatewayId } from '../lib/validate';
import { GatewaySetup, WhereGatewaysConnect } from '../components/floor/GatewaySetup';
import type { PendingGateway, SiteEndpoints } from '../../shared/api';

interface Issued {
  id: string;
  name: string;
  key: string;
}

export function RegisterPage() {
  const { t } = useTranslation();
  const models = useApi(() => loadModels(), []);
  const pending = useApi((s) => api.pendingGateways(s), []);
  const overview = useApi((s) => api.overview(s), []);
  const endpoints = overview.data?.endpoints;
  // a gateway knocking right now shows up without a refresh
  useLiveEvents((ev) => {
    if (ev.type === 'pending') pending.reload();
  });
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [model, setModel] = useState(DEFAULT_MODEL_ID);
  const [legacy, setLegacy] = useState(legacyDefaultFor(DEFAULT_MODEL_ID));
  const [legacyTouched, setLegacyTouched] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<Issued | null>(null);

  const options = useMemo(() => modelOptions(models.data ?? []), [models.data]);
  const problem = validateGatewayId(id);
  const showProblem = touched && problem !== null;

  useEffect(() => {
    if (!legacyTouched) setLegacy(legacyDefaultFor(model));
  }, [model, legacyTouched]);

  const submit = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const gid = id.trim();
      const res = await api.registerGatewayKey({
        id: gid,
        modelId: model,
        authType: 'apikey',
        ...(name.trim() ? { name: name.trim() } : {}),
        legacyPlainTcp: legacy,
      });
      const key = res[gid] ?? Object.values(res)[0] ?? '';
      setIssued({ id: gid, name: name.trim() || gid, key });
      setId('');
      setName('');
      setTouched(false);
      pending.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t('register.title')}
        sub={t('register.sub')}
        actions={
          <Link className="btn" to="/welcome" data-testid="register-guide-link">
            {t('floor.onboarding.guideLink')}
          </Link>
        }
      />
      <ReadOnlyNote />
      {issued && <IssuedKey issued={issued} endpoints={endpoints} onDismiss={() => setIssued(null)} />}
      <Card title={t('register.form')}>
        <form
          className="form form-grid"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            {t('register.id')}
            <input
              data-testid="register-id"
              value={id}
              autoComplete="off"
              spellCheck={false}
              placeholder="b827eb0a1c2d"
              aria-invalid={showProblem}
              onChange={(e) => setId(e.target.value)}
              onBlur={() => {
                setId((v) => normalizeGatewayId(v));
                if (id) setTouched(true);
              }}
            />
            {showProblem ? (
              <span className="field-error">{t(`validate.gatewayId.${problem}`)}</span>
            ) : (
              <span className="field-hint">{t('register.idHint')}</span>
            )}
          </label>
          <label>
            {t('register.name')}
            <input data-testid="register-name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="wide">
            {t('register.model')}
            <select data-testid="register-model" value={model} onChange={(e) => setModel(e.target.value)}>
              {options.length === 0 && <option value={DEFAULT_MODEL_ID}>#{DEFAULT_MODEL_ID}</option>}
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
            {models.error ? <span className="field-error">{t('register.modelsError')}</span> : null}
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="register-legacy"
              checked={legacy}
              onChange={(e) => {
                setLegacy(e.target.checked);
                setLegacyTouched(true);
              }}
            />
            <span>
              {t('register.legacy')}
              <span className="field-hint block">{t('register.legacyHint')}</span>
            </span>
          </label>
          <div className="form-submit">
            <RequireRole role="technician">
              <button type="submit" className="btn btn-primary" data-testid="register-submit" disabled={busy}>
                {busy ? t('common.saving') : t('register.submit')}
              </button>
            </RequireRole>
          </div>
        </form>
        {error ? <ErrorBox error={error} /> : null}
      </Card>
      {endpoints && !issued && <WhereGatewaysConnect endpoints={endpoints} />}
      <PendingCard
        pending={pending}
        onUse={(p) => {
          setId(p.id);
          setTouched(true);
          if (!legacyTouched) setLegacy(legacyDefaultFor(model));
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
      />
    </div>
  );
}

function IssuedKey({
  issued,
  endpoints,
  onDismiss,
}: {
  issued: Issued;
  endpoints: SiteEndpoints | undefined;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'ok' | 'fail' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopied('ok');
    } catch {
      // clipboard API unavailable (http on a LAN address): select the text for Ctrl+C instead
      const el = document.querySelector('[data-testid="register-apikey"]');
      if (el) window.getSelection()?.selectAllChildren(el);
      setCopied('fail');
    }
  };
  return (
    <section className="card card-key" role="alert">
      <div className="card-body">
        <h2 title={issued.id}>{t('register.issued', { name: issued.name })}</h2>
        <div className="key-row">
          <code className="apikey" data-testid="register-apikey">
            {issued.key}
          </code>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="register-copy"
            onClick={() => void copy()}
          >
            {t('register.copy')}
          </button>
          {copied === 'ok' && <span className="text-ok">{t('register.copied')}</span>}
          {copied === 'fail' && <span className="muted">{t('register.copyManually')}</span>}
        </div>
        <p className="warn-text">⚠ {t('register.once')}</p>
        {endpoints && (
          <GatewaySetup endpoints={endpoints} gatewayId={issued.id} apiKey={issued.key} keyShownAbove />
        )}
        <p className="muted small">
          {t('register.next')}{' '}
          <Link to={`/gateways/${encodeURIComponent(issued.id)}`}>{t('register.openGateway')}</Link>
        </p>
        <button type="button" className="btn btn-small" onClick={onDismiss}>
          {t('register.dismiss')}
        </button>
      </div>
    </section>
  );
}

/** Unknown gateways that tried to connect, each ready to register. */
function PendingCard({
  pending,
  onUse,
}: {
  pending: ApiState<PendingGateway[]>;
  onUse: (p: PendingGateway) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('register.pending')}
      actions={
        <button type="button" className="btn btn-small" onClick={pending.reload}>
          {t('common.refresh')}
        </button>
      }
    >
      <Loaded state={pending}>
        {(list) =>
          list.length === 0 ? (
            <Empty title={t('register.noPending')} hint={t('register.noPendingHint')} />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('register.id')}</th>
                  <th>{t('gateway.address')}</th>
                  <th>{t('register.firstSeen')}</th>
                  <th>{t('register.lastSeen')}</th>
                  <th className="num">{t('register.attempts')}</th>
                  <th>{t('register.credentials')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id} data-testid={`pending-row-${p.id}`}>
                    <td className="mono">{p.id}</td>
                    <td className="mono">{p.address}</td>
                    <td className="nowrap">{formatTime(p.firstSeen)}</td>
                    <td className="nowrap" title={formatTime(p.lastSeen)}>
                      {t('common.ago', { d: formatDuration(Date.now() - p.lastSeen) })}
                    </td>
                    <td className="num">{p.attempts}</td>
                    <td>{p.withCredentials ? t('register.withCredentials') : t('register.anonymous')}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="btn btn-small btn-primary"
                        data-testid={`pending-register-${p.id}`}
                        onClick={() => onUse(p)}
                      >
                        {t('register.use')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </Card>
  );
}
