import { useTranslation } from 'react-i18next';
import type { GatewayView } from '../../../shared/model';
import { STATUS_VALUES, type StatusValue } from '../../../shared/rules';
import { useApi } from '../../hooks/useApi';
import { api } from '../../net/client';
import { emptyCondition, MAX_CONDITIONS, type ConditionDraft } from '../../lib/rule-form';
import { GatewaySelect, NumberField, SectionProblems, sensorOption, type EditorContext } from './shared';

const TYPES: ReadonlyArray<ConditionDraft['type']> = ['sensorValue', 'timeOfDay', 'gatewayStatus'];
const METHODS: ReadonlyArray<ConditionDraft['method']> = ['over', 'under', 'inRange', 'outOfRange', 'equals'];
const DAYS = [1, 2, 3, 4, 5, 6, 0];

/** Up to five conditions that must all hold when the trigger fires. */
export function ConditionsFields({ ed }: { ed: EditorContext }) {
  const { t } = useTranslation();
  const { draft, set } = ed;
  const update = (i: number, patch: Partial<ConditionDraft>) =>
    set({ conditions: draft.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  return (
    <div className="form rule-list">
      {draft.conditions.length === 0 && <div className="muted small">{t('rules.conditions.none')}</div>}
      {draft.conditions.map((c, i) => (
        <div className="rule-item" key={i} data-testid={`rule-condition-${i}`}>
          <div className="form-grid">
            <label>
              {t('rules.conditions.kind')}
              <select
                value={c.type}
                onChange={(e) =>
                  update(i, emptyCondition(e.target.value as ConditionDraft['type'], draft.gatewayId))
                }
              >
                {TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`rules.conditions.type.${type}`)}
                  </option>
                ))}
              </select>
            </label>
            <ConditionBody
              c={c}
              at={`conditions[${i}]`}
              ed={ed}
              gateways={ed.gateways}
              onChange={(p) => update(i, p)}
            />
          </div>
          <button
            type="button"
            className="btn btn-small btn-link"
            onClick={() => set({ conditions: draft.conditions.filter((_, j) => j !== i) })}
          >
            {t('rules.conditions.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        data-testid="rule-condition-add"
        disabled={draft.conditions.length >= MAX_CONDITIONS}
        title={t('rules.conditions.max', { max: MAX_CONDITIONS })}
        onClick={() =>
          set({ conditions: [...draft.conditions, emptyCondition('sensorValue', draft.gatewayId)] })
        }
      >
        + {t('rules.conditions.add')}
      </button>
      <SectionProblems problems={ed.problems} section="conditions" />
    </div>
  );
}

function ConditionBody({
  c,
  at,
  ed,
  gateways,
  onChange,
}: {
  c: ConditionDraft;
  at: string;
  ed: EditorContext;
  gateways: readonly GatewayView[];
  onChange: (patch: Partial<ConditionDraft>) => void;
}) {
  const { t } = useTranslation();
  const sensors = useApi(
    (s) => (c.type === 'sensorValue' && c.gatewayId ? api.sensors(c.gatewayId, s) : Promise.resolve([])),
    [c.type, c.gatewayId],
  );
  const bad = (f: string) => ed.badFields.includes(`${at}.${f}`);
  if (c.type === 'timeOfDay') {
    const toggle = (d: number) =>
      onChange({ days: c.days.includes(d) ? c.days.filter((x) => x !== d) : [...c.days, d] });
    return (
      <>
        <label>
          {t('rules.conditions.from')}
          <input type="time" value={c.from} onChange={(e) => onChange({ from: e.target.value })} />
        </label>
        <label>
          {t('rules.conditions.to')}
          <input type="time" value={c.to} onChange={(e) => onChange({ to: e.target.value })} />
        </label>
        <fieldset className="check-list days span-all">
          <legend>{t('rules.conditions.days')}</legend>
          {DAYS.map((d) => (
            <label key={d} className="check">
              <input type="checkbox" checked={c.days.includes(d)} onChange={() => toggle(d)} />
              {t(`rules.weekday.${d}`)}
            </label>
          ))}
        </fieldset>
      </>
    );
  }
  const gatewayField = (
    <label>
      {t('common.gateway')}
      <GatewaySelect
        value={c.gatewayId}
        gateways={gateways}
        onChange={(gatewayId) => onChange({ gatewayId, sensorId: '' })}
      />
    </label>
  );
  if (c.type === 'gatewayStatus')
    return (
      <>
        {gatewayField}
        <label>
          {t('rules.conditions.status')}
          <select value={c.status} onChange={(e) => onChange({ status: e.target.value as StatusValue })}>
            {STATUS_VALUES.map((s) => (
              <option key={s} value={s}>
                {t(`rules.statusWord.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </>
    );
  const sensor = sensors.data?.find((s) => s.id === c.sensorId);
  const unit = sensor?.unit ?? '';
  return (
    <>
      {gatewayField}
      <label>
        {t('common.sensor')}
        <select value={c.sensorId} onChange={(e) => onChange({ sensorId: e.target.value })}>
          <option value="">{t('rules.pickSensor')}</option>
          {(sensors.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {sensorOption(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('rules.method.label')}
        <select
          value={c.method}
          onChange={(e) => onChange({ method: e.target.value as ConditionDraft['method'] })}
        >
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`rules.conditions.method.${m}`)}
            </option>
          ))}
        </select>
      </label>
      {(c.method === 'over' || c.method === 'under') && (
        <NumberField
          label={t('rules.threshold')}
          unit={unit}
          value={c.threshold}
          bad={bad('threshold')}
          onChange={(threshold) => onChange({ threshold })}
        />
      )}
      {(c.method === 'inRange' || c.method === 'outOfRange') && (
        <>
          <NumberField
            label={t('rules.min')}
            unit={unit}
            value={c.min}
            bad={bad('min')}
            onChange={(min) => onChange({ min })}
          />
          <NumberField
            label={t('rules.max')}
            unit={unit}
            value={c.max}
            bad={bad('max')}
            onChange={(max) => onChange({ max })}
          />
        </>
      )}
      {c.method === 'equals' && (
        <label>
          {t('rules.conditions.value')}
          <input value={c.value} onChange={(e) => onChange({ value: e.target.value })} />
        </label>
      )}
    </>
  );
}
