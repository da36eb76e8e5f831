import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob, streamExport } from '../net/client';
import type { ExportFormat, ExportSensor } from '../lib/export';
import { exportProgress, formatBytes } from '../lib/export';
import { fromDateTimeLocal, groupThousands, toDateTimeLocal } from '../lib/format';
import { ErrorBox } from './State';
import { DateTimeInput } from './DateTimeInput';

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; bytes: number; rows: number; estimatedRows: number | null }
  | { kind: 'done'; file: string; rows: number; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'error'; error: unknown };

/**
 * Range + format → a streamed download of raw values (GET /api/v1/export) with a progress bar (rows
 * received vs the site's estimate) and a cancel button; the result is saved through a Blob link.
 */
export function ExportPanel({
  sensors,
  initialStart,
  initialEnd,
}: {
  sensors: readonly ExportSensor[];
  initialStart: number;
  initialEnd: number;
}) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [from, setFrom] = useState(() => toDateTimeLocal(initialStart));
  const [to, setTo] = useState(() => toDateTimeLocal(initialEnd + 60_000));
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  // the chart's range follows zoom, pan and presets: the export offers what the chart shows
  useEffect(() => {
    setFrom(toDateTimeLocal(initialStart));
    setTo(toDateTimeLocal(initialEnd + 60_000));
  }, [initialStart, initialEnd]);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = fromDateTimeLocal(from);
  const end = fromDateTimeLocal(to);
  const valid = start !== null && end !== null && start < end && sensors.length > 0;
  const running = phase.kind === 'running';

  const run = async () => {
    if (!valid || running) return;
    const ac = new AbortController();
    abort.current = ac;
    setPhase({ kind: 'running', bytes: 0, rows: 0, estimatedRows: null });
    try {
      const result = await streamExport(
        sensors,
        start,
        end,
        format,
        (p) => {
          if (!ac.signal.aborted) setPhase({ kind: 'running', ...p });
        },
        ac.signal,
      );
      if (ac.signal.aborted) return;
      saveBlob(result.blob, result.fileName);
      setPhase({ kind: 'done', file: result.fileName, rows: result.rows, bytes: result.bytes });
    } catch (e) {
      setPhase(ac.signal.aborted ? { kind: 'cancelled' } : { kind: 'error', error: e });
    } finally {
      if (abort.current === ac) abort.current = null;
    }
  };

  const progress = running ? exportProgress(phase.rows, phase.estimatedRows, false) : null;

  return (
    <div className="export-panel">
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          <span>{t('exportData.format')}</span>
          <select
            data-testid="export-format"
            value={format}
            disabled={running}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <label>
          <span>{t('exportData.from')}</span>
          <DateTimeInput
            label={t('exportData.from')}
            testId="export-start"
            value={from}
            onChange={setFrom}
            disabled={running}
          />
        </label>
        <label>
          <span>{t('exportData.to')}</span>
          <DateTimeInput
            label={t('exportData.to')}
            testId="export-end"
            value={to}
            onChange={setTo}
            showZone
            disabled={running}
          />
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="export-submit"
          disabled={!valid || running}
        >
          {t('exportData.submit')}
        </button>
        {running && (
          <button
            type="button"
            className="btn"
            data-testid="export-cancel"
            onClick={() => abort.current?.abort()}
          >
            {t('exportData.cancel')}
          </button>
        )}
      </form>
      {!valid && start !== null && end !== null && start >= end && (
        <div className="text-bad small">{t('exportData.invalidRange')}</div>
      )}
      {running && (
        <div className="export-status">
          <progress
            data-testid="export-progress"
            max={1}
            {...(progress === null ? {} : { value: progress })}
            aria-label={t('exportData.title')}
          />
          <span className="muted small">
            {phase.estimatedRows === null
              ? t('exportData.rowsNoEstimate', { rows: groupThousands(phase.rows) })
              : t('exportData.rows', {
                  rows: groupThousands(phase.rows),
                  estimate: groupThousands(phase.estimatedRows),
                })}{' '}
            · {formatBytes(phase.bytes)}
          </span>
        </div>
      )}
      {phase.kind === 'done' && (
        <div className="text-ok small" data-testid="export-done">
          {t('exportData.done', {
            file: phase.file,
            rows: groupThousands(phase.rows),
            size: formatBytes(phase.bytes),
          })}
        </div>
      )}
      {phase.kind === 'cancelled' && <div className="muted small">{t('exportData.cancelled')}</div>}
      {phase.kind === 'error' && <ErrorBox error={phase.error} />}
      {phase.kind === 'idle' && <div className="muted small">{t('exportData.hint')}</div>}
    </div>
  );
}
