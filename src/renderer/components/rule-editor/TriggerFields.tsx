import { useTranslation } from 'react-i18next';
import { STATUS_VALUES, triggerText, type RuleMethod, type StatusValue } from '../../../shared/rules';
import { draftToInput, methodsFor, triggerInputs } from '../../lib/rule-form';
import { NumberField, SectionProblems, type EditorContext } from './shared';

/** The unit the trigger is typed in: the chosen sensors' unit, when they share one. */
export function triggerUnit(ed: EditorContext): string {
  const { draft, sensors } = ed;
  const chosen =
    draft.targetMode === 'type'
      ? sensors.filter((s) => s.type === draft.sensorType)
      : sensors.filter((s) => draft.sensorIds.includes(s.id));
  const units = new Set(chosen.map((s) => s.unit));
  return units.size === 1 ? ([...units][0] ?? '') : '';
}

/** When the rule fires: the method and what it needs, with the sensor's unit next to every threshold. */
export function TriggerFields({ ed }: { ed: EditorContext }) {
  const { t } = useTranslation();
  const { draft, set, badFields } = ed;
  const unit = draft.agent === 'sensorValue' ? triggerUnit(ed) : '';
  const needs = triggerInputs(draft.method);
  const bad = (f: string) => badFields.includes(f);
  // the cron pattern as typed: triggerText's clock glyph is missing from many fonts
  const preview = draft.method === 'cron' ? draft.cron : triggerText(draftToInput(draft).input, unit);
  const toggleStatus = (s: StatusValue) =>
    set({
      statuses: draft.statuses.includes(s) ? draft.statuses.filter((x) => x !== s) : [...draft.statuses, s],
    });

  return (
    <div className="form form-grid">
      <label>
        {t('rules.method.label')}
        <select
          data-testid="rule-method"
          value={draft.method}
          onChange={(e) => set({ method: e.target.value as RuleMethod })}
        >
          {methodsFor(draft.agent).map((m) => (
            <option key={m} value={m}>
              {t(`rules.method.${m}`)}
            </option>
          ))}
        </select>
      </label>
      {needs.includes('threshold') && (
        <NumberField
          label={draft.method === 'rate' ? t('rules.change') : t('rules.threshold')}
          testId="rule-threshold"
          unit={unit}
          value={draft.threshold}
          bad={bad('threshold')}
          onChange={(threshold) => set({ threshold })}
        />
      )}
      {needs.includes('min') && (
        <NumberField
          label={t('rules.min')}
          testId="rule-min"
          unit={unit}
          value={draft.min}
          bad={bad('min')}
          onChange={(min) => set({ min })}
        />
      )}
      {needs.includes('max') && (
        <NumberField
          label={t('rules.max')}
          testId="rule-max"
          unit={unit}
          value={draft.max}
          bad={bad('max')}
          onChange={(max) => set({ max })}
        />
      )}
      {needs.includes('from') && (
        <label>
          {t('rules.from')}
          <input data-testid="rule-from" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
      )}
      {needs.includes('to') && (
        <label>
          {t('rules.to')}
          <input data-testid="rule-to" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
      )}
      {needs.includes('windowSeconds') && (
        <NumberField
          label={draft.method === 'noData' ? t('rules.noDataSeconds') : t('rules.windowSeconds')}
          testId="rule-window"
          value={draft.windowSeconds}
          bad={bad('windowSeconds')}
          onChange={(windowSeconds) => set({ windowSeconds })}
        />
      )}
      {draft.method === 'status' && (
        <fieldset className="check-list" data-testid="rule-statuses">
          <legend>{t('rules.statuses')}</legend>
          {STATUS_VALUES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={draft.statuses.includes(s)} onChange={() => toggleStatus(s)} />
              {t(`rules.statusWord.${s}`)}
            </label>
          ))}
        </fieldset>
      )}
      {draft.method === 'cron' && (
        <label>
          {t('rules.cron')}
          <input
            data-testid="rule-cron"
            className="mono"
            value={draft.cron}
            placeholder="0 8 * * 1-5"
            onChange={(e) => set({ cron: e.target.value })}
          />
          <span className="field-hint">{t('rules.cronHint')}</span>
        </label>
      )}
      <label>
        {t('rules.timezone')}
        <input
          data-testid="rule-timezone"
          value={draft.timezone}
          placeholder="Asia/Seoul"
          onChange={(e) => set({ timezone: e.target.value })}
        />
      </label>
      <div className="span-all rule-preview" data-testid="rule-trigger-preview">
        <span className="muted">{t('rules.condition')}:</span> <strong className="mono">{preview}</strong>
      </div>
      <SectionProblems problems={ed.problems} section="trigger" />
    </div>
  );
}
