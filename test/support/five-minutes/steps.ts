// The walk itself, the fastest honest flow for three Thing+ gateways on a fresh install: the setup page
// creates the administrator; in the first-run guide "Several gateways? Point them all at this site first"
// gives the one Server section, copied; (at the gateways: pasted into each one's config, restarted: the
// script starts the played gateways from the copied section); back at the console the three are listed as
// knocking; each is named and added, the guide follows it to its values, "Set up another gateway" leads
// back to the list; Done leads to the dashboard made from the sensors, checked live, then kept.
import { By } from 'selenium-webdriver';
import { readTiles, tileWithoutUnit } from './checks.js';
import {
  PlayedGateway,
  PLANT,
  parseServerSection,
  sensorId,
  type GatewayPlan,
  type ServerSection,
} from './gateways.js';
import { $, type Technician } from './technician.js';

const ADMIN_PASSWORD = 'Plant-7-setup';
/**
 * How long the gateways knock before the technician is back at the console. Doing three gateways takes
 * minutes (see the gateway-side estimate); 45 s is enough for every gateway to use up its address's
 * allowance of failed connects (20 a minute), which is the state a real technician comes back to.
 */
const KNOCKING_BEFORE_BACK_MS = 45_000;

/** 1–2: the fresh install's console, and its setup page creating the administrator. */
export async function firstRun(t: Technician): Promise<void> {
  await t.step(
    {
      title: 'Open the console of the fresh install',
      read: 'the address the installer printed',
      decide: 'nothing',
      decisions: 0,
    },
    async () => {
      await t.open('/');
      await t.visible($('setup-form'));
      await t.shot('setup');
    },
  );
  await t.step(
    {
      title: 'Create the administrator on the setup page',
      read: 'the setup page: title, intro, password hint',
      decide: 'keep the user name admin (prefilled); choose a password of 8+ characters',
      decisions: 1,
      before: $('setup-form'),
    },
    async () => {
      await t.type('input[name="password"]', ADMIN_PASSWORD);
      await t.type('input[name="repeat"]', ADMIN_PASSWORD);
      await t.click($('signin-submit'));
      await t.visible($('onboarding'));
      t.note(`lands on ${(await t.driver.getCurrentUrl()).replace(t.base, '')}`);
      await t.shot('first-run-guide');
    },
  );
}

/** 3: the guide's "point them all" section opened and its Server section copied. */
export async function copyServerSection(t: Technician): Promise<ServerSection> {
  return t.step(
    {
      title: 'Open "Several gateways? Point them all at this site first", copy the Server section',
      read: 'the guide (its steps, the typed-id form, the other ways), then the section and its hint',
      decide: 'take the "point them all" way rather than typing ids; copy the section',
      decisions: 2,
      before: $('onboarding'),
      after: `${$('point-all')} > p`,
    },
    async () => {
      await t.click(`${$('point-all')} > summary`);
      await t.visible($('point-all-config'));
      await t.click($('point-all-config-copy'));
      const outcome = await t.waitFor('the Copy button to answer', () =>
        t.text(`${$('point-all-config')} ~ .copy-actions span`),
      );
      t.note(`Copy button says "${outcome}"`);
      const shown = (await t.text($('point-all-config'))) ?? '';
      const server = parseServerSection(shown);
      t.note(
        `section: host ${server.mqtt.host}, MQTT ${server.mqtt.protocol} ${server.mqtt.port}, REST ` +
          `${server.service.protocol} ${server.service.port}${server.APIKEY ? ', with an APIKEY' : ', no key'}`,
      );
      await t.shot('point-all');
      return server;
    },
  );
}

