// LAN discovery (scan, interfaces, other sites) and pairing codes.
import type {
  DiscoveryScanRequest,
  DiscoveryScanResponse,
  SshSetupGatewayResult,
  SshSetupRequest,
} from '../../shared/api';
import type { DiscoveredSites, DiscoveryInterfaces, PairingCodeResponse } from '../../shared/discovery';
import { request } from './client';

export const discoveryApi = {
  interfaces: (s?: AbortSignal) => request<DiscoveryInterfaces>('GET', '/discovery/interfaces', undefined, s),
  scan: (body: DiscoveryScanRequest, s?: AbortSignal) =>
    request<DiscoveryScanResponse>('POST', '/discovery/scan', body, s),
  sshSetup: (body: SshSetupRequest) =>
    request<{ data: SshSetupGatewayResult[] }>('POST', '/discovery/ssh-setup', body),
  pairingCode: () => request<PairingCodeResponse>('POST', '/pairing-codes', {}),
  sites: (s?: AbortSignal) => request<DiscoveredSites>('GET', '/discovery/sites', undefined, s),
};
