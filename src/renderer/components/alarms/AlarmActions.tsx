import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alarm } from '../../../shared/model';
import { applyOpenAlarm } from '../../hooks/useOpenAlarms';
import { actionsFor } from '../../lib/alarms';
import { api, errorMessage } from '../../net/client';
import { AckForm, ShelveForm } from './AlarmForms';

type Form = 'ack' | 'shelve' | null;

/** An alarm's operator actions: Acknowledge and Shelve ask for a little more first; Unshelve and Reset act at once. */
export function AlarmActions({ alarm, latched }: { alarm: Alarm; latched: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = alarm.id;

  const run = async (call: () => Promise<Alarm>) => {
    setBusy(true);
    setProblem(null);
    try {
      // the answer is the changed alarm: shown at once, whether or not its live event came first
      applyOpenAlarm(await call());
      setForm(null);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const click = (action: ReturnType<typeof actionsFor>[number]) => {
    setProblem(null);
    if (action === 'ack' || action === 'shelve') setForm((cur) => (cur === action ? null : action));
    else void run(() => (action === 'reset' ? api.resetAlarm(id) : api.unshelveAlarm(id)));
  };

  const common = { id, busy, onCancel: () => setForm(null) };
  return (
    <div className="alarm-actions">
      <div className="alarm-buttons">
        {actionsFor(alarm, latched).map((action) => (
          <button
            key={action}
            type="button"
            className={`btn btn-small${action === 'ack' ? ' btn-primary' : ''}${form === action ? ' btn-active' : ''}`}
            disabled={busy}
            data-testid={`alarm-${action}-${id}`}
            onClick={() => click(action)}
          >
            {t(`alarms.action.${action}`)}
          </button>
        ))}
      </div>
      {form === 'ack' && (
        <AckForm {...common} onSubmit={(comment) => void run(() => api.ackAlarm(id, comment))} />
      )}
      {form === 'shelve' && (
        <ShelveForm
          {...common}
          onProblem={setProblem}
          onSubmit={(minutes, reason) => void run(() => api.shelveAlarm(id, minutes, reason))}
        />
      )}
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
