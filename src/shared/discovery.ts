// LAN discovery, site advertising and pairing codes: API shapes shared by the services and the console
// (README "Finding gateways on the LAN"). The scan itself is in api.ts (DiscoveryScanRequest/Response).

/** One IPv4 interface the site can broadcast the probe on. */
export interface DiscoveryInterface {
  name: string;
  address: string;
  netmask: string;
}

/** `GET /api/v1/discovery/interfaces` */
export interface DiscoveryInterfaces {
  /** false: the site never broadcasts (config discovery.broadcast), only typed targets are probed */
  broadcast: boolean;
  /** the UDP port a target without ":port" is probed on */
  port: number;
  /** the widest range a target may be (prefix length) */
  widestPrefix: number;
  data: DiscoveryInterface[];
}
