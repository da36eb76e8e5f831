import { Type } from '@sinclair/typebox';
import { SEVERITIES } from '../../../shared/api.js';
import type { Severity } from '../../../shared/model.js';
import { badRequest } from '../../errors.js';
import type { RoutePlugin } from './schemas.js';

const TimelineQuery = Type.Object({
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000 })),
  maxId: Type.Optional(Type.Integer()),
  sinceId: Type.Optional(Type.Integer()),
  'filter[severity]': Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
});

/** The site's timeline (tag `timeline`). */
export const timelineRoutes: RoutePlugin = async (app, { ctx }) => {
  const { timeline } = ctx;

  app.get(
    '/timelines',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Newest first; page with maxId (inclusive) / sinceId (exclusive); filter[severity]=a,b',
        querystring: TimelineQuery,
      },
    },
    async (req) => {
      const raw = req.query['filter[severity]'];
      const severities = (Array.isArray(raw) ? raw : raw ? [raw] : [])
        .flatMap((s) => s.split(','))
        .filter(Boolean);
      for (const s of severities)
        if (!SEVERITIES.includes(s as Severity)) throw badRequest(`unknown severity "${s}"`);
      return timeline.list({
        count: req.query.count,
        maxId: req.query.maxId,
        sinceId: req.query.sinceId,
        severities: severities as Severity[],
      });
    },
  );
};
