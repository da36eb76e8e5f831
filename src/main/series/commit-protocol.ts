/** Messages between the store and its commit thread (commit-thread.ts). */

/** a new series row, written in the same transaction as the first log row that uses its id */
export type NewSeriesRow = [id: number, gatewayId: string, sensorId: string];

export interface CommitRequest {
  id: number;
  rows: Array<{ receivedAt: number; body: Uint8Array }>;
  series: NewSeriesRow[];
  /** the lowest id the rows may take: one above every id the store was given (ingest-log.ts groupCommit) */
  floor: number;
}

/** asks for a PASSIVE checkpoint when no commit has come for a while (no reply) */
export interface CheckpointRequest {
  checkpoint: true;
}

export type CommitReply =
  | {
      id: number;
      logIds: number[];
      /** the transaction's time on the thread (the round trip adds the main thread's delays) */
      ms: number;
      /** the thread's V8 heap, committed bytes (the overview's memory figures) */
      heapBytes: number;
    }
  | { id: number; error: string; code: string | undefined };

/** one Int32 in shared memory: the store sets BUSY when it posts a commit, the thread IDLE when done */
export const WRITER_IDLE = 0;
export const WRITER_BUSY = 1;

export interface CommitThreadData {
  file: string;
  synchronous: 'NORMAL' | 'FULL';
  state: SharedArrayBuffer;
  /** checkpoint the WAL (PASSIVE, after a reply) at most this often: a page rewritten by many commits is copied once */
  checkpointEveryMs: number;
}
