// Run by broadcast-netns.test.ts inside its own network namespace (only lo and a test veth there): runs
// each scan request given as JSON on argv and prints the results as one JSON array.
import { DiscoveryScanner, type PlanInput, type Probe } from '../../../src/main/discovery/index.js';

const requests = JSON.parse(process.argv[2] ?? '[]') as PlanInput[];

/** Even inside the namespace, probes go only to the test's 10.200.x.x subnet. */
function testSubnetOnly(probe: Probe): void {
  if (!probe.address.startsWith('10.200.')) throw new Error(`probe to ${probe.address} refused`);
}

const scanner = new DiscoveryScanner({ windowMs: 800, isRegistered: () => false, guard: testSubnetOnly });
const results = [];
for (const request of requests) results.push(await scanner.scan(request));
process.stdout.write(JSON.stringify(results));
