// Server-side RPC client (protocol §4): sends requests on `v/a/g/{gw}/req`, correlates answers from
// `v/a/g/{gw}/res` by id, times calls out after ~30 s. Restart-type methods may answer twice for the same
// id: the first answer settles the call, later ones are ignored and counted. No I/O of its own: the
// broker injects `send` and feeds `handleResponse`.
import { buildRpcRequest, newRpcId, parseRpcResponse } from './rpc.js';
import { topics } from './topics.js';

export const DEFAULT_RPC_TIMEOUT_MS = 30_000;
/** How many settled ids per client are remembered to recognise late (second) answers. */
const SETTLED_MEMORY = 1024;

export class RpcError extends Error {
  constructor(
    message: string,
    readonly gatewayId: string,
    readonly method: string,
    readonly id: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The gateway did not answer in time (the REST API answers 504). */
export class RpcTimeoutError extends RpcError {
  constructor(
    gatewayId: string,
    method: string,
    id: string,
    readonly timeoutMs: number,
  ) {
    super(
      `${method} to gateway ${gatewayId} timed out after ${timeoutMs} ms (id ${id})`,
      gatewayId,
      method,
      id,
    );
  }
}

/** The gateway answered with an error object. */
export class RpcRemoteError extends RpcError {
  constructor(
    gatewayId: string,
    method: string,
    id: string,
    readonly code: number,
    readonly remoteMessage: string,
  ) {
    super(`${method} failed on gateway ${gatewayId}: ${code} ${remoteMessage}`, gatewayId, method, id);
  }
}

/** The call was abandoned: the gateway disconnected (cancelAll), the client closed, or sending failed. */
export class RpcCancelledError extends RpcError {
  constructor(
    gatewayId: string,
    method: string,
    id: string,
    readonly reason: string,
  ) {
    super(`${method} to gateway ${gatewayId} cancelled: ${reason} (id ${id})`, gatewayId, method, id);
  }
}

export type RpcSend = (gatewayId: string, topic: string, payload: string) => void;

export interface RpcClientOptions {
  send: RpcSend;
  /** id generator; newRpcId by default */
  newId?: () => string;
  /** default timeout; 30 s by default (protocol §4) */
  timeoutMs?: number;
}

export interface RpcCallOptions {
  timeoutMs?: number;
}

export interface RpcClientStats {
  sent: number;
  resolved: number;
  remoteErrors: number;
  timeouts: number;
  cancelled: number;
  /** answers for an id that was already settled (restart-type methods answer twice) */
  lateAnswers: number;
  /** answers for an id this client never sent (or forgot) */
  unmatched: number;
  /** payloads on /res that are not a response at all */
  malformed: number;
}

interface Pending {
  gatewayId: string;
  method: string;
  id: string;
  timer: NodeJS.Timeout;
  resolve: (result: unknown) => void;
  reject: (error: RpcError) => void;
}

export class RpcClient {
  private readonly pending = new Map<string, Pending>();
  /** settled `gatewayId \0 id` keys, oldest first, bounded by SETTLED_MEMORY */
  private readonly settled = new Set<string>();
  private readonly send: RpcSend;
  private readonly newId: () => string;
  private readonly timeoutMs: number;
  private closed = false;
  private readonly counters: RpcClientStats = {
    sent: 0,
    resolved: 0,
    remoteErrors: 0,
    timeouts: 0,
    cancelled: 0,
    lateAnswers: 0,
    unmatched: 0,
    malformed: 0,
  };

  constructor(options: RpcClientOptions) {
    this.send = options.send;
    this.newId = options.newId ?? newRpcId;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  }

  /** Sends `method` to `gatewayId` and resolves with its `result`; rejects with an RpcError subclass. */
  call(
    gatewayId: string,
    method: string,
    params: Record<string, unknown> = {},
    options: RpcCallOptions = {},
  ): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    if (this.closed) return Promise.reject(new RpcCancelledError(gatewayId, method, '', 'client closed'));
    const id = this.freshId(gatewayId);
    if (id === null)
      return Promise.reject(new RpcCancelledError(gatewayId, method, '', 'no unused request id'));
    return new Promise<unknown>((resolve, reject) => {
      const k = key(gatewayId, id);
      const timer = setTimeout(() => {
        this.pending.delete(k);
        this.remember(k);
        this.counters.timeouts++;
        reject(new RpcTimeoutError(gatewayId, method, id, timeoutMs));
      }, timeoutMs);
      timer.unref();
      this.pending.set(k, { gatewayId, method, id, timer, resolve, reject });
      try {
        this.send(gatewayId, topics.req(gatewayId), buildRpcRequest(method, params, id));
        this.counters.sent++;
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(k);
        this.counters.cancelled++;
        const reason = `send failed: ${err instanceof Error ? err.message : String(err)}`;
        reject(new RpcCancelledError(gatewayId, method, id, reason));
      }
    });
  }

  /**
   * Feeds a payload received on `v/a/g/{gatewayId}/res` (already gunzipped). Returns true when it settled
   * a pending call of that gateway; late, unknown and malformed answers return false and are counted.
   */
  handleResponse(gatewayId: string, text: string): boolean {
    const response = parseRpcResponse(text);
    if (response === null) {
      this.counters.malformed++;
      return false;
    }
    const k = key(gatewayId, response.id);
    const call = this.pending.get(k);
    if (!call) {
      if (this.settled.has(k)) this.counters.lateAnswers++;
      else this.counters.unmatched++;
      return false;
    }
    this.settle(k, call);
    if (response.error !== undefined) {
      this.counters.remoteErrors++;
      call.reject(
        new RpcRemoteError(gatewayId, call.method, call.id, response.error.code, response.error.message),
      );
    } else {
      this.counters.resolved++;
      call.resolve(response.result);
    }
    return true;
  }

  /** Rejects every pending call of `gatewayId` (on disconnect) with RpcCancelledError; returns how many. */
  cancelAll(gatewayId: string, reason = 'gateway disconnected'): number {
    let n = 0;
    for (const [k, call] of this.pending) {
      if (call.gatewayId !== gatewayId) continue;
      this.settle(k, call);
      this.counters.cancelled++;
      call.reject(new RpcCancelledError(gatewayId, call.method, call.id, reason));
      n++;
    }
    return n;
  }

  /** Rejects every pending call and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const [k, call] of this.pending) {
      this.settle(k, call);
      this.counters.cancelled++;
      call.reject(new RpcCancelledError(call.gatewayId, call.method, call.id, 'client closed'));
    }
  }

  /** Number of calls waiting for an answer (of one gateway, or of all). */
  pendingCount(gatewayId?: string): number {
    if (gatewayId === undefined) return this.pending.size;
    let n = 0;
    for (const call of this.pending.values()) if (call.gatewayId === gatewayId) n++;
    return n;
  }

  stats(): RpcClientStats {
    return { ...this.counters };
  }

  private settle(k: string, call: Pending): void {
    clearTimeout(call.timer);
    this.pending.delete(k);
    this.remember(k);
  }

  private remember(k: string): void {
    this.settled.delete(k);
    this.settled.add(k);
    if (this.settled.size > SETTLED_MEMORY) {
      const oldest = this.settled.values().next().value;
      if (oldest !== undefined) this.settled.delete(oldest);
    }
  }

  private freshId(gatewayId: string): string | null {
    for (let attempt = 0; attempt < 16; attempt++) {
      const id = this.newId();
      const k = key(gatewayId, id);
      if (!this.pending.has(k) && !this.settled.has(k)) return id;
    }
    return null;
  }
}

function key(gatewayId: string, id: string): string {
  return `${gatewayId}\u0000${id}`;
}
