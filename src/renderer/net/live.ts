// One WebSocket to /api/v1/live for the whole console, reconnecting with backoff.
import type { LiveEvent } from '../../shared/api';
import type { LiveState } from '../lib/live';
import { FrameBatcher, backoffDelay, parseLiveEvent } from '../lib/live';
import { liveUrl } from '../lib/url';
import { API_BASE } from './client';
import { dropEarly } from './early-gets';

type Listener = (ev: LiveEvent) => void;

export class LiveConnection {
  private ws: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = true;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<() => void>();
  /**
   * Events are handed to listeners together, once per frame: each arrives in its own WebSocket task,
   * and React renders once per task, so 50 widgets at 10 values/s were 500 renders a second (long
   * tasks of 150–500 ms, bench/console-render.ts); batched they are one render per frame.
   */
  private readonly batch = new FrameBatcher<LiveEvent>((events) => this.dispatch(events));
  state: LiveState = 'connecting';
  /** when the next reconnect attempt happens (epoch ms), for the header tooltip */
  retryAt: number | null = null;
  /** when the stream that was live was lost (epoch ms); null while live or before the first connection */
  lostAt: number | null = null;
  /** how many times the stream came back after a loss: pages reload what they may have missed */
  reconnects = 0;

  constructor(private readonly url: string) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onclose = ws.onerror = ws.onmessage = null;
      ws.close();
    }
    this.setState('offline');
  }

  /** Reconnect now (header button). */
  retry(): void {
    if (this.stopped || this.state === 'live') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempt = 0;
    this.connect();
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onState(fn: () => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  private setState(s: LiveState): void {
    if (this.state === s) return;
    if (this.state === 'live') this.lostAt = Date.now();
    if (s === 'live' && this.lostAt !== null) {
      this.lostAt = null;
      this.reconnects += 1;
    }
    this.state = s;
    for (const fn of this.stateListeners) fn();
  }

  private connect(): void {
    this.retryAt = null;
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('live');
    };
    ws.onmessage = (m: MessageEvent) => {
      const ev = parseLiveEvent(m.data);
      // something changed that an early answer (boot.ts) may hold from before: a page that takes it after
      // this event would not see the change (values go to widgets on their own; the overview event
      // replaces the overview's answer)
      if (ev && ev.type !== 'values' && ev.type !== 'overview') dropEarly();
      if (ev) this.batch.push(ev);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  private dispatch(events: readonly LiveEvent[]): void {
    for (const ev of events)
      for (const fn of this.listeners) {
        try {
          fn(ev);
        } catch (e) {
          console.error('live listener failed', e);
        }
      }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++);
    this.retryAt = Date.now() + delay;
    this.setState('reconnecting');
    for (const fn of this.stateListeners) fn();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }
}

export const live = new LiveConnection(liveUrl(API_BASE, window.location));
