import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionTestResult } from '../../../shared/api';
import { useApi } from '../../hooks/useApi';
import { commandsFor } from '../../lib/catalogue';
import {
  actionOf,
  badJsonBody,
  emptyAction,
  MAX_ACTIONS,
  type ActionDraft,
  type ActionKind,
} from '../../lib/rule-form';
import { api, errorMessage } from '../../net/client';
import { GatewaySelect, SectionProblems, sensorOption, type EditorContext } from './shared';

const KINDS: readonly ActionKind[] = ['timeline', 'dataPush', 'mqtt', 'actuator', 'email'];

/** Up to five actions run when the rule fires, each with a "Send a test". */
export function ActionsFields({ ed }: { ed: EditorContext }) {
  const { t } = useTranslation();
  const { draft, set } = ed;
  const update = (i: number, patch: Partial<ActionDraft>) =>
    set({ actions: draft.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  return (
    <div className="form rule-list">
      {draft.actions.length === 0 && <div className="muted small">{t('rules.actions.none')}</div>}
      {draft.actions.map((a, i) => (
        <div className="rule-item" key={i} data-testid={`rule-action-${i}`}>
          <div className="form-grid">
            <label>
              {t('rules.actions.kindLabel')}
              <select
                data-testid={`rule-action-kind-${i}`}
                value={a.kind}
                onChange={(e) => update(i, emptyAction(e.target.value as ActionKind))}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`rules.actions.kind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <ActionBody a={a} i={i} ed={ed} onChange={(p) => update(i, p)} />
          </div>
          <div className="rule-item-foot">
            <ActionTest a={a} i={i} ed={ed} />
            <button
              type="button"
              className="btn btn-small btn-link"
              onClick={() => set({ actions: draft.actions.filter((_, j) => j !== i) })}
            >
              {t('rules.actions.remove')}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        data-testid="rule-action-add"
        disabled={draft.actions.length >= MAX_ACTIONS}
        title={t('rules.actions.max', { max: MAX_ACTIONS })}
        onClick={() => set({ actions: [...draft.actions, emptyAction('timeline')] })}
      >
        + {t('rules.actions.add')}
      </button>
      <SectionProblems problems={ed.problems} section="actions" />
    </div>
  );
}

function ActionBody({
  a,
  i,
  ed,
  onChange,
}: {
  a: ActionDraft;
  i: number;
  ed: EditorContext;
  onChange: (patch: Partial<ActionDraft>) => void;
}) {
  const { t } = useTranslation();
  const text = (field: 'message' | 'url' | 'topic' | 'payload' | 'to' | 'subject', wide = false) => (
    <label className={wide ? 'span-all' : undefined}>
      {t(`rules.actions.${field}`)}
      <input
        data-testid={`rule-action-${field}-${i}`}
        value={a[field]}
        onChange={(e) => onChange({ [field]: e.target.value })}
      />
    </label>
  );
  switch (a.kind) {
    case 'timeline':
      return text('message', true);
    case 'dataPush':
      return (
        <>
          {text('url', true)}
          <label className="span-all">
            {t('rules.actions.body')}
            <textarea
              rows={3}
              className="mono"
              data-testid={`rule-action-body-${i}`}
              value={a.body}
              placeholder='{"sensor": "{{sensorName}}", "value": "{{value}}"}'
              onChange={(e) => onChange({ body: e.target.value })}
            />
            {badJsonBody(a.body) && <span className="field-error">{t('rules.actions.badJson')}</span>}
          </label>
        </>
      );
    case 'mqtt':
      return (
        <>
          {text('topic')}
          {text('payload', true)}
        </>
      );
    case 'email':
      return (
        <>
          {text('to', true)}
          {text('subject', true)}
          <label className="span-all">
            {t('rules.actions.text')}
            <textarea rows={3} value={a.text} onChange={(e) => onChange({ text: e.target.value })} />
          </label>
        </>
      );
    case 'actuator':
      return <ActuatorPicker a={a} ed={ed} onChange={onChange} />;
  }
}

function ActuatorPicker({
  a,
  ed,
  onChange,
}: {
  a: ActionDraft;
  ed: EditorContext;
  onChange: (patch: Partial<ActionDraft>) => void;
}) {
  const { t } = useTranslation();
  const sensors = useApi(
    (s) => (a.gatewayId ? api.sensors(a.gatewayId, s) : Promise.resolve([])),
    [a.gatewayId],
  );
  const actuators = (sensors.data ?? []).filter((s) => s.category === 'actuator');
  const actuator = actuators.find((s) => s.id === a.sensorId);
  const commands = actuator ? commandsFor(actuator.type, ed.sensorTypes) : [];
  return (
    <>
      <label>
        {t('common.gateway')}
        <GatewaySelect
          value={a.gatewayId}
          gateways={ed.gateways}
          onChange={(gatewayId) => onChange({ gatewayId, sensorId: '', cmd: '' })}
        />
      </label>
      <label>
        {t('rules.actions.actuator')}
        <select value={a.sensorId} onChange={(e) => onChange({ sensorId: e.target.value, cmd: '' })}>
          <option value="">{t('rules.actions.pickActuator')}</option>
          {actuators.map((s) => (
            <option key={s.id} value={s.id}>
              {sensorOption(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('rules.actions.cmd')}
        <select value={a.cmd} disabled={!actuator} onChange={(e) => onChange({ cmd: e.target.value })}>
          <option value="">{t('rules.actions.pickCmd')}</option>
          {commands.map((c) => (
            <option key={c.cmd} value={c.cmd}>
              {t(`actuator.cmd.${c.cmd}`, { defaultValue: c.cmd })}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Runs the action once now, with the rule's first sensor's latest value, and says how it went. */
function ActionTest({ a, i, ed }: { a: ActionDraft; i: number; ed: EditorContext }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    setError(null);
    const sensorId = ed.draft.sensorIds[0];
    try {
      setResult(
        await api.testAction({
          action: actionOf(a),
          ...(ed.draft.gatewayId ? { gatewayId: ed.draft.gatewayId } : {}),
          ...(ed.draft.gatewayId && sensorId ? { sensorId } : {}),
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="action-test" data-testid={`rule-action-test-result-${i}`}>
      <button
        type="button"
        className="btn btn-small"
        data-testid={`rule-action-test-${i}`}
        disabled={busy}
        onClick={() => void run()}
      >
        {busy ? t('rules.actions.testing') : t('rules.actions.test')}
      </button>
      {result?.status === 'success' && (
        <span className="text-ok" data-status="success">
          ✓ {t('rules.actions.testOk', { ms: result.durationMs })}
        </span>
      )}
      {result?.status === 'failure' && (
        <span className="field-error" data-status="failure">
          ✗ {t('rules.actions.testFailed', { attempts: result.attempts, reason: result.reason ?? '' })}
        </span>
      )}
      {error && (
        <span className="field-error" data-status="refused">
          ✗ {error}
        </span>
      )}
    </div>
  );
}
