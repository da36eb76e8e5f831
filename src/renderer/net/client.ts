// HTTP client for the site API. Every failure becomes an ApiRequestError carrying the ApiError body.
import type {
  ApiError,
  ClusterState,
  ControlActuatorRequest,
  ErrorCode,
  HealthResponse,
  PendingGateway,
  RegisterGatewayKeyRequest,
  RegisterGatewayKeyResponse,
  RuleInput,
  SeriesResponse,
  SiteOverview,
  TimelinePage,
} from '../../shared/api';
import type { Gateway, GatewayView, SensorView, Severity, ThresholdRule } from '../../shared/model';
import type { Interval } from '../lib/series';
import { seriesQuery } from '../lib/series';
import { apiUrl, resolveApiBase, seg } from '../lib/url';

export const API_BASE = resolveApiBase(window.location, window.edgeSite?.apiBase);

export class ApiRequestError extends Error implements ApiError {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly error: string;
  constructor(body: ApiError) {
    super(body.message || body.error || `HTTP ${body.statusCode}`);
    this.name = 'ApiRequestError';
    this.statusCode = body.statusCode;
    this.code = body.code;
    this.error = body.error;
  }
}

function isApiError(v: unknown): v is ApiError {
  return !!v && typeof v === 'object' && typeof (v as ApiError).message === 'string' && 'statusCode' in v;
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(API_BASE, path), {
      method,
      signal,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiRequestError({
      statusCode: 0,
      code: 'ES_INTERNAL',
      error: 'Network Error',
      message: `Cannot reach the site API (${(e as Error).message})`,
    });
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    if (isApiError(parsed)) throw new ApiRequestError(parsed);
    throw new ApiRequestError({
      statusCode: res.status,
      code: res.status === 404 ? 'ES_NOT_FOUND' : 'ES_INTERNAL',
      error: res.statusText || 'Error',
      message: `HTTP ${res.status} ${res.statusText}`.trim(),
    });
  }
  if (text && parsed === undefined) {
    throw new ApiRequestError({
      statusCode: res.status,
      code: 'ES_INTERNAL',
      error: 'Bad Response',
      message: 'The site answered with something that is not JSON',
    });
  }
  return parsed as T;
}

/** Human text for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiRequestError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** One entry of the Thing+ gateway model catalogue (resources/thingplus-metadata/gatewayModels.json). */
export interface GatewayModel {
  id: string;
  vendor?: string;
  model?: string;
  displayName?: string;
  name?: string;
}

export type GatewayPatch = Partial<Pick<Gateway, 'name' | 'model' | 'reportInterval' | 'legacyPlainTcp'>>;

const gw = (id: string) => `/gateways/${seg(id)}`;

export const api = {
  health: (s?: AbortSignal) => request<HealthResponse>('GET', '/healthz', undefined, s),
  overview: (s?: AbortSignal) => request<SiteOverview>('GET', '/overview', undefined, s),
  gateways: (s?: AbortSignal) => request<GatewayView[]>('GET', '/gateways', undefined, s),
  gateway: (id: string, s?: AbortSignal) => request<GatewayView>('GET', gw(id), undefined, s),
  updateGateway: (id: string, patch: GatewayPatch) => request<GatewayView>('PUT', gw(id), patch),
  deleteGateway: (id: string) => request<unknown>('DELETE', gw(id)),
  sensors: (id: string, s?: AbortSignal) => request<SensorView[]>('GET', `${gw(id)}/sensors`, undefined, s),
  sensor: (id: string, sid: string, s?: AbortSignal) =>
    request<SensorView>('GET', `${gw(id)}/sensors/${seg(sid)}`, undefined, s),
  series: (id: string, sid: string, start: number, end: number, interval: Interval, s?: AbortSignal) =>
    request<SeriesResponse>(
      'GET',
      `${gw(id)}/sensors/${seg(sid)}/series?${seriesQuery(start, end, interval)}`,
      undefined,
      s,
    ),
  registerGatewayKey: (body: RegisterGatewayKeyRequest) =>
    request<RegisterGatewayKeyResponse>('POST', '/registerGatewayKey', body),
  gatewayModels: (s?: AbortSignal) => request<GatewayModel[]>('GET', '/gatewayModels', undefined, s),
  pendingGateways: (s?: AbortSignal) => request<PendingGateway[]>('GET', '/pendingGateways', undefined, s),
  timelines: (q: { count: number; maxId?: number | null; severity?: Severity | '' }, s?: AbortSignal) => {
    const p = new URLSearchParams({ count: String(q.count) });
    if (q.maxId !== undefined && q.maxId !== null) p.set('maxId', String(q.maxId));
    if (q.severity) p.set('filter[severity]', q.severity);
    return request<TimelinePage>('GET', `/timelines?${p.toString()}`, undefined, s);
  },
  rules: (s?: AbortSignal) => request<ThresholdRule[]>('GET', '/rules', undefined, s),
  createRule: (r: RuleInput) => request<ThresholdRule>('POST', '/rules', r),
  updateRule: (id: number, r: RuleInput) => request<ThresholdRule>('PUT', `/rules/${id}`, r),
  deleteRule: (id: number) => request<unknown>('DELETE', `/rules/${id}`),
  controlActuator: (body: ControlActuatorRequest) => request<unknown>('POST', '/controlActuator', body),
  cluster: (s?: AbortSignal) => request<ClusterState>('GET', '/cluster', undefined, s),
};
