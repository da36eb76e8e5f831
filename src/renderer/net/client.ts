// HTTP client for the site API. Every failure becomes an ApiRequestError carrying the ApiError body.
import type {
  ActionTestRequest,
  ActionTestResult,
  AlarmPage,
  AlarmStats,
  ApiError,
  ClusterState,
  ControlActuatorRequest,
  ErrorCode,
  HealthResponse,
  PendingGateway,
  RegisterGatewayKeyRequest,
  RegisterGatewayKeyResponse,
  RuleInput,
  RuleUpdate,
  SeriesResponse,
  SiteOverview,
  TimelinePage,
  TlsInfo,
} from '../../shared/api';
import type { SensorTypeDef } from '../../shared/catalogue';
import type { RuleEvaluation, RuleTestResult } from '../../shared/rules';
import type {
  Alarm,
  AlarmState,
  Gateway,
  GatewayView,
  SensorValue,
  SensorView,
  Severity,
  Rule,
  ActionResult,
} from '../../shared/model';
import i18next from 'i18next';
import type { ExportFormat, ExportSensor } from '../lib/export';
import { RowCounter, exportQuery, fileNameFrom, parseEstimate } from '../lib/export';
import type { Interval, IntervalFunc } from '../lib/series';
import { seriesQuery } from '../lib/series';
import { OPEN_ALARMS_PATH } from '../lib/page-routes';
import { apiUrl, resolveApiBase, seg } from '../lib/url';
import { dropEarly, peekEarly, takeEarly } from './early-gets';

/** dispatched on window when the site answers 401: the console shows its sign-in page */
export const SIGNED_OUT_EVENT = 'edge-site:signed-out';

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

