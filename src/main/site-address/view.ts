import type { ClusterState, SiteAddressView } from '../../shared/api.js';

/** The cluster state as the console shows it: the coordinator's, with the site address when there is one. */
export function clusterView(parts: {
  coordinator: { state(): ClusterState };
  siteAddress?: { view(): SiteAddressView } | null;
}): ClusterState {
  const state = parts.coordinator.state();
  return parts.siteAddress ? { ...state, siteAddress: parts.siteAddress.view() } : state;
}
