import type { ErrorCode } from '../shared/api.js';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  ES_BAD_REQUEST: 400,
  ES_UNAUTHORIZED: 401,
  ES_FORBIDDEN: 403,
  ES_CROSS_SITE: 403,
  ES_BAD_HOST: 421,
  ES_RATE_LIMITED: 429,
  ES_NOT_FOUND: 404,
  ES_CONFLICT: 409,
  ES_GATEWAY_OFFLINE: 503,
  ES_NOT_MASTER: 503,
  ES_NO_QUORUM: 503,
  ES_MASTER_UNVERIFIED: 502,
  ES_STORAGE: 507,
  ES_RPC_ERROR: 502,
  ES_RPC_TIMEOUT: 504,
  ES_DEMO_RUNNING: 409,
  ES_DEMO_ID_TAKEN: 409,
  ES_PAIRING_INVALID: 403,
  ES_TOO_MANY_FAILURES: 429,
  ES_INTERNAL: 500,
};

/**
 * An expected failure of a service operation, with a stable code (docs/errors.md). The API turns it into
 * `{statusCode, code, error, message}`; anything else is an internal error.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.statusCode = STATUS_BY_CODE[code];
  }
}

export const notFound = (what: string): ServiceError => new ServiceError('ES_NOT_FOUND', `${what} not found`);
export const conflict = (what: string): ServiceError =>
  new ServiceError('ES_CONFLICT', `${what} already exists`);
export const badRequest = (message: string, details?: unknown): ServiceError =>
  new ServiceError('ES_BAD_REQUEST', message, details);
