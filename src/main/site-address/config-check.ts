import { interfaceProblem, parseCidr } from './cidr.js';

/** The settings the site address depends on (a part of SiteConfig). */
export interface SiteAddressSettings {
  mqtt: { host: string };
  gatewayHttp: { host: string; port: number | null };
  gatewayHttps: { host: string; port: number | null };
  cluster: { siteAddress?: { address: string; interface: string } };
}

const WILDCARDS = ['0.0.0.0', '::', ''];

/**
 * Config problems of cluster.siteAddress, one line each (validateConfig lists them with the others).
 * The gateway listeners must accept on the address: bound to every interface (0.0.0.0 or ::) they do,
 * on any other address they would not, and binding the address itself would fail on a standby that
 * does not hold it (that needs net.ipv4.ip_nonlocal_bind, which the site does not ask for).
 */
export function siteAddressProblems(config: SiteAddressSettings): string[] {
  const site = config.cluster.siteAddress;
  if (!site) return [];
  const problems: string[] = [];
  if (!parseCidr(site.address))
    problems.push(
      `  /cluster/siteAddress/address: must be an IPv4 address with its prefix length, e.g. "10.77.0.100/24" (got ${JSON.stringify(site.address)})`,
    );
  const bad = interfaceProblem(site.interface);
  if (bad) problems.push(`  /cluster/siteAddress/interface: ${bad} (got ${JSON.stringify(site.interface)})`);
  const listeners: Array<[string, string, boolean]> = [
    ['/mqtt/host', config.mqtt.host, true],
    ['/gatewayHttp/host', config.gatewayHttp.host, config.gatewayHttp.port !== null],
    ['/gatewayHttps/host', config.gatewayHttps.host, config.gatewayHttps.port !== null],
  ];
  for (const [path, host, used] of listeners)
    if (used && !WILDCARDS.includes(host))
      problems.push(
        `  ${path}: must be 0.0.0.0 or :: with cluster.siteAddress, so that gateways are accepted on the site address (got ${JSON.stringify(host)})`,
      );
  return problems;
}
