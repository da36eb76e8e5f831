import { useTranslation } from 'react-i18next';
import { TEMPLATE_FIELDS } from '../../lib/rule-form';
import { NumberField, SectionProblems, type EditorContext } from './shared';
import { triggerUnit } from './TriggerFields';

/** The template fields as typed in a message: `{{value}} {{unit}} …` (not translated: they are syntax). */
export const TEMPLATE_HINT = TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(' ');

/** Hysteresis, hold, latch, throttling and the message template. */
export function OptionsFields({ ed }: { ed: EditorContext }) {
  const { t } = useTranslation();
  const { draft, set, badFields } = ed;
  const valued = draft.agent !== 'schedule';
  return (
    <div className="form form-grid">
      {valued && draft.agent === 'sensorValue' && (
        <NumberField
          label={t('rules.deadband')}
          testId="rule-deadband"
          unit={triggerUnit(ed)}
          value={draft.deadband}
          bad={badFields.includes('deadband')}
          hint={t('rules.deadbandHint')}
          placeholder="0"
          onChange={(deadband) => set({ deadband })}
        />
      )}
      {valued && (
        <NumberField
          label={t('rules.holdSeconds')}
          testId="rule-hold"
          value={draft.holdSeconds}
          bad={badFields.includes('holdSeconds')}
          hint={t('rules.holdHint')}
          placeholder="0"
          onChange={(holdSeconds) => set({ holdSeconds })}
        />
      )}
      <NumberField
        label={t('rules.throttleSeconds')}
        testId="rule-throttle"
        value={draft.throttleSeconds}
        bad={badFields.includes('throttleSeconds')}
        hint={t('rules.throttleHint')}
        onChange={(throttleSeconds) => set({ throttleSeconds })}
      />
      {valued && (
        <label className="check">
          <input
            type="checkbox"
            data-testid="rule-latched"
            checked={draft.latched}
            onChange={(e) => set({ latched: e.target.checked })}
          />
          {t('rules.latched')}
        </label>
      )}
      <label className="span-all">
        {t('rules.message')}
        <input
          data-testid="rule-message"
          value={draft.message}
          placeholder="{{sensorName}} = {{value}} {{unit}} ({{triggerCondition}})"
          onChange={(e) => set({ message: e.target.value })}
        />
        <span className="field-hint mono-hint">{t('rules.templateHint', { fields: TEMPLATE_HINT })}</span>
      </label>
      <SectionProblems problems={ed.problems} section="options" />
    </div>
  );
}
