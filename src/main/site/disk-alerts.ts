import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { AlarmReserve, DiskMonitor, DiskThinner } from '../storage/index.js';
import type { Timeline } from '../timeline/index.js';
import { gib } from './format.js';
import type { Guard } from './guard.js';

export interface DiskAlertParts {
  disk: DiskMonitor;
  thinner: DiskThinner;
  reserve: AlarmReserve;
  timeline: Timeline;
  metrics: Metrics;
  logger: Logger;
  safely: Guard;
}

/**
 * What the operator is told about the disk: the monitor's levels and the thinner's steps become log
 * lines, counted errors and timeline notes with sizes in MiB/GiB; the alarm reserve is topped up again
 * whenever there is room. Returns what the overview reports of thinning.
 */
export function wireDiskAlerts(p: DiskAlertParts): { thinnedBefore(): number | null } {
  const { disk, thinner, reserve, metrics, logger } = p;
  let thinnedBefore: number | null = null;
  const note = (what: string, severity: 'fatal' | 'warning' | 'information', message: string): void =>
    p.safely(what, () => p.timeline.add({ type: 'site', node: [], severity, message }))();

  disk.on('level', (state, previous) => {
    if (state.level === 'full') {
      const message = `Disk full on the site PC (${gib(state.freeBytes)} free): sensor values are refused until space returns; alarms are still recorded`;
      logger.error({ disk: state }, message);
      metrics.recordError({ kind: 'disk.full', message });
      note('disk full note', 'fatal', message);
    } else if (previous === 'full') {
      logger.warn({ disk: state }, 'disk no longer full');
    }
    // the reserve was (partly) used: top it up as soon as there is room again
    if (state.level !== 'full') reserve.ensure();
  });
  disk.on('checked', (state) => {
    if (state.level !== 'full' && !reserve.state().ready) reserve.ensure();
  });
  disk.on('low', (state) => {
    const message = `Disk space low on the site PC: ${gib(state.freeBytes)} free (warning below ${gib(state.warnFreeBytes)})`;
    logger.warn({ disk: state }, message);
    metrics.recordError({ kind: 'disk.low', message });
    note('disk warning', 'warning', message);
  });
  disk.on('recovered', (state) =>
    note('disk recovery note', 'information', `Disk space recovered: ${gib(state.freeBytes)} free`),
  );
  thinner.on('step', (step) => {
    thinnedBefore = step.thinnedBefore;
    const through = new Date((step.thinnedBefore ?? 0) - 1).toISOString().slice(0, 10);
    const message = `Disk budget: raw sensor values through ${through} (UTC) thinned, rollups kept (${step.deletedChunks} chunks, ${gib(step.freedBytes)} freed, ${gib(step.state.freeBytes)} free, thinning below ${gib(step.state.thinFreeBytes)})`;
    logger.warn(
      { disk: step.state, deletedChunks: step.deletedChunks, thinnedBefore: step.thinnedBefore },
      message,
    );
    metrics.recordError({ kind: 'disk.thinned', message });
    note('disk thinning note', 'warning', message);
  });
  thinner.on('exhausted', (state) => {
    const message = `Disk budget: ${gib(state.freeBytes)} free and no raw sensor values left to thin (the newest of each sensor and values not yet compacted are kept)`;
    logger.warn({ disk: state }, message);
    note('disk thinning note', 'warning', message);
  });
  thinner.on('error', (err) => {
    logger.error({ err }, 'disk budget: thinning failed; retrying later');
    metrics.recordError({ kind: 'internal', message: `disk thinning: ${err.message}` });
  });
  return { thinnedBefore: () => thinnedBefore };
}
