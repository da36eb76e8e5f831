import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RuleInput } from '../../shared/api';
import { SEVERITIES } from '../../shared/api';
import type { Severity, Rule } from '../../shared/model';
import { api } from '../net/client';
import { SeverityBadge } from '../components/Badges';
import { Card, PageHeader } from '../components/Card';
import { Empty, ErrorBox, Loaded } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useNames } from '../hooks/useNames';
import { formatNumber, formatTime } from '../lib/format';
import { conditionText, gatewayLabel, sensorLabel, sensorUnit } from '../lib/names';
import { ruleInput, ruleSummary } from '../lib/rules';
import { parseThreshold } from '../lib/validate';

/** Thing+ message template syntax; not translated. */
const MESSAGE_EXAMPLE = '{{triggerSensor}} = {{value}} ({{triggerCondition}})';

export function RulesPage() {
  const { t } = useTranslation();
  const rules = useApi((s) => api.rules(s), []);
  const [busy, setBusy] = useState<number | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const setRules = rules.setData;
  const names = useNames((rules.data ?? []).map((r) => r.gatewayId));

  const act = async (rule: Rule, what: 'toggle' | 'delete') => {
    if (what === 'delete' && !window.confirm(t('rules.deleteConfirm', { name: rule.name }))) return;
    setBusy(rule.id);
    setActionError(null);
    try {
      if (what === 'delete') {
        await api.deleteRule(rule.id);
        setRules((l) => l?.filter((r) => r.id !== rule.id));
      } else {
        const status = rule.status === 'activated' ? 'deactivated' : 'activated';
        const updated = await api.updateRule(rule.id, { ...ruleInput(rule), status });
        setRules((l) => l?.map((r) => (r.id === rule.id ? (updated ?? { ...r, status }) : r)));
      }
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t('rules.title')}
        actions={
          <button type="button" className="btn" onClick={rules.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <RuleForm onCreated={(r) => setRules((l) => [...(l ?? []), r])} />
      {actionError ? <ErrorBox error={actionError} /> : null}
      <Card title={t('rules.list')}>
        <Loaded state={rules}>
          {(list) =>
            list.length === 0 ? (
              <Empty title={t('rules.empty')} hint={t('rules.emptyHint')} />
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('rules.name')}</th>
                    <th>{t('rules.condition')}</th>
                    <th className="col-opt2">{t('rules.severity')}</th>
                    <th>{t('rules.status')}</th>
                    <th className="col-opt">{t('rules.modified')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr
                      key={r.id}
                      data-testid={`rule-row-${r.id}`}
                      className={r.status === 'deactivated' ? 'dim' : ''}
                    >
                      <td>
                        <div>{r.name}</div>
                        {r.desc && <div className="muted small">{r.desc}</div>}
                      </td>
                      <td>
                        <Link
                          to={`/gateways/${encodeURIComponent(r.gatewayId)}/sensors/${encodeURIComponent(r.sensorId)}`}
                          title={`${r.sensorId}@${r.gatewayId}`}
                        >
                          {sensorLabel(names, r.gatewayId, r.sensorId)}
                        </Link>{' '}
                        {conditionText(r, sensorUnit(names, r.gatewayId, r.sensorId))}
                        <div className="muted small">{gatewayLabel(names, r.gatewayId)}</div>
                      </td>
                      <td className="col-opt2">
                        <SeverityBadge severity={r.severity} />
                      </td>
                      <td>
                        <span className={`badge ${r.status === 'activated' ? 'badge-ok' : 'badge-off'}`}>
                          {t(`rules.${r.status}`)}
                        </span>
                      </td>
                      <td className="nowrap muted col-opt">{formatTime(r.mtime)}</td>
                      <td className="actions">
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={busy === r.id}
                          data-testid={`rule-toggle-${r.id}`}
                          onClick={() => void act(r, 'toggle')}
                        >
                          {r.status === 'activated' ? t('rules.deactivate') : t('rules.activate')}
                        </button>
                        <button
                          type="button"
                          className="btn btn-small btn-danger"
                          disabled={busy === r.id}
                          data-testid={`rule-delete-${r.id}`}
                          onClick={() => void act(r, 'delete')}
                        >
                          {t('common.delete')}
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
    </div>
  );
}

function RuleForm({ onCreated }: { onCreated: (r: Rule) => void }) {
  const { t } = useTranslation();
  const gateways = useApi((s) => api.gateways(s), []);
  const [gatewayId, setGatewayId] = useState('');
  const sensors = useApi((s) => (gatewayId ? api.sensors(gatewayId, s) : Promise.resolve([])), [gatewayId]);
  const [sensorId, setSensorId] = useState('');
  const [method, setMethod] = useState<'over' | 'under'>('over');
  const [threshold, setThreshold] = useState('');
  const [severity, setSeverity] = useState<Severity>('warning');
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);

  const value = parseThreshold(threshold);
  const sensor = sensors.data?.find((s) => s.id === sensorId);
  const defaultName =
    sensor && value !== null ? `${sensor.name || sensor.id} ${ruleSummary(method, value)}` : '';
  const valid = !!gatewayId && !!sensorId && value !== null && (name.trim() || defaultName) !== '';

  const submit = async () => {
    if (!valid || value === null) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    const input: RuleInput = {
      name: name.trim() || defaultName,
      desc: '',
      severity,
      status: 'activated',
      gatewayId,
      sensorId,
      method,
      threshold: value,
      ...(message.trim() ? { message: message.trim() } : {}),
    };
    try {
      const rule = await api.createRule(input);
      onCreated(rule);
      setCreated(rule.name);
      setThreshold('');
      setName('');
      setMessage('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('rules.create')}>
      <form
        className="form form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('common.gateway')}
          <select
            data-testid="rule-gateway"
            value={gatewayId}
            onChange={(e) => {
              setGatewayId(e.target.value);
              setSensorId('');
            }}
          >
            <option value="">{gateways.loading ? t('common.loading') : t('rules.pickGateway')}</option>
            {(gateways.data ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name ? `${g.name} (${g.id})` : g.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('common.sensor')}
          <select
            data-testid="rule-sensor"
            value={sensorId}
            disabled={!gatewayId}
            onChange={(e) => setSensorId(e.target.value)}
          >
            <option value="">
              {gatewayId && sensors.loading ? t('common.loading') : t('rules.pickSensor')}
            </option>
            {(sensors.data ?? [])
              .filter((s) => s.category === 'sensor')
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name ? `${s.name} (${s.id})` : s.id}
                  {s.unit ? ` [${s.unit}]` : ''}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('rules.method')}
          <select
            data-testid="rule-method"
            value={method}
            onChange={(e) => setMethod(e.target.value as 'over' | 'under')}
          >
            <option value="over">{t('rules.over')}</option>
            <option value="under">{t('rules.under')}</option>
          </select>
        </label>
        <label>
          {t('rules.threshold')}
          <input
            data-testid="rule-threshold"
            inputMode="decimal"
            value={threshold}
            placeholder="30"
            aria-invalid={threshold !== '' && value === null}
            onChange={(e) => setThreshold(e.target.value)}
          />
          {threshold !== '' && value === null && <span className="field-error">{t('validate.number')}</span>}
        </label>
        <label>
          {t('rules.severity')}
          <select
            data-testid="rule-severity"
            value={severity}
            onChange={(e) => setSeverity(e.target.value as Severity)}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('rules.name')}
          <input
            data-testid="rule-name"
            value={name}
            placeholder={defaultName || t('rules.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="span-2">
          {t('rules.message')}
          <input
            data-testid="rule-message"
            value={message}
            placeholder={MESSAGE_EXAMPLE}
            onChange={(e) => setMessage(e.target.value)}
          />
        </label>
        <div className="form-submit">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="rule-submit"
            disabled={!valid || busy}
          >
            {busy ? t('common.saving') : t('rules.submit')}
          </button>
          {created && <span className="text-ok">{t('rules.created', { name: created })}</span>}
        </div>
      </form>
      {gateways.error ? <ErrorBox error={gateways.error} onRetry={gateways.reload} /> : null}
      {sensors.error ? <ErrorBox error={sensors.error} onRetry={sensors.reload} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {sensor && value !== null && (
        <div className="muted small">
          {t('rules.preview', {
            sensor: sensor.name || sensor.id,
            cond: ruleSummary(method, value),
            unit: sensor.unit,
            value: formatNumber(value),
          })}
        </div>
      )}
    </Card>
  );
}
