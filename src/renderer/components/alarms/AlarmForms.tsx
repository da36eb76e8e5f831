import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ALARM_MAX_SHELVE_MINUTES } from '../../../shared/api';
import { checkShelveMinutes } from '../../lib/alarms';

interface FormProps {
  id: number;
  busy: boolean;
  onCancel: () => void;
  /** a problem found before anything is sent (in the user's language) */
  onProblem: (message: string) => void;
}

/** Acknowledge, with an optional comment (kept with the alarm and on the timeline). */
export function AckForm({
  id,
  busy,
  onCancel,
  onSubmit,
}: Omit<FormProps, 'onProblem'> & { onSubmit: (comment: string) => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(comment.trim());
  };
  return (
    <form className="alarm-form" onSubmit={submit}>
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
      <button type="button" className="btn btn-small" onClick={onCancel}>
        {t('alarms.cancel')}
      </button>
    </form>
  );
}

/** Shelve for whole minutes, up to the site's maximum, with a reason: ISA-18.2 wants every shelf timed and explained. */
export function ShelveForm({
  id,
  busy,
  onCancel,
  onProblem,
  onSubmit,
}: FormProps & { onSubmit: (minutes: number, reason: string) => void }) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState('30');
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkShelveMinutes(minutes, ALARM_MAX_SHELVE_MINUTES);
    if ('error' in checked) return onProblem(t(checked.error, { max: ALARM_MAX_SHELVE_MINUTES }));
    if (!reason.trim()) return onProblem(t('alarms.error.reason'));
    onSubmit(checked.minutes, reason.trim());
  };
  return (
    <form className="alarm-form" onSubmit={submit} noValidate>
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
      <button type="button" className="btn btn-small" onClick={onCancel}>
        {t('alarms.cancel')}
      </button>
      <span className="muted small">{t('alarms.maxMinutes', { max: ALARM_MAX_SHELVE_MINUTES })}</span>
    </form>
  );
}
