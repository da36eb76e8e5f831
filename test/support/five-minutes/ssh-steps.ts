// The other walk: the site does the gateways' side. The guide's link leads to Find gateways; a scan lists
// the three shipped Thing+ Gateways (test/support/fake-gateway-host.ts: each on its own loopback address,
// answering the discovery probe, with an SSH server that really runs what it is sent); the technician
// names them, types their SSH login once and points all three at the site; each gateway, restarted by the
// setup, starts (played by mqtt.js) from the settings the setup wrote; Done leads to the dashboard.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGatewayHost, type FakeGatewayHost } from '../fake-gateway-host.js';
import { PlayedGateway, PLANT } from './gateways.js';
import { $, type Technician } from './technician.js';

const LOGIN = { username: 'root', password: 'temppwd' };
/** the range typed on this loopback-only test site; on a LAN the default broadcast needs nothing typed */
const TARGETS = '127.0.0.8/29';

export interface GatewayHosts {
  hosts: FakeGatewayHost[];
  close(): Promise<void>;
}

/** The three gateways as shipped, each answering the probe on UDP 28282 of its address, one SSH port. */
export async function startGatewayHosts(): Promise<GatewayHosts> {
  const root = mkdtempSync(join(tmpdir(), 'five-minutes-hosts-'));
  const hosts: FakeGatewayHost[] = [];
  for (const g of PLANT)
    hosts.push(
      await startFakeGatewayHost({
        id: g.id,
        name: g.hostname,
        address: g.from,
        udpPort: 28282,
        sshPort: hosts[0]?.sshPort ?? 0,
        login: LOGIN,
        root,
      }),
    );
  return {
    hosts,
    close: async () => {
      await Promise.all(hosts.map((h) => h.close()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** 3: the guide's link to the way that needs no visit to the gateways. */
export async function toFinder(t: Technician): Promise<void> {
  await t.step(
    {
      title: 'The guide: take "let the site do it" (find them on the LAN, one SSH login)',
      read: 'the guide (its title, step 1, the command and its hint, the link, the typed-id form, the other ways)',
      decide: 'have the site point them over SSH rather than visit each gateway',
      decisions: 1,
      before: $('onboarding'),
    },
    async () => {
      await t.click($('point-all-ssh'));
      await t.visible($('scan-form'));
      await t.shot('find');
    },
  );
}

/** 4: a scan; the three listed with what they point at. */
export async function scan(t: Technician): Promise<void> {
  await t.step(
    {
      title: 'Find gateways: scan (the range typed: this test site may not broadcast)',
      read: 'the page: where to look, the targets hint',
      decide: 'where to look',
      decisions: 1,
      before: $('scan-form'),
    },
    async () => {
      await t.type($('scan-targets'), TARGETS);
      await t.click($('scan-submit'));
      await t.visible($('ssh-form'), 10_000);
      for (const g of PLANT) await t.visible($(`ssh-choose-${g.id}`));
      t.note(`found: ${(await t.text($('scan-summary')))?.replace(/\s+/g, ' ')}`);
    },
  );
}

/** 5: named, one login, pointed; the gateways start from what the setup wrote once it restarted them. */
export async function pointOverSsh(
  t: Technician,
  gh: GatewayHosts,
  gateways: PlayedGateway[],
  sshPort: number,
): Promise<number> {
  return t.step(
    {
      title: 'Name the three, type their SSH login once, point them at the site',
      read: 'the "Point them at this site" card and the found list (names, addresses, where they point)',
      decide: 'their names; the SSH login of the gateways',
      decisions: 2,
      before: `${$('ssh-setup')}, ${$('scan-results')}`,
      after: $('ssh-results'),
    },
    async () => {
      for (const g of PLANT) await t.retype($(`ssh-name-${g.id}`), g.name[t.lang]);
      await t.type($('ssh-password'), LOGIN.password);
      // 22 on a LAN, the default; this test's gateways share another port
      await t.retype($('ssh-port'), String(sshPort));
      await t.shot('ssh-form');
      const submitted = Date.now();
      await t.click($('ssh-submit'));
      // each gateway restarts when its setup ends: started then, from its settings file as node-config reads it
      const started = new Set<string>();
      await t.waitFor('the three gateways restarted', async () => {
        for (const [i, h] of gh.hosts.entries())
          if (h.restarts() > 0 && !started.has(h.id)) {
            started.add(h.id);
            const { mqtt, service } = h.settings().Server;
            const server = {
              mqtt: { ...mqtt, port: Number(mqtt.port) },
              service: { ...service, port: Number(service.port) },
            };
            const gw = new PlayedGateway(server, PLANT[i]!, t.lang);
            gateways.push(gw);
            await gw.start();
          }
        return started.size === gh.hosts.length;
      });
      await t.visible($('ssh-results'), 30_000);
      const failed = (await t.driver.executeScript(
        `return [...document.querySelectorAll('[data-testid^="ssh-failed-"]')].map((e) => e.innerText)`,
      )) as string[];
      for (const f of failed) t.find('ssh setup', f.replace(/\s+/g, ' '));
      t.note(`answered ${((Date.now() - submitted) / 1000).toFixed(1)} s after the click`);
      const h = gh.hosts[0]!;
      t.note(
        `on ${h.id}: SSH commands ${JSON.stringify(h.commands)}; settings now ${JSON.stringify(h.settings().Server)}`,
      );
      return submitted;
    },
  );
}
