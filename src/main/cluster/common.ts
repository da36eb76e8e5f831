import type { ElectionRecord } from '../../shared/api.js';
import type { ElectionData } from './types.js';

/** Default validation of the shared config: any JSON object (not an array, not null). */
export function defaultValidateConfig(config: unknown): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new Error('the shared config must be a JSON object');
  }
  return config as Record<string, unknown>;
}

/** Parses a base znode's data (`{"master": node, "epoch": n}`); tolerant of empty / foreign data. */
export function parseElectionData(data: Buffer | null | undefined): ElectionData {
  if (!data || data.length === 0) return { master: null, epoch: 0 };
  try {
    const v = JSON.parse(data.toString('utf8')) as Partial<ElectionData>;
    return {
      master: typeof v.master === 'string' ? v.master : null,
      epoch: typeof v.epoch === 'number' && Number.isFinite(v.epoch) ? v.epoch : 0,
    };
  } catch {
    return { master: null, epoch: 0 };
  }
}

export const HISTORY_LIMIT = 50;

export function pushHistory(history: ElectionRecord[], record: ElectionRecord): void {
  history.push(record);
  if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
}
