import type { WebSocket } from 'ws';
import type { LiveEvent } from '../../shared/api.js';
import type { ValuePoint } from '../../shared/model.js';
import { sensorKey } from '../../shared/sensor-key.js';

const VALUE_FLUSH_MS = 250;
/** per sensor per flush: a chart needs the shape, not every point of a 10 000-value flush */
const MAX_POINTS_PER_SENSOR = 100;
/** a console that cannot keep up is dropped rather than buffering without bound */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Fans site events out to the consoles' WebSockets. Values are coalesced per sensor and flushed a few
 * times a second, so 200 000 values/s of ingest cost the browser a handful of small messages.
 */
export class LiveHub {
  private readonly sockets = new Set<WebSocket>();
  private pendingValues = new Map<string, { gatewayId: string; sensorId: string; points: ValuePoint[] }>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.flushValues(), VALUE_FLUSH_MS);
    this.timer.unref();
  }

  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
  }

  get clients(): number {
    return this.sockets.size;
  }

  values(gatewayId: string, sensorId: string, points: ValuePoint[]): void {
    if (this.sockets.size === 0) return;
    const key = sensorKey(gatewayId, sensorId);
    const entry = this.pendingValues.get(key) ?? { gatewayId, sensorId, points: [] };
    entry.points.push(...points);
    if (entry.points.length > MAX_POINTS_PER_SENSOR)
      entry.points.splice(0, entry.points.length - MAX_POINTS_PER_SENSOR);
    this.pendingValues.set(key, entry);
  }

  broadcast(event: LiveEvent): void {
    if (this.sockets.size === 0) return;
    const text = JSON.stringify(event);
    for (const socket of this.sockets) {
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.terminate();
        this.sockets.delete(socket);
        continue;
      }
      socket.send(text);
    }
  }

  private flushValues(): void {
    if (this.pendingValues.size === 0) return;
    const batch = this.pendingValues;
    this.pendingValues = new Map();
    for (const entry of batch.values()) this.broadcast({ type: 'values', ...entry });
  }

  close(): void {
    clearInterval(this.timer);
    for (const socket of this.sockets) socket.close(1001, 'site shutting down');
    this.sockets.clear();
  }
}
