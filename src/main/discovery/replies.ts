import {
  DISCOVERY_REJECT_KINDS,
  type DiscoveredGateway,
  type DiscoveryProblem,
  type DiscoveryRejectKind,
} from '../../shared/api.js';
import type { ProbePlan } from './plan.js';

/** A reply is a small JSON object; anything larger is not a Thing+ gateway's answer. */
export const MAX_REPLY_BYTES = 4096;
/**
 * Datagrams kept from one source in one scan. A gateway answers once per probe it hears: once to a
 * typed target and once to a broadcast at most; more than that is a loop or a flood.
 */
export const MAX_REPLIES_PER_SOURCE = 4;
/** Problems listed in the response; the counts go on past it. */
export const MAX_PROBLEMS = 50;

/** A Thing+ gateway id as the probe reply carries it: the wired MAC, 12 hex digits (protocol §7). */
const GATEWAY_ID = /^[0-9a-fA-F]{12}$/;

export type Reply = Omit<DiscoveredGateway, 'registered'>;

/**
 * Judges every datagram a scan receives, in order of cost (a flood costs a counter, not a JSON.parse):
 * the flood caps, the source, the size, then the content. Nothing here throws: each rejection is counted
 * by kind and, for the first MAX_PROBLEMS, described.
 */
export class ReplyCollector {
  private readonly found = new Map<string, Reply>();
  private readonly perSource = new Map<string, number>();
  private total = 0;
  readonly rejected = Object.fromEntries(DISCOVERY_REJECT_KINDS.map((k) => [k, 0])) as Record<
    DiscoveryRejectKind,
    number
  >;
  readonly problems: DiscoveryProblem[] = [];

  constructor(
    private readonly plan: ProbePlan,
    private readonly maxReplies: number,
  ) {}

  get replies(): Reply[] {
    return [...this.found.values()];
  }

  accept(message: Buffer, address: string, port: number): void {
    const from = `${address}:${port}`;
    this.total++;
    if (this.total > this.maxReplies) {
      if (this.total === this.maxReplies + 1)
        this.reject('flood', from, `more than ${this.maxReplies} replies in one scan: the rest are ignored`);
      else this.rejected.flood++;
      return;
    }
    const count = (this.perSource.get(from) ?? 0) + 1;
    this.perSource.set(from, count);
    if (count > MAX_REPLIES_PER_SOURCE) {
      if (count === MAX_REPLIES_PER_SOURCE + 1)
        this.reject('flood', from, `more than ${MAX_REPLIES_PER_SOURCE} replies: the rest are ignored`);
      else this.rejected.flood++;
      return;
    }
    if (!this.plan.expects(address, port)) {
      this.reject('unexpectedSource', from, 'reply from an address or port that was not probed');
      return;
    }
    if (message.length > MAX_REPLY_BYTES) {
      this.reject('oversized', from, `reply of ${message.length} bytes (at most ${MAX_REPLY_BYTES})`);
      return;
    }
    const reply = this.parse(message, address, port, from);
    if (reply) this.keep(reply, from);
  }

  private parse(message: Buffer, address: string, port: number, from: string): Reply | null {
    let body: unknown;
    try {
      body = JSON.parse(message.toString('utf8'));
    } catch {
      this.reject('notJson', from, `reply is not JSON: ${printable(message)}`);
      return null;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.reject('badReply', from, 'reply is JSON but not an object');
      return null;
    }
    const fields = body as Record<string, unknown>;
    if (typeof fields.id !== 'string' || !GATEWAY_ID.test(fields.id)) {
      const what = fields.id === undefined ? 'no id' : `id ${printable(fields.id)}`;
      this.reject('badId', from, `${what}: a Thing+ gateway id is 12 hex digits`);
      return null;
    }
    if (fields.name !== undefined && typeof fields.name !== 'string') {
      this.reject('badReply', from, `gateway ${fields.id}: name is not a string`);
      return null;
    }
    return {
      id: fields.id,
      name: (fields.name ?? '').trim() || fields.id,
      address,
      port,
      service: text(fields.service),
      mqtt: text(fields.mqtt),
      serviceConn: connected(fields.serviceConn),
      mqttConn: connected(fields.mqttConn),
      uptime: count(fields.uptime),
    };
  }

  private keep(reply: Reply, from: string): void {
    const seen = this.found.get(reply.id);
    if (!seen) {
      this.found.set(reply.id, reply);
      return;
    }
    // the same gateway heard twice (typed target and broadcast) is one gateway; the same id from another
    // address is a clone or a spoof, and the first answer stands
    if (seen.address === reply.address && seen.port === reply.port) return;
    this.reject(
      'duplicate',
      from,
      `id ${reply.id} also answered from ${seen.address}:${seen.port}; that first answer is listed`,
    );
  }

  private reject(kind: DiscoveryRejectKind, from: string, message: string): void {
    this.rejected[kind]++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ kind, from, message });
  }
}

/** Strings as they come, capped; other values as JSON (a URL object, a number) so nothing is lost. */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.slice(0, 512);
}

/** A non-negative number, sent as a number or as its text; anything else is unknown. */
function count(value: unknown): number | null {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Gateways report the connection as a boolean, or as a word; only an affirmative one counts. */
function connected(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['true', 'on', 'connected', 'yes', '1'].includes(value.toLowerCase());
  return false;
}

/** A short, log-safe rendering of what a peer sent. */
function printable(value: unknown): string {
  const s =
    typeof value === 'string'
      ? value
      : Buffer.isBuffer(value)
        ? value.toString('utf8')
        : (JSON.stringify(value) ?? String(value));
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `"${clean.slice(0, 40)}…"` : `"${clean}"`;
}
