import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DemoStatus } from '../../shared/demo';
import { errorMessage } from '../net/client';
import { demoApi } from '../net/demo';
import { useDialogs } from './Dialog';

/**
 * The overview's reminder that what it shows is simulated: while the demo runs (or its data is still on the
 * site), a notice with the way out. Nothing when there is no demo.
 */
export function DemoNotice() {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const [status, setStatus] = useState<DemoStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async (signal?: AbortSignal) => {
    try {
      setStatus(await demoApi.status(signal));
    } catch {
      // the notice is a reminder, not a health check: a failed look-up shows nothing
    }
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    void refresh(ac.signal);
    return () => ac.abort();
  }, [refresh]);

  if (!status || (!status.running && status.gateways === 0)) return null;
  const remove = async () => {
    if (!(await dialogs.confirm(t('demo.removeConfirm'), { danger: true }))) return;
    setBusy(true);
    setError(null);
    try {
      await demoApi.remove();
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="demo-notice" role="status" data-testid="demo-notice">
      <span>
        <strong>{status.running ? t('demo.noticeRunning') : t('demo.noticeStopped')}</strong>{' '}
        {t('demo.noticeText', { gateways: status.gateways, sensors: status.sensors })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="demo-notice-remove"
        disabled={busy}
        onClick={() => void remove()}
      >
        {busy ? t('demo.removing') : t('demo.remove')}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
