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

/** Another Edge Site on the LAN, as it advertises itself over mDNS (`_edge-site._tcp`). */
export interface DiscoveredSite {
  /** its site name (TXT `site`) */
  name: string;
  /** its node name (TXT `node`): a cluster's nodes share the site name */
  node: string;
  /** the host name it advertises (`….local`) and its IPv4/IPv6 addresses */
  host: string;
  addresses: string[];
  /** console/API, gateway REST and MQTT ports (null: not listening) */
  httpPort: number | null;
  gatewayHttpPort: number | null;
  mqttPort: number | null;
  version: string | null;
  /** when it was last heard (ms) */
  lastSeen: number;
}

/** `GET /api/v1/discovery/sites` */
export interface DiscoveredSites {
  /** config mdns.enabled */
  enabled: boolean;
  /** this site's own advertisement is out */
  advertising: boolean;
  /** mDNS errors since start (no multicast on this PC, port 5353 refused…), and the last one */
  errors: number;
  lastError: string | null;
  data: DiscoveredSite[];
}

/** `POST /api/v1/pairing-codes`: a code to type on a gateway (valid 10 minutes, once). */
export interface PairingCodeResponse {
  /** XXXX-XXXX (case, spaces and dashes are ignored when it is sent back) */
  code: string;
  expiresAt: number;
  /** the code and where to send it, as a QR code: an SVG data URL */
  qr: string;
  /** what the QR code says: edgesite://pair?code=…&port=…&hosts=… */
  qrText: string;
}

/** `POST /gateways/pair {code, id, model}` (gateway REST): the gateway's credentials and where the site is. */
export interface PairResponse {
  id: string;
  /** the gateway's APIKEY: shown this once (MQTT password, REST `apikey` header) */
  apikey: string;
  siteName: string;
  /** the address this request reached, then the site PC's other LAN addresses */
  hosts: string[];
  mqttPort: number | null;
  mqttsPort: number | null;
  /** the gateway-facing REST port (the console port when it is off) */
  restPort: number | null;
}
