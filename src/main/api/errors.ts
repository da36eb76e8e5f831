import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from '../../shared/api.js';
import { ServiceError } from '../errors.js';

/**
 * One error shape for every API response: `{statusCode, code, error, message}` with the documented
 * ES_* codes (docs/errors.md). Validation failures are ES_BAD_REQUEST with fastify's precise message.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ServiceError | Error, request, reply) => {
    let body: ApiError;
    if (err instanceof ServiceError) {
      const retryAfter = (err.details as { retryAfter?: unknown } | undefined)?.retryAfter;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      body = {
        statusCode: err.statusCode,
        code: err.code,
        error: reasonPhrase(err.statusCode),
        message: err.message,
      };
    } else if ('validation' in err && err.validation) {
      body = { statusCode: 400, code: 'ES_BAD_REQUEST', error: 'Bad Request', message: err.message };
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
      // fastify's own client errors: bad JSON body, unsupported media type, body too large…
      body = {
        statusCode: err.statusCode,
        code: 'ES_BAD_REQUEST',
        error: reasonPhrase(err.statusCode),
        message: err.message,
      };
    } else {
      request.log.error({ err }, 'request failed');
      body = {
        statusCode: 500,
        code: 'ES_INTERNAL',
        error: 'Internal Server Error',
        message: 'internal error; see the site log',
      };
    }
    void reply.status(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = {
      statusCode: 404,
      code: 'ES_NOT_FOUND',
      error: 'Not Found',
      message: `no route ${request.method} ${request.url}`,
    };
    void reply.status(404).send(body);
  });
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    421: 'Misdirected Request',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
    507: 'Insufficient Storage',
  };
  return phrases[status] ?? 'Error';
}