/** 4: (the gateway side, estimated apart) the gateways started from the section; back, they knock. */
export async function gatewaysKnock(
  t: Technician,
  server: ServerSection,
  gateways: PlayedGateway[],
): Promise<void> {
  await t.step(
    {
      title: 'Back from the gateways: the three are listed as knocking',
      read: 'the knocking list: its title and hint, each gateway id with where it knocked from',
      decide: 'which id is which gateway (their MACs, from the labels or the config files)',
      decisions: 1,
      after: $('knocking'),
    },
    async () => {
      await t.away(async () => {
        for (const g of PLANT) {
          const gw = new PlayedGateway(server, g, t.lang);
          gateways.push(gw);
          await gw.start();
        }
        await t.driver.sleep(KNOCKING_BEFORE_BACK_MS);
      });
      for (const g of PLANT) await t.waitFor(`${g.id} knocking`, async () => t.text($(`knocking-${g.id}`)));
      for (const g of PLANT)
        t.note(`row ${g.id}: "${(await t.text($(`knocking-${g.id}`)))?.replace(/\s+/g, ' ')}"`);
      for (const gw of gateways)
        if (gw.connectedAt !== null) t.find('gateway', `${gw.id} got in before it was added`);
      await t.shot('knocking');
      await t.shot('knocking', 390);
    },
  );
}

/** 5–7: one knocking gateway named and added; the guide follows it to its sensors' values. */
export async function addKnocking(
  t: Technician,
  g: GatewayPlan,
  n: number,
  gw: PlayedGateway,
): Promise<void> {
  const first = n === 1;
  await t.step(
    {
      title: `Name and add ${g.name.en}; the guide follows it to its values`,
      read: first
        ? "the gateway's row; then the guide's steps 2–4 (its configuration, connected, its sensors)"
        : 'the row; then steps 3–4 (connected, its sensors)',
      decide: first
        ? 'the name; whether the configuration shown in step 2 must be put into the gateway too (it need not)'
        : 'the name',
      decisions: first ? 2 : 1,
      before: first ? undefined : $(`knocking-${g.id}`),
      after: first
        ? `${$(`knocking-${g.id}`)}, ${$('onboarding-step-2')}, ${$('onboarding-step-3')}, ${$('onboarding-step-4')}`
        : `${$('onboarding-step-3')}, ${$('onboarding-step-4')}`,
    },
    async () => {
      if (!first) {
        await t.click($('onboarding-another'));
        await t.visible($(`knocking-${g.id}`));
      }
      await t.type($(`knocking-name-${g.id}`), g.name[t.lang]);
      const added = Date.now();
      await t.click($(`knocking-add-${g.id}`));
      await t.visible($('onboarding-connection'));
      await followInGuide(t, g, gw, added);
      await t.shot(`gateway-${n}-live`);
    },
  );
}

/** Waits for the guide to show the gateway connected and every sensor's value; notes what it showed. */
async function followInGuide(t: Technician, g: GatewayPlan, gw: PlayedGateway, added: number): Promise<void> {
  const mode = await t.attribute($('gateway-config'), 'data-mode');
  const apikey = await t.text($('setup-apikey'));
  t.note(`step 2 shows the ${mode ?? '?'} configuration${apikey ? ', with a key as the password' : ''}`);
  await t.waitFor(
    `${g.id} connected`,
    async () => (await t.attribute($('onboarding-connection'), 'data-state')) === 'connected',
  );
  t.note(`connected ${((Date.now() - added) / 1000).toFixed(1)} s after Add`);
  if (await t.text($('connect-refusal'))) t.find('guide', `${g.id}: a refusal is shown while connected`);
  for (const s of g.sensors) {
    const css = `${$(`onboarding-sensor-${sensorId(g.id, s)}`)} .value`;
    await t.waitFor(`a value of ${s.name.en}`, async () => /\d|[^\s—-]/.test((await t.text(css)) ?? ''));
    const shown = ((await t.text(css)) ?? '').trim();
    if (s.unit && !shown.includes(s.unit))
      t.find(
        'value without a unit',
        `guide: ${s.name[t.lang]} (${s.type}) shows "${shown}", expected ${s.unit}`,
      );
    if (!s.unit && /^\d+$/.test(shown))
      t.find('value without a unit', `guide: ${s.name[t.lang]} shows "${shown}"`);
  }
  t.note(`every value shown ${((Date.now() - added) / 1000).toFixed(1)} s after Add; ${gw.summary()}`);
  const values = (await t.text($('onboarding-sensors'))) ?? '';
  t.note(`sensors: ${values.replace(/\s*\n\s*/g, ' | ')}`);
}

