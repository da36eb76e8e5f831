export { DiscoveryScanner, MAX_PROBES_PER_SECOND, PROBE, type DiscoveryOptions } from './scanner.js';
export {
  THINGPLUS_DISCOVERY_PORT,
  WIDEST_PREFIX,
  listIpv4Interfaces,
  planScan,
  type Ipv4Interface,
  type PlanInput,
  type Probe,
} from './plan.js';
export { MAX_REPLIES_PER_SOURCE, MAX_REPLY_BYTES, ReplyCollector } from './replies.js';
