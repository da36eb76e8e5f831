// The demo API (GET/POST/DELETE /api/v1/demo), kept apart so the demo adds no surface to the shared client.
import type { DemoRemoved, DemoStatus } from '../../shared/demo';
import { request } from './client';

export const demoApi = {
  status: (s?: AbortSignal) => request<DemoStatus>('GET', '/demo', undefined, s),
  start: () => request<DemoStatus>('POST', '/demo', {}),
  remove: () => request<DemoRemoved>('DELETE', '/demo'),
};
