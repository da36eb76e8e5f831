import type { ValuePoint } from '../../shared/model.js';

/** Points of one sensor inside one received message. */
export interface SensorBatch {
  sensorId: string;
  points: ValuePoint[];
}

/** What the store decided for one message; every dropped point is counted, never silent. */
export interface AppendOutcome {
  accepted: number;
  /** same (sensor, time) as a point already stored → dropped (a gateway resending after a lost PUBACK) */
  duplicates: number;
  /** older than the sensor's newest stored point → dropped (the Thing+ rule: per sensor, time order) */
  outOfOrder: number;
  /** the points actually stored, per sensor, in time order (what rules and live views see) */
  stored: SensorBatch[];
}

export interface SeriesQuery {
  gatewayId: string;
  sensorId: string;
  /** inclusive, epoch ms */
  from: number;
  /** exclusive, epoch ms */
  to: number;
  /** cap on raw points returned (newest-first cap is not Thing+; we cap from the start of the range) */
  limit?: number;
}

export interface SeriesStoreStats {
  /** values committed since start */
  committedValues: number;
  committedMessages: number;
  commits: number;
  /** values waiting for the next group commit */
  pendingValues: number;
  logRows: number;
  chunks: number;
  duplicates: number;
  outOfOrder: number;
  /** bytes on disk of the series database (+ WAL) */
  diskBytes: number;
  lastError: string | null;
}

/**
 * The durable path for sensor values. `append` resolves only after the points are committed to disk
 * (group commit: many messages share one transaction), which is when the broker may PUBACK.
 */
export interface SeriesStore {
  append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<AppendOutcome>;
  query(query: SeriesQuery): ValuePoint[];
  latest(gatewayId: string, sensorId: string): ValuePoint | null;
  /** remove every stored value of a sensor (sensor deleted by the user) */
  deleteSensor(gatewayId: string, sensorId: string): Promise<void>;
  stats(): SeriesStoreStats;
  /** commit whatever is pending now */
  flush(): Promise<void>;
  close(): Promise<void>;
}
