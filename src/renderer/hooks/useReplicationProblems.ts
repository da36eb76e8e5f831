import type { ReplicationProblem } from '../../shared/system-alarms';
import { useState } from 'react';
import { api } from '../net/client';
import { useApi } from './useApi';
import { useLiveEvents } from './useLive';

const NONE: ReplicationProblem[] = [];

/**
 * The replication problems this node sees now (issue #18), live: from GET /cluster, then every
 * cluster event (each second while anything moves). Empty on a site without replication.
 */
export function useReplicationProblems(): ReplicationProblem[] {
  const state = useApi((s) => api.cluster(s), []);
  const { setData } = state;
  useLiveEvents((ev) => {
    if (ev.type === 'cluster') setData(ev.cluster);
  });
  return state.data?.replication?.problems ?? NONE;
}

/**
 * The same problems from the live feed alone (no request: the header is on every page and must not
 * delay a page's own requests). A site with replication sends a cluster event every second.
 */
export function useLiveReplicationProblems(): ReplicationProblem[] {
  const [problems, setProblems] = useState<ReplicationProblem[]>(NONE);
  useLiveEvents((ev) => {
    if (ev.type === 'cluster') setProblems(ev.cluster.replication?.problems ?? NONE);
  });
  return problems;
}
