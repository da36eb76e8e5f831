// Run by mdns-netns.test.ts inside a network namespace: advertises one site with SiteMdns, browses until
// it hears the site it expects (or gives up), keeps advertising a little longer for the other side, then
// prints { heard, final }: what it listed when it first heard it, and its state at the end. The other side's goodbye, sent when
// it stops, removes it at once: so the list is taken when heard, not at the end.
import { SiteMdns } from '../../../src/main/mdns/index.js';

interface Args {
  siteName: string;
  node: string;
  ports: [number, number, number];
  /** the node to wait for; none: just run for waitMs */
  expect?: string;
  waitMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const mdns = new SiteMdns({ enabled: true });
mdns.start({
  siteName: args.siteName,
  node: args.node,
  version: 'test',
  httpPort: args.ports[0],
  gatewayHttpPort: args.ports[1],
  mqttPort: args.ports[2],
});
const until = Date.now() + args.waitMs;
let result = mdns.sites();
while (Date.now() < until && !(args.expect && result.data.some((s) => s.node === args.expect))) {
  await new Promise((r) => setTimeout(r, 250));
  result = mdns.sites();
}
// the other side may still be waiting for this one's answer
await new Promise((r) => setTimeout(r, 1500));
const final = mdns.sites();
await mdns.stop();
process.stdout.write(JSON.stringify({ heard: result, final }));
