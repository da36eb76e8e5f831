import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SensorTypeDef } from '../../../shared/catalogue';
import type { GatewayView, SensorView } from '../../../shared/model';
import type { FormSection, RuleDraft } from '../../lib/rule-form';
import { sectionOf } from '../../lib/rule-form';

/** What every part of the editor reads: the draft, how to change it, and the site's names. */
export interface EditorContext {
  draft: RuleDraft;
  set: (patch: Partial<RuleDraft>) => void;
  gateways: readonly GatewayView[];
  /** sensors of the rule's gateway */
  sensors: readonly SensorView[];
  sensorTypes: readonly SensorTypeDef[] | null;
  /** fields the form could not read as numbers (`threshold`, `conditions[0].min` …) */
  badFields: readonly string[];
  /** the site's 400 problems, one per line */
  problems: readonly string[];
}

export const sensorOption = (s: SensorView): string => `${s.name || s.id}${s.unit ? ` [${s.unit}]` : ''}`;

/** The site's problems that belong to one part of the form, right next to it. */
export function SectionProblems({
  problems,
  section,
}: {
  problems: readonly string[];
  section: FormSection;
}) {
  const mine = problems.filter((p) => sectionOf(p) === section);
  if (mine.length === 0) return null;
  return (
    <ul className="field-error rule-problems" role="alert" data-testid={`rule-problems-${section}`}>
      {mine.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** A text input for a number, flagged when the form could not read it. */
export function NumberField({
  label,
  value,
  onChange,
  bad,
  testId,
  unit,
  hint,
  placeholder,
}: {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  bad: boolean;
  testId?: string;
  unit?: string;
  hint?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{label}</span>
      <span className="input-unit">
        <input
          data-testid={testId}
          inputMode="decimal"
          value={value}
          placeholder={placeholder}
          aria-invalid={bad}
          onChange={(e) => onChange(e.target.value)}
        />
        {unit && <span className="muted">{unit}</span>}
      </span>
      {bad && <span className="field-error">{t('rules.notNumber')}</span>}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

export function GatewaySelect({
  value,
  gateways,
  onChange,
  testId,
  allowNone,
}: {
  value: string;
  gateways: readonly GatewayView[];
  onChange: (id: string) => void;
  testId?: string;
  allowNone?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{allowNone ? t('rules.anyGateway') : t('rules.pickGateway')}</option>
      {gateways.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name || g.id}
        </option>
      ))}
    </select>
  );
}
