// The dashboards API (GET/POST /dashboards, GET/PUT/DELETE /dashboards/{id}, export, import, default).
import type {
  Dashboard,
  DashboardExport,
  DashboardInput,
  DashboardList,
  GeneratedDashboard,
} from '../../shared/dashboards';
import { request } from './client';

export const dashboardsApi = {
  list: (s?: AbortSignal) => request<DashboardList>('GET', '/dashboards', undefined, s),
  generated: (s?: AbortSignal) => request<GeneratedDashboard>('GET', '/dashboards/default', undefined, s),
  get: (id: number, s?: AbortSignal) => request<Dashboard>('GET', `/dashboards/${id}`, undefined, s),
  create: (d: DashboardInput) => request<Dashboard>('POST', '/dashboards', d),
  update: (id: number, d: DashboardInput) => request<Dashboard>('PUT', `/dashboards/${id}`, d),
  remove: (id: number) => request<unknown>('DELETE', `/dashboards/${id}`),
  exportFile: (id: number) => request<DashboardExport>('GET', `/dashboards/${id}/export`),
  importFile: (file: unknown) => request<Dashboard>('POST', '/dashboards/import', file),
};
