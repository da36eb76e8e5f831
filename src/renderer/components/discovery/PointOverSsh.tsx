import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { DiscoveredGateway, SshSetupGatewayResult } from '../../../shared/api';
import type { GatewayView } from '../../../shared/model';
import { api } from '../../net/client';
import { discoveryApi } from '../../net/discovery';
import { useLiveEvents } from '../../hooks/useLive';
import { Card } from '../Card';
import { ErrorBox } from '../State';
import { RequireRole } from '../auth/RequireRole';
import { AddedRow } from '../floor/KnockingGateways';

/**
 * The found gateways that are not on this site, pointed at it in one go: the site logs in to each over
 * SSH with one login (POST /discovery/ssh-setup), so the technician visits no gateway's shell. Each is
 * then followed live (waiting → connected · N sensors), and Done leads to the dashboard made from them.
 */
export function PointOverSsh({
  found,
  onPointed,
}: {
  found: DiscoveredGateway[];
  /** the ids now on this site (the found list then says so) */
  onPointed?: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const candidates = found.filter((g) => !g.registered);
  const [chosen, setChosen] = useState<string[]>(() => candidates.map((g) => g.id));
  const [names, setNames] = useState<Record<string, string>>(() =>
    Object.fromEntries(candidates.map((g) => [g.id, g.name])),
  );
  const [username, setUsername] = useState('root');
  const [password, setPassword] = useState('');
  const [port, setPort] = useState('22');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [results, setResults] = useState<SshSetupGatewayResult[]>([]);
  const [views, setViews] = useState<Record<string, GatewayView>>({});
  useLiveEvents((ev) => {
    if (ev.type === 'gateway' && results.some((r) => r.ok && r.id === ev.gateway.id))
      setViews((v) => ({ ...v, [ev.gateway.id]: ev.gateway }));
  });
  if (candidates.length === 0 && results.length === 0) return null;
  // still to point: a retry goes to those not pointed yet, never again to one that was
  const pending = candidates.filter((g) => !results.some((r) => r.ok && r.id === g.id));
  const ids = pending.filter((g) => chosen.includes(g.id)).map((g) => g.id);

  const submit = async () => {
    if (ids.length === 0) return setProblem(t('discovery.ssh.noneChosen'));
    setProblem(null);
    setError(null);
    setBusy(true);
    try {
      const res = await discoveryApi.sshSetup({
        gateways: ids.map((id) => ({ id, ...(names[id]?.trim() ? { name: names[id].trim() } : {}) })),
        username: username.trim(),
        password,
        port: Number(port) || 22,
      });
      // a retry's answers replace those of the same gateways; the others stay listed
      setResults((prev) => [...prev.filter((p) => !res.data.some((r) => r.id === p.id)), ...res.data]);
      onPointed?.(res.data.filter((r) => r.ok).map((r) => r.id));
      // the live event may have come before the answer: read each pointed gateway once
      for (const r of res.data.filter((x) => x.ok))
        void api.gateway(r.id).then(
          (view) => setViews((v) => (v[r.id] ? v : { ...v, [r.id]: view })),
          () => undefined,
        );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <RequireRole role="technician">
      <Card title={t('discovery.ssh.title')} testId="ssh-setup">
        {results.length > 0 && <SshResults results={results} views={views} />}
        {results.some((r) => r.ok) && (
          <div className="form-submit knocking-done">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="ssh-done"
              onClick={() => void navigate('/dashboards')}
            >
              {t('discovery.ssh.done')}
            </button>
          </div>
        )}
        {pending.length > 0 && (
          <form
            className="form"
            data-testid="ssh-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <p className="muted small">{t('discovery.ssh.intro')}</p>
            <ul className="knocking-list ssh-choose">
              {pending.map((g) => (
                <li key={g.id} className="form-inline">
                  <label className="check">
                    <input
                      type="checkbox"
                      data-testid={`ssh-choose-${g.id}`}
                      checked={chosen.includes(g.id)}
                      onChange={(e) =>
                        setChosen((c) => (e.target.checked ? [...c, g.id] : c.filter((x) => x !== g.id)))
                      }
                    />
                    <span className="knocking-who">
                      <span className="mono">{g.id}</span>
                      <span className="muted small mono">{g.address}</span>
                    </span>
                  </label>
                  <label>
                    {t('discovery.col.name')}
                    <input
                      data-testid={`ssh-name-${g.id}`}
                      value={names[g.id] ?? ''}
                      onChange={(e) => setNames((n) => ({ ...n, [g.id]: e.target.value }))}
                    />
                  </label>
                </li>
              ))}
            </ul>
            <div className="form-inline ssh-login">
              <label>
                {t('discovery.ssh.user')}
                <input
                  data-testid="ssh-user"
                  value={username}
                  autoComplete="off"
                  onChange={(e) => setUsername(e.target.value)}
                />
              </label>
              <label>
                {t('discovery.ssh.password')}
                <input
                  type="password"
                  data-testid="ssh-password"
                  value={password}
                  autoComplete="off"
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>
              <label>
                {t('discovery.ssh.port')}
                <input
                  data-testid="ssh-port"
                  inputMode="numeric"
                  className="input-short"
                  value={port}
                  onChange={(e) => setPort(e.target.value)}
                />
              </label>
            </div>
            {problem && <p className="field-error">{problem}</p>}
            <div className="form-submit">
              <button type="submit" className="btn btn-primary" data-testid="ssh-submit" disabled={busy}>
                {busy
                  ? t('discovery.ssh.busy', { count: ids.length })
                  : t('discovery.ssh.submit', { count: ids.length })}
              </button>
              {busy && <span className="spinner" aria-hidden="true" />}
            </div>
            {error ? <ErrorBox error={error} /> : null}
          </form>
        )}
      </Card>
    </RequireRole>
  );
}

/** Per gateway: pointed (then followed live, with its host key) or why not, with what it printed. */
function SshResults({
  results,
  views,
}: {
  results: SshSetupGatewayResult[];
  views: Record<string, GatewayView>;
}) {
  const { t } = useTranslation();
  return (
    <ul className="knocking-list ssh-results" data-testid="ssh-results">
      {results.map((r) =>
        r.ok ? (
          <AddedRow
            key={r.id}
            id={r.id}
            view={views[r.id] ?? null}
            extra={
              r.hostKey && (
                <div className="muted small mono" data-testid={`ssh-hostkey-${r.id}`}>
                  {t('discovery.ssh.hostKey', { key: r.hostKey })}
                </div>
              )
            }
          />
        ) : (
          <li key={r.id} data-testid={`ssh-failed-${r.id}`} className="warn-text">
            ✗ <strong>{r.name}</strong> <span className="mono muted small">{r.address}</span>:{' '}
            {t(`discovery.ssh.failure.${r.failure ?? 'sshError'}`)}
            {r.message && <span className="muted small"> ({r.message})</span>}
            {r.output && (
              <details>
                <summary>{t('discovery.ssh.printed')}</summary>
                <pre className="config-json">{r.output}</pre>
              </details>
            )}
          </li>
        ),
      )}
    </ul>
  );
}
