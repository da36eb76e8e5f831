import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { SEVERITIES, type RuleInput } from '../../shared/api';
import type { Rule, Severity } from '../../shared/model';
import { Card, PageHeader } from '../components/Card';
import { Loaded } from '../components/State';
import { ActionsFields } from '../components/rule-editor/ActionsFields';
import { ConditionsFields } from '../components/rule-editor/ConditionsFields';
import { OptionsFields } from '../components/rule-editor/OptionsFields';
import { SectionProblems, type EditorContext } from '../components/rule-editor/shared';
import { TargetFields } from '../components/rule-editor/TargetFields';
import { TestPanel } from '../components/rule-editor/TestPanel';
import { TriggerFields } from '../components/rule-editor/TriggerFields';
import { WhyPanel } from '../components/rule-editor/WhyPanel';
import { useApi } from '../hooks/useApi';
import { useSensorTypes } from '../hooks/useSensorTypes';
import {
  draftFromRule,
  draftToInput,
  emptyDraft,
  problemsOf,
  suggestedName,
  updateBody,
  type RuleDraft,
} from '../lib/rule-form';
import { triggerText } from '../../shared/rules';
import { ruleInput } from '../lib/rules';
import { api, ApiRequestError, errorMessage } from '../net/client';
import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `/rules/new` and `/rules/:id`: the editor, and for a saved rule why it did (not) fire. */
export function RuleEditorPage() {
  const { t } = useTranslation();
  const { ruleId = 'new' } = useParams();
  const id = ruleId === 'new' ? null : Number(ruleId);
  const rule = useApi((s) => (id === null ? Promise.resolve(null) : api.rule(id, s)), [id]);
  return (
    <div className="page">
      <Loaded state={rule}>
        {(r) => (
          <>
            <RuleEditor key={r?.id ?? 'new'} rule={r} />
            {r && <WhyPanel ruleId={r.id} gatewayId={r.gatewayId} />}
          </>
        )}
      </Loaded>
      {rule.error && id !== null ? <div className="muted">{t('rules.editor.loadFailed')}</div> : null}
    </div>
  );
}

function RuleEditor({ rule }: { rule: Rule | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule ? draftFromRule(ruleInput(rule)) : emptyDraft(localZone()),
  );
  const [badFields, setBadFields] = useState<string[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const gateways = useApi((s) => api.gateways(s), []);
  const sensors = useApi(
    (s) => (draft.gatewayId ? api.sensors(draft.gatewayId, s) : Promise.resolve([])),
    [draft.gatewayId],
  );
  const sensorTypes = useSensorTypes();

  const set = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };
  const ed: EditorContext = {
    draft,
    set,
    gateways: gateways.data ?? [],
    sensors: sensors.data ?? [],
    sensorTypes,
    badFields,
    problems,
  };
  /** the rule to send, or null (and the unreadable fields flagged) */
  const checkedInput = (): RuleInput | null => {
    const { input, problems: bad } = draftToInput(draft);
    if (!input.name) {
      // an unnamed rule is named after what it watches and when it fires ("Oven temperature > 250 °C")
      const sensor = ed.sensors.find((s) => s.id === input.sensorId);
      input.name = suggestedName(sensor?.name || '', triggerText(input, sensor?.unit ?? ''));
    }
    setBadFields(bad);
    setProblems([]);
    return bad.length > 0 ? null : input;
  };
  const refused = (e: unknown) =>
    setProblems(
      e instanceof ApiRequestError && e.statusCode === 400 ? problemsOf(e.message) : [errorMessage(e)],
    );

  const save = async () => {
    const input = checkedInput();
    if (!input) return;
    setBusy(true);
    try {
      if (rule) {
        await api.updateRule(rule.id, updateBody(input, ruleInput(rule)));
        setSaved(true);
      } else {
        await api.createRule(input);
        void navigate('/rules');
      }
    } catch (e) {
      refused(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <>
            <Link to="/rules" className="crumb">
              {t('rules.editor.back')}
            </Link>{' '}
            / {rule ? rule.name : t('rules.editor.newTitle')}
          </>
        }
      />
      <ReadOnlyNote />
      <form
        className="rule-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Card title={t('rules.editor.basics')}>
          <BasicsFields ed={ed} />
        </Card>
        <Card title={t('rules.editor.targetTitle')}>
          <TargetFields ed={ed} />
        </Card>
        <Card title={t('rules.editor.triggerTitle')}>
          <TriggerFields ed={ed} />
        </Card>
        <Card title={t('rules.editor.optionsTitle')}>
          <OptionsFields ed={ed} />
        </Card>
        <Card title={t('rules.conditions.title')}>
          <ConditionsFields ed={ed} />
        </Card>
        <Card title={t('rules.actions.title')}>
          <ActionsFields ed={ed} />
        </Card>
        <Card title={t('rules.test.title')}>
          <TestPanel input={checkedInput} disabled={busy} onRefused={refused} />
        </Card>
        <div className="rule-save" data-testid="rule-save-bar">
          {badFields.length > 0 && (
            <div className="field-error" role="alert" data-testid="rule-bad-fields">
              {t('rules.editor.fixFields', { fields: badFields.join(', ') })}
            </div>
          )}
          {problems.length > 0 && (
            <div className="state state-error rule-server-problems" role="alert" data-testid="rule-problems">
              <strong>{t('rules.editor.serverSays')}</strong>
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <RequireRole role="technician">
            <button type="submit" className="btn btn-primary" data-testid="rule-submit" disabled={busy}>
              {busy ? t('rules.editor.saving') : t('rules.editor.save')}
            </button>
          </RequireRole>
          {saved && <span className="text-ok">{t('rules.editor.saved')}</span>}
        </div>
      </form>
    </>
  );
}

function BasicsFields({ ed }: { ed: EditorContext }) {
  const { t } = useTranslation();
  const { draft, set } = ed;
  return (
    <div className="form form-grid">
      <label>
        {t('rules.name')}
        <input
          data-testid="rule-name"
          value={draft.name}
          placeholder={t('rules.namePlaceholder')}
          onChange={(e) => set({ name: e.target.value })}
        />
      </label>
      <label>
        {t('rules.severity')}
        <select
          data-testid="rule-severity"
          value={draft.severity}
          onChange={(e) => set({ severity: e.target.value as Severity })}
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="rule-active"
          checked={draft.status === 'activated'}
          onChange={(e) => set({ status: e.target.checked ? 'activated' : 'deactivated' })}
        />
        {t('rules.editor.activeAfterSave')}
      </label>
      <label className="span-all">
        {t('rules.desc')}
        <input value={draft.desc} onChange={(e) => set({ desc: e.target.value })} />
      </label>
      <SectionProblems problems={ed.problems} section="basics" />
    </div>
  );
}
