import { useTranslation } from 'react-i18next';
import type { RuleAgent } from '../../../shared/rules';
import { methodsFor, type TargetMode } from '../../lib/rule-form';
import { GatewaySelect, SectionProblems, sensorOption, type EditorContext } from './shared';

const AGENTS: readonly RuleAgent[] = ['sensorValue', 'sensorStatus', 'gatewayStatus', 'schedule'];
const MODES: readonly TargetMode[] = ['one', 'many', 'type'];

/** What the rule watches: a sensor value or status (one, several, every of a type), a gateway, the clock. */
export function TargetFields({ ed }: { ed: EditorContext }) {
  const { t } = useTranslation();
  const { draft, set, sensors } = ed;
  const bySensor = draft.agent === 'sensorValue' || draft.agent === 'sensorStatus';
  const measuring = sensors.filter((s) => s.category === 'sensor');
  const types = [...new Set(measuring.map((s) => s.type))].sort();
  const typeLabel = (type: string) => t(`sensorTypes.${type}`, { defaultValue: type });

  const setAgent = (agent: RuleAgent) => {
    const methods = methodsFor(agent);
    set({ agent, method: methods.includes(draft.method) ? draft.method : (methods[0] ?? 'over') });
  };
  const toggle = (id: string) =>
    set({
      sensorIds: draft.sensorIds.includes(id)
        ? draft.sensorIds.filter((x) => x !== id)
        : [...draft.sensorIds, id],
    });

  return (
    <div className="form form-grid">
      <label>
        {t('rules.target')}
        <select
          data-testid="rule-agent"
          value={draft.agent}
          onChange={(e) => setAgent(e.target.value as RuleAgent)}
        >
          {AGENTS.map((a) => (
            <option key={a} value={a}>
              {t(`rules.agent.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('common.gateway')}
        <GatewaySelect
          testId="rule-gateway"
          value={draft.gatewayId}
          gateways={ed.gateways}
          allowNone={draft.agent === 'schedule'}
          onChange={(gatewayId) => set({ gatewayId, sensorIds: [], sensorType: '' })}
        />
      </label>
      {bySensor && (
        <label>
          {t('rules.mode.label')}
          <select
            data-testid="rule-mode"
            value={draft.targetMode}
            onChange={(e) => set({ targetMode: e.target.value as TargetMode })}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {t(`rules.mode.${m}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {bySensor && draft.targetMode === 'one' && (
        <label>
          {t('common.sensor')}
          <select
            data-testid="rule-sensor"
            value={draft.sensorIds[0] ?? ''}
            disabled={!draft.gatewayId}
            onChange={(e) => set({ sensorIds: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">{t('rules.pickSensor')}</option>
            {measuring.map((s) => (
              <option key={s.id} value={s.id}>
                {sensorOption(s)}
              </option>
            ))}
          </select>
        </label>
      )}
      {bySensor && draft.targetMode === 'many' && (
        <fieldset className="span-2 check-list" data-testid="rule-sensors">
          <legend>{t('rules.sensorsChosen', { count: draft.sensorIds.length })}</legend>
          {measuring.map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" checked={draft.sensorIds.includes(s.id)} onChange={() => toggle(s.id)} />
              {sensorOption(s)}
            </label>
          ))}
        </fieldset>
      )}
      {bySensor && draft.targetMode === 'type' && (
        <label>
          {t('rules.sensorType')}
          <select
            data-testid="rule-sensor-type"
            value={draft.sensorType}
            onChange={(e) => set({ sensorType: e.target.value })}
          >
            <option value="">{t('rules.pickType')}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {typeLabel(type)}
              </option>
            ))}
          </select>
          {draft.sensorType && (
            <span className="field-hint">
              {t('rules.typeNow', { count: measuring.filter((s) => s.type === draft.sensorType).length })}
            </span>
          )}
        </label>
      )}
      <SectionProblems problems={ed.problems} section="target" />
    </div>
  );
}
