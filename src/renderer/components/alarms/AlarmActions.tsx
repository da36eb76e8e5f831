import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ALARM_MAX_SHELVE_MINUTES } from '../../../shared/api';
import type { Alarm } from '../../../shared/model';
import { applyOpenAlarm } from '../../hooks/useOpenAlarms';
import { actionsFor, checkShelveMinutes } from '../../lib/alarms';
import { api, errorMessage } from '../../net/client';

type Form = 'ack' | 'shelve' | null;

/**
 * An alarm's operator actions. Acknowledge and Shelve open a small form (a comment; minutes and a reason,
 * as ISA-18.2 wants every shelf timed and explained); Unshelve and Reset act at once.
 */
export function AlarmActions({ alarm, latched }: { alarm: Alarm; latched: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(null);
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = alarm.id;

  const run = async (call: () => Promise<Alarm>) => {
    setBusy(true);
    setProblem(null);
    try {
      applyOpenAlarm(await call());
      setForm(null);
      setComment('');
      setReason('');
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const submitShelve = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkShelveMinutes(minutes, ALARM_MAX_SHELVE_MINUTES);
    if ('error' in checked) return setProblem(t(checked.error, { max: ALARM_MAX_SHELVE_MINUTES }));
    if (!reason.trim()) return setProblem(t('alarms.error.reason'));
    void run(() => api.shelveAlarm(id, checked.minutes, reason.trim()));
  };

  const submitAck = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.ackAlarm(id, comment.trim()));
  };

  const open = (f: Form) => {
    setProblem(null);
    setForm((cur) => (cur === f ? null : f));
  };

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
            onClick={() => {
              if (action === 'ack' || action === 'shelve') open(action);
              else void run(() => (action === 'reset' ? api.resetAlarm(id) : api.unshelveAlarm(id)));
            }}
          >
            {t(`alarms.action.${action}`)}
          </button>
        ))}
      </div>
      {form === 'ack' && (
        <form className="alarm-form" onSubmit={submitAck}>
          <label>
            {t('alarms.comment')}
            <input
              type="text"
              value={comment}
              maxLength={2000}
              data-testid={`alarm-comment-${id}`}
              onChange={(e) => setComment(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="btn btn-small btn-primary"
            disabled={busy}
            data-testid={`alarm-ack-confirm-${id}`}
          >
            {t('alarms.action.ack')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setForm(null)}>
            {t('alarms.cancel')}
          </button>
        </form>
      )}
      {form === 'shelve' && (
        <form className="alarm-form" onSubmit={submitShelve} noValidate>
          <label>
            {t('alarms.minutes')}
            <input
              type="number"
              className="alarm-minutes"
              min={1}
              max={ALARM_MAX_SHELVE_MINUTES}
              step={1}
              value={minutes}
              title={t('alarms.maxMinutes', { max: ALARM_MAX_SHELVE_MINUTES })}
              data-testid={`alarm-minutes-${id}`}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </label>
          <label>
            {t('alarms.reason')}
            <input
              type="text"
              value={reason}
              maxLength={2000}
              data-testid={`alarm-reason-${id}`}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="btn btn-small btn-primary"
            disabled={busy}
            data-testid={`alarm-shelve-confirm-${id}`}
          >
            {t('alarms.action.shelve')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setForm(null)}>
            {t('alarms.cancel')}
          </button>
          <span className="muted small">{t('alarms.maxMinutes', { max: ALARM_MAX_SHELVE_MINUTES })}</span>
        </form>
      )}
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
