import { Type } from '@sinclair/typebox';
import { ALARM_STATS_MAX_DAYS, SEVERITIES, type AlarmStats } from '../../../shared/api.js';
import type { AlarmState, Severity } from '../../../shared/model.js';
import { DEFAULT_MAX_SHELVE_MINUTES } from '../../alarms/index.js';
import { badRequest } from '../../errors.js';
import { IdParams, type RoutePlugin } from './schemas.js';

const STATES: readonly AlarmState[] = ['unack', 'ack', 'rtn_unack', 'cleared', 'shelved', 'out_of_service'];
/** who acts on an alarm: the signed-in user (or token); the body's `user` only without one (tests of the service) */
const actor = (req: { principal: { name: string } | null; body?: { user?: string } | undefined }): string =>
  req.principal?.name ?? req.body?.user ?? 'console';

const CommaList = Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())]));
const AlarmQuery = Type.Object({
  open: Type.Optional(Type.Boolean()),
  state: CommaList,
  severity: CommaList,
  gateway: Type.Optional(Type.String({ minLength: 1 })),
  /** the same as gateway, under the name the Alarm objects use */
  gatewayId: Type.Optional(Type.String({ minLength: 1 })),
  /** raisedAt bounds: ms since the epoch or an ISO 8601 time */
  from: Type.Optional(Type.String({ minLength: 1 })),
  to: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
const StatsQuery = Type.Object({
  from: Type.Optional(Type.String({ minLength: 1 })),
  to: Type.Optional(Type.String({ minLength: 1 })),
});
const DAY_MS = 86_400_000;
const User = Type.Optional(Type.String({ minLength: 1, maxLength: 100 }));
const AckBody = Type.Object(
  { comment: Type.Optional(Type.String({ maxLength: 2000 })), user: User },
  { additionalProperties: false },
);
const ShelveBody = Type.Object(
  {
    minutes: Type.Number({ exclusiveMinimum: 0, maximum: DEFAULT_MAX_SHELVE_MINUTES }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    user: User,
  },
  { additionalProperties: false },
);
const ByBody = Type.Optional(Type.Object({ user: User }, { additionalProperties: false }));

/** Alarms (tag `alarms`): ISA-18.2 states, raised by rules, handled by operators. */
export const alarmRoutes: RoutePlugin = async (app, { ctx }) => {
  const { alarms } = ctx;

  app.get(
    '/alarms',
    {
      schema: {
        tags: ['alarms'],
        summary:
          'Newest first; open=true (not cleared), state=a,b, severity=a,b, gatewayId (or gateway), from/to (raisedAt)',
        querystring: AlarmQuery,
      },
    },
    async (req) => {
      const q = req.query;
      if (q.gateway !== undefined && q.gatewayId !== undefined && q.gateway !== q.gatewayId)
        throw badRequest('gateway and gatewayId name different gateways', ['gatewayId']);
      const gatewayId = q.gatewayId ?? q.gateway;
      const states = list(q.state, 'state', STATES);
      const severities = list(q.severity, 'severity', SEVERITIES);
      const data = alarms.list({
        ...(q.open === undefined ? {} : { open: q.open }),
        states: states as AlarmState[],
        severities: severities as Severity[],
        ...(gatewayId === undefined ? {} : { gatewayId }),
        ...(q.from === undefined ? {} : { from: time(q.from, 'from') }),
        ...(q.to === undefined ? {} : { to: time(q.to, 'to') }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
      });
      return { data, _meta: { count: data.length } };
    },
  );
  app.get(
    '/alarms/stats',
    {
      schema: {
        tags: ['alarms'],
        summary: `Alarms per hour, floods, chattering and stale alarms; from/to default to the last 24 h (at most ${ALARM_STATS_MAX_DAYS} days)`,
        querystring: StatsQuery,
      },
    },
    async (req): Promise<AlarmStats> => {
      const to = req.query.to === undefined ? Date.now() : time(req.query.to, 'to');
      const from = req.query.from === undefined ? to - DAY_MS : time(req.query.from, 'from');
      if (from >= to) throw badRequest('from must be before to', ['from']);
      if (to - from > ALARM_STATS_MAX_DAYS * DAY_MS)
        throw badRequest(`at most ${ALARM_STATS_MAX_DAYS} days at once`, ['from']);
      return alarms.stats(from, to);
    },
  );
  app.get('/alarms/:id', { schema: { tags: ['alarms'], params: IdParams } }, async (req) =>
    alarms.get(req.params.id),
  );
  app.post(
    '/alarms/:id/ack',
    {
      // operators on the floor acknowledge: viewers may
      config: { minRole: 'viewer' },
      schema: { tags: ['alarms'], summary: 'Acknowledge', params: IdParams, body: Type.Optional(AckBody) },
    },
    async (req) => alarms.ack(req.params.id, actor(req), req.body?.comment),
  );
  app.post(
    '/alarms/:id/shelve',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Shelve for a time, with a reason',
        params: IdParams,
        body: ShelveBody,
      },
    },
    async (req) => alarms.shelve(req.params.id, req.body.minutes, req.body.reason, actor(req)),
  );
  app.post(
    '/alarms/:id/unshelve',
    { schema: { tags: ['alarms'], params: IdParams, body: ByBody } },
    async (req) => alarms.unshelve(req.params.id, actor(req)),
  );
  app.post(
    '/alarms/:id/reset',
    { schema: { tags: ['alarms'], summary: 'Reset a latched alarm', params: IdParams, body: ByBody } },
    async (req) => alarms.reset(req.params.id, actor(req)),
  );
};

function list(raw: string | string[] | undefined, field: string, allowed: readonly string[]): string[] {
  const values = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((s) => s.split(',')).filter(Boolean);
  for (const v of values)
    if (!allowed.includes(v)) throw badRequest(`${field}: unknown value "${v}"`, [field]);
  return values;
}

function time(raw: string, field: string): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms))
    throw badRequest(`${field}: not a time (ms since the epoch or ISO 8601)`, [field]);
  return ms;
}
