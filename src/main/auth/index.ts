export { Auth, MIN_PASSWORD, RateLimitedError, USERNAME_PATTERN, type Principal } from './auth.js';
export { AuditLog, type AuditQuery, type AuditRecord } from './audit.js';
export { MAX_FAILURES } from './limiter.js';