/** 8–10: Done → the dashboard made from the sensors, checked live, then kept. */
export async function dashboards(t: Technician): Promise<void> {
  await t.step(
    {
      title: 'Done: the dashboard made from the sensors',
      read: 'the dashboard: its name and note, each widget (title, value, unit), the charts',
      decide: 'whether this is the dashboard wanted',
      decisions: 1,
      after: $('dashboard-view'),
    },
    async () => {
      await t.click($('onboarding-done'));
      await t.visible($('dashboard-view'));
      await t.waitFor('the widgets', async () => (await readTiles(t.driver)).length > 0);
      const titles = (await t.driver.executeScript(
        `return [...document.querySelectorAll('[data-testid^="widget-w"] h3')].map((h) => h.innerText)`,
      )) as string[];
      t.note(
        `at ${(await t.driver.getCurrentUrl()).replace(t.base, '')}: "${await t.text($('dashboard-title'))}", ${titles.length} widgets: ${titles.join(' | ')}`,
      );
      const text = (await t.text($('dashboard-view'))) ?? '';
      for (const g of PLANT)
        for (const s of g.sensors)
          if (!text.includes(s.name[t.lang]) && !text.includes(g.name[t.lang]))
            t.find('dashboard', `neither "${s.name[t.lang]}" nor "${g.name[t.lang]}" is on it`);
      await t.shot('dashboard');
    },
  );
  await liveValues(t);
  await keepDashboard(t);
}

async function liveValues(t: Technician): Promise<void> {
  await t.step(
    {
      title: 'Check that the values are live',
      read: 'the tiles for a few seconds',
      decide: 'nothing',
      decisions: 0,
    },
    async () => {
      const before = await readTiles(t.driver);
      const moved = (now: typeof before) =>
        now.filter((x) => before.find((b) => b.id === x.id)?.value !== x.value);
      const now = await t.waitFor('values to change on the dashboard', async () => {
        const tiles = await readTiles(t.driver);
        return moved(tiles).length >= before.length / 2 ? tiles : null;
      });
      t.note(
        `${moved(now).length} of ${now.length} tiles changed: ${now.map((x) => `${x.title}: ${x.shown}`).join('; ')}`,
      );
      for (const tile of now)
        if (tileWithoutUnit(tile))
          t.find('value without a unit', `dashboard tile "${tile.title}": "${tile.shown}"`);
      const gateways = (await t.text('[data-testid^="widget-gateways-"]')) ?? '';
      t.note(`gateways widget: ${gateways.replace(/\n/g, ' | ')}`);
      const charts = await t.driver.findElements(By.css('[data-testid^="widget-chart-w"] canvas'));
      const legends = (await t.driver.executeScript(
        `return [...document.querySelectorAll('[data-testid^="widget-chart-legend-"]')].map((e) => e.innerText.replace(/\\s+/g, ' '))`,
      )) as string[];
      t.note(`${charts.length} chart canvases; legends: ${legends.join(' || ')}`);
      if (charts.length === 0) t.find('dashboard', 'no chart is drawn');
      await t.shot('dashboard-live');
      await t.shot('dashboard-live', 390);
    },
  );
}

async function keepDashboard(t: Technician): Promise<void> {
  const id = await t.attribute($('dashboard-view'), 'data-dashboard-id');
  if (id !== 'default') {
    t.note(`the dashboard is stored already (id ${id}): nothing to keep`);
    return;
  }
  await t.step(
    {
      title: 'Keep it: Customize, then Save',
      read: 'the note under the title (it follows the sensors until customized), the editor',
      decide: 'whether it must be kept (and so customized) at all; keep the name and the widgets',
      decisions: 1,
      before: $('dashboard-title'),
    },
    async () => {
      await t.click($('dashboard-edit'));
      await t.click($('dashboard-save'));
      await t.waitFor(
        'the saved dashboard',
        async () => (await t.attribute($('dashboard-view'), 'data-dashboard-id')) !== 'default',
      );
      t.note(
        `saved as "${await t.text($('dashboard-title'))}" at ${(await t.driver.getCurrentUrl()).replace(t.base, '')}`,
      );
      await t.shot('dashboard-saved');
    },
  );
}