/** GETs in flight that callers share (see sharedGet) */
const inflight = new Map<string, Promise<unknown>>();

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  // a GET shared before this write could answer what the write changes
  if (method !== 'GET') {
    inflight.clear();
    dropEarly();
  }
  // boot.ts asked it before this module loaded (net/early-gets.ts)
  const early = method === 'GET' ? takeEarly(path) : null;
  if (early) return answer<T>(path, abortable(early, signal));
  return answer<T>(
    path,
    fetch(apiUrl(API_BASE, path), {
      method,
      signal,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** `sent`, or an AbortError once `signal` aborts (an early GET was sent without the caller's signal) */
function abortable(sent: Promise<Response>, signal: AbortSignal | undefined): Promise<Response> {
  if (!signal) return sent;
  if (signal.aborted) return Promise.reject(abortError());
  return Promise.race([
    sent,
    new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(abortError()), { once: true }),
    ),
  ]);
}

/** A fetch of `path` read as `request` reads it (the session asked before this module loaded: boot.ts). */
export async function answer<T>(path: string, sent: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await sent;
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
    // the session ended (expired, signed out elsewhere, password changed): back to the sign-in page
    if (res.status === 401 && !path.startsWith('/login') && !path.startsWith('/setup'))
      window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
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

/**
 * One GET for every caller that asks for `path` while it is in flight: a page load asks for some lists
 * several times (the overview's cards, the names directory and the zone loader each want /gateways or
 * /overview), and the 1 000-gateway list is the page's longest answer. Each caller's signal ends only its
 * own wait; callers share the answer and must not change it.
 */
export function sharedGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  let shared = inflight.get(path) as Promise<T> | undefined;
  if (!shared) {
    const p = request<T>('GET', path).finally(() => {
      if (inflight.get(path) === p) inflight.delete(path);
    });
    inflight.set(path, p);
    shared = p;
  }
  if (!signal) return shared;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

const abortError = () => new DOMException('The request was aborted', 'AbortError');

/** Human text for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiRequestError && e.statusCode === 403 && e.code === 'ES_FORBIDDEN')
    return `${i18next.t('auth.forbidden')} (${e.message})`;
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

export type GatewayPatch = Partial<
  Pick<Gateway, 'name' | 'model' | 'reportInterval' | 'legacyPlainTcp' | 'legacyAddress'>
>;

const gw = (id: string) => `/gateways/${seg(id)}`;

export interface AlarmQuery {
  open?: boolean;
  states?: AlarmState[];
  severities?: Severity[];
  gatewayId?: string;
  /** raisedAt bounds, ms */
  from?: number;
  to?: number;
  limit?: number;
}

function alarmQuery(q: AlarmQuery): string {
  const p = new URLSearchParams();
  if (q.open !== undefined) p.set('open', String(q.open));
  if (q.states?.length) p.set('state', q.states.join(','));
  if (q.severities?.length) p.set('severity', q.severities.join(','));
  if (q.gatewayId) p.set('gatewayId', q.gatewayId);
  if (q.from !== undefined) p.set('from', String(q.from));
  if (q.to !== undefined) p.set('to', String(q.to));
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  return p.toString();
}

export const api = {
  health: (s?: AbortSignal) => request<HealthResponse>('GET', '/healthz', undefined, s),
  overview: (s?: AbortSignal) => sharedGet<SiteOverview>('/overview', s),
  /** the overview boot.ts asked, when it is already in (for a first render: hooks/useApi's `initial`) */
  overviewIfIn: () => peekEarly<SiteOverview>('/overview'),
  tls: (s?: AbortSignal) => request<TlsInfo>('GET', '/tls', undefined, s),
  /** the site certificate as a file (a plain link: the browser saves it, cookie sessions included) */
  gatewayCaUrl: () => apiUrl(API_BASE, '/tls/gateway-ca.pem'),
  gateways: (s?: AbortSignal) => sharedGet<GatewayView[]>('/gateways', s),
  /** the list boot.ts asked on the gateway list's address, when it is already in (useApi's `initial`) */
  gatewaysIfIn: () => peekEarly<GatewayView[]>('/gateways'),
  gateway: (id: string, s?: AbortSignal) => request<GatewayView>('GET', gw(id), undefined, s),
  updateGateway: (id: string, patch: GatewayPatch) => request<GatewayView>('PUT', gw(id), patch),
  deleteGateway: (id: string) => request<unknown>('DELETE', gw(id)),
  sensors: (id: string, s?: AbortSignal) => request<SensorView[]>('GET', `${gw(id)}/sensors`, undefined, s),
  sensor: (id: string, sid: string, s?: AbortSignal) =>
    request<SensorView>('GET', `${gw(id)}/sensors/${seg(sid)}`, undefined, s),
  series: (
    id: string,
    sid: string,
    start: number,
    end: number,
    interval: Interval,
    s?: AbortSignal,
    func?: IntervalFunc,
  ) =>
    request<SeriesResponse>(
      'GET',
      `${gw(id)}/sensors/${seg(sid)}/series?${seriesQuery(start, end, interval, func)}`,
      undefined,
      s,
    ),
  /** the buckets' averages with each bucket's min and max (`band=true`): a chart's band in one answer */
  seriesBand: (id: string, sid: string, start: number, end: number, interval: Interval, s?: AbortSignal) =>
    request<SeriesResponse>(
      'GET',
      `${gw(id)}/sensors/${seg(sid)}/series?${seriesQuery(start, end, interval)}&band=true`,
      undefined,
      s,
    ),
  rotateApiKey: (id: string) => request<RegisterGatewayKeyResponse>('POST', `${gw(id)}/apikey`, {}),
  createSensor: (id: string, body: { id: string; type: string; name?: string }) =>
    request<SensorView>('POST', `${gw(id)}/sensors`, body),
  updateSensor: (id: string, sid: string, patch: { name: string }) =>
    request<SensorView>('PUT', `${gw(id)}/sensors/${seg(sid)}`, patch),
  deleteSensor: (id: string, sid: string) => request<unknown>('DELETE', `${gw(id)}/sensors/${seg(sid)}`),
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
  alarms: (q: AlarmQuery, s?: AbortSignal) =>
    request<AlarmPage>('GET', `/alarms?${alarmQuery(q)}`, undefined, s),
  /** the open alarms the header counts (boot.ts asks them early: lib/page-routes.ts) */
  openAlarms: (s?: AbortSignal) => request<AlarmPage>('GET', OPEN_ALARMS_PATH, undefined, s),
  /** alarms for chart marks: a dashboard's charts ask the same page at once, one request answers them */
  sharedAlarms: (q: AlarmQuery, s?: AbortSignal) => sharedGet<AlarmPage>(`/alarms?${alarmQuery(q)}`, s),
  alarmStats: (from: number, to: number, s?: AbortSignal) =>
    request<AlarmStats>('GET', `/alarms/stats?from=${from}&to=${to}`, undefined, s),
  ackAlarm: (id: number, comment: string) =>
    request<Alarm>('POST', `/alarms/${id}/ack`, comment ? { comment } : {}),
  shelveAlarm: (id: number, minutes: number, reason: string) =>
    request<Alarm>('POST', `/alarms/${id}/shelve`, { minutes, reason }),
  unshelveAlarm: (id: number) => request<Alarm>('POST', `/alarms/${id}/unshelve`, {}),
  resetAlarm: (id: number) => request<Alarm>('POST', `/alarms/${id}/reset`, {}),
  rules: (s?: AbortSignal) => request<Rule[]>('GET', '/rules', undefined, s),
  createRule: (r: RuleInput) => request<Rule>('POST', '/rules', r),
  updateRule: (id: number, r: RuleUpdate) => request<Rule>('PUT', `/rules/${id}`, r),
  deleteRule: (id: number) => request<unknown>('DELETE', `/rules/${id}`),
  rule: (id: number, s?: AbortSignal) => request<Rule>('GET', `/rules/${id}`, undefined, s),
  testRule: (rule: RuleInput, from: number, to: number, s?: AbortSignal) =>
    request<RuleTestResult>('POST', '/rules/test', { rule, from, to }, s),
  ruleEvaluations: (id: number, s?: AbortSignal) =>
    request<{ data: RuleEvaluation[] }>('GET', `/rules/${id}/evaluations`, undefined, s),
  ruleActionResults: (id: number, s?: AbortSignal) =>
    request<{ data: ActionResult[] }>('GET', `/rules/${id}/actionResults`, undefined, s),
  testAction: (body: ActionTestRequest) => request<ActionTestResult>('POST', '/rules/actions/test', body),
  importRules: (rules: unknown[]) => request<{ data: Rule[] }>('POST', '/rules/import', { rules }),
  exportRules: () => request<{ rules: unknown[] }>('GET', '/rules/export'),
  sensorTypes: (s?: AbortSignal) => request<SensorTypeDef[]>('GET', '/sensorTypes', undefined, s),
  multiSeries: (
    sensors: readonly ExportSensor[],
    start: number,
    end: number,
    interval: Interval,
    s?: AbortSignal,
  ) =>
    request<MultiSeriesResponse>(
      'GET',
      `/series?${seriesQuery(start, end, interval)}&sensors=${encodeURIComponent(
        sensors.map((x) => `${x.gatewayId}:${x.sensorId}`).join(','),
      )}`,
      undefined,
      s,
    ),
  controlActuator: (body: ControlActuatorRequest) => request<unknown>('POST', '/controlActuator', body),
  cluster: (s?: AbortSignal) => request<ClusterState>('GET', '/cluster', undefined, s),
};

/** GET /api/v1/series: several sensors' Thing+ series in one answer. */
export interface MultiSeriesResponse {
  series: Array<ExportSensor & { data: Array<SensorValue | number> }>;
  _meta: SeriesResponse['_meta'] & { sensors: number };
}

export interface ExportProgressInfo {
  bytes: number;
  rows: number;
  estimatedRows: number | null;
}

export interface ExportResult {
  blob: Blob;
  fileName: string;
  rows: number;
  bytes: number;
}

/**
 * Downloads GET /api/v1/export as a stream, reporting bytes and rows as they arrive; abort with `signal`.
 * API errors (404/400, sent before the stream starts) become ApiRequestError.
 */
export async function streamExport(
  sensors: readonly ExportSensor[],
  start: number,
  end: number,
  format: ExportFormat,
  onProgress: (p: ExportProgressInfo) => void,
  signal?: AbortSignal,
): Promise<ExportResult> {
  let res: Response;
  try {
    res = await fetch(apiUrl(API_BASE, `/export?${exportQuery(sensors, start, end, format)}`), { signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiRequestError({
      statusCode: 0,
      code: 'ES_INTERNAL',
      error: 'Network Error',
      message: `Cannot reach the site API (${(e as Error).message})`,
    });
  }
  if (!res.ok || !res.body) {
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch {
      parsed = undefined;
    }
    if (isApiError(parsed)) throw new ApiRequestError(parsed);
    throw new ApiRequestError({
      statusCode: res.status,
      code: 'ES_INTERNAL',
      error: res.statusText || 'Error',
      message: `HTTP ${res.status} ${res.statusText}`.trim(),
    });
  }
  const estimatedRows = parseEstimate(res.headers.get('x-edge-site-estimated-rows'));
  const fileName = fileNameFrom(res.headers.get('content-disposition'), `edge-site-export.${format}`);
  const counter = new RowCounter();
  const decoder = new TextDecoder();
  const parts: BlobPart[] = [];
  let bytes = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.byteLength;
    counter.add(decoder.decode(value, { stream: true }));
    onProgress({ bytes, rows: counter.rows, estimatedRows });
  }
  const type = format === 'csv' ? 'text/csv' : 'application/json';
  return { blob: new Blob(parts, { type }), fileName, rows: counter.rows, bytes };
}

/** Saves a Blob through a temporary download link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
