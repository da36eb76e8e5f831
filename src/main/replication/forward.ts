import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logger/logger.js';
import type { ControlReplication } from './control.js';
import { MasterUnverified, passOn, type PassedAnswer } from './forward-request.js';
import { CLIENT_HEADER, FORWARDED_HEADER, installForwardedClient } from './forwarded-client.js';

/** the control log sequence holding a write's changes (on the master's answer) */
export const CONTROL_SEQ_HEADER = 'x-edge-control-seq';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PASSED_HEADERS = ['authorization', 'cookie', 'content-type', 'accept', 'accept-language', 'user-agent'];
const RELAYED_HEADERS = ['content-type', 'retry-after', 'cache-control', CONTROL_SEQ_HEADER];
/** how long a standby waits to hold the master's write before it answers (read your own writes) */
const APPLY_WAIT_MS = 1000;

export interface ControlHookParts {
  control: ControlReplication;
  node: string;
  /** the acting master's API base ("http://host:port"), or null when this node is the master or none is known */
  masterUrl(): string | null;
  /** whether `address` is cluster node `node` (a peer may pass its client's address) */
  isPeer(node: string, address: string): Promise<boolean>;
  /** the site's certificate (PEM): what the master's must chain to when the sites serve HTTPS */
  siteCert(): Promise<string>;
  /** the master's certificate could not be verified (counted by the site) */
  unverified(message: string): void;
  /** a client address that did not come from a peer (counted by the site) */
  notPeer(message: string): void;
  /** a write refused for lack of quorum (counted and logged by the site) */
  noQuorum(message: string, req: FastifyRequest): void;
  logger: Logger;
}

const noQuorumBody = (message: string): string =>
  JSON.stringify({
    statusCode: 503,
    code: 'ES_NO_QUORUM',
    error: 'Service Unavailable',
    message: `the change was not made: ${message}. Nothing was changed on any node; try again once the replication servers are back`,
  });

/**
 * The REST side of the control log. A write answers only once the batch holding its statements is in
 * the log (503 ES_NO_QUORUM and nothing changed when the log refused it), with the batch's sequence in
 * a header. On a standby, /api/v1 writes (sign-in included) are passed to the master, whose answer is
 * relayed once this node has applied the change.
 */
export function installControlHooks(app: FastifyInstance, p: ControlHookParts, forward: boolean): void {
  installForwardedClient(app, p.isPeer, p.notPeer, p.logger);
  if (forward)
    app.addHook('preValidation', async (req, reply) => {
      if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/v1/')) return;
      if (req.headers[FORWARDED_HEADER] !== undefined) return;
      // JSON (or no body) is passed on as parsed; an upload (a backup to restore) stays on this node
      const type = req.headers['content-type'];
      if (type !== undefined && !/^application\/json\b/i.test(type)) return;
      const master = p.masterUrl();
      if (!master) return;
      // the master answers and audits it; this node only relays
      req.principal = null;
      await relay(req, reply, master, p);
      return reply;
    });
  app.addHook('onSend', async (req, reply, payload) => {
    if (SAFE_METHODS.has(req.method) || reply.getHeader(FORWARDED_HEADER) !== undefined) return payload;
    const pending = p.control.writer.pending();
    if (!pending) return payload;
    try {
      const seq = await pending;
      void reply.header(CONTROL_SEQ_HEADER, String(seq));
      return payload;
    } catch (err) {
      const message = (err as Error).message;
      p.noQuorum(message, req);
      void reply.code(503).header('content-type', 'application/json; charset=utf-8');
      return noQuorumBody(message);
    }
  });
}

async function relay(req: FastifyRequest, reply: FastifyReply, master: string, p: ControlHookParts) {
  const headers: Record<string, string> = { [FORWARDED_HEADER]: p.node, [CLIENT_HEADER]: req.ip };
  for (const name of PASSED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // the origin was checked here (api/guard.ts); the master sees the request as one of its own pages'
  if (req.headers.origin !== undefined) headers.origin = new URL(master).origin;
  const body =
    req.body === undefined || req.body === null
      ? undefined
      : typeof req.body === 'string'
        ? req.body
        : Buffer.isBuffer(req.body)
          ? new Uint8Array(req.body)
          : JSON.stringify(req.body);
  let res: PassedAnswer;
  try {
    const ca = master.startsWith('https:') ? await p.siteCert() : undefined;
    res = await passOn(`${master}${req.url}`, { method: req.method, headers, body, ca, timeoutMs: 30_000 });
  } catch (err) {
    const unverified = err instanceof MasterUnverified;
    const message = unverified
      ? `this node is a standby and cannot pass the write to the master (${master}): ${err.message}. Give every node the same site certificate (mqtt.tlsCertFile and mqtt.tlsKeyFile) naming every node's address`
      : `this node is a standby and the master (${master}) did not answer: ${(err as Error).message}`;
    p.logger.warn({ err, master, url: req.url }, 'a write could not be passed to the master');
    if (unverified) p.unverified(message);
    const status = unverified ? 502 : 503;
    void reply
      .code(status)
      .header(FORWARDED_HEADER, p.node)
      .header('content-type', 'application/json; charset=utf-8')
      .send(
        JSON.stringify({
          statusCode: status,
          code: unverified ? 'ES_MASTER_UNVERIFIED' : 'ES_NOT_MASTER',
          error: unverified ? 'Bad Gateway' : 'Service Unavailable',
          message,
        }),
      );
    return;
  }
  const seq = Number(res.header(CONTROL_SEQ_HEADER));
  if (seq > 0 && !(await p.control.applied(seq, APPLY_WAIT_MS)))
    p.logger.warn({ seq }, 'answered before this node applied the write (over 1 s behind)');
  void reply.code(res.status).header(FORWARDED_HEADER, p.node);
  for (const name of RELAYED_HEADERS) {
    const value = res.header(name);
    if (value !== null) void reply.header(name, value);
  }
  if (res.setCookies.length > 0) void reply.header('set-cookie', res.setCookies);
  void reply.send(res.body);
}
