// The walk itself, the fastest honest flow for three Thing+ gateways on a fresh install: the setup page
// creates the administrator; the first-run guide ("Set up your gateways") shows the one command open,
// copied; (at the gateways: the command run on each, for real, on a shipped Thing+ Gateway install; the
// played gateways start from what it wrote); back at the console the three are listed as knocking; each is named
// and added in a row, staying in the list as a row followed live (waiting → connected · N sensors); once
// all three are connected with their sensors, Done leads to the dashboard (see dashboard.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlayedGateway, PLANT, parseSetupCommand, runSetupCommand, type GatewayPlan } from './gateways.js';
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

/** 3: the guide, its one command for every gateway open while no gateway knocks: copied. */
export async function copySetupCommand(t: Technician): Promise<string> {
  return t.step(
    {
      title: 'The guide: copy the one command for every gateway (open while no gateway knocks)',
      read: 'the guide (its title, step 1, the command and its hint, the typed-id form, the other ways)',
      decide: 'take the command rather than typing ids; copy it',
      decisions: 1,
      before: $('onboarding'),
    },
    async () => {
      await t.visible($('point-all'));
      // a <details>: clicking its summary while open would close it
      if ((await t.attribute($('point-all'), 'open')) === null) {
        t.find('guide', 'the shared section is closed on a fresh site (it should be open)');
        await t.click(`${$('point-all')} > summary`);
      } else t.note('the section is open already: no click to open it');
      t.note(
        `guide title: "${await t.text('.onboarding-title')}"; step 1: "${(await t.text(`${$('onboarding-step-1')} .step-title`))?.replace(/\s+/g, ' ')}"`,
      );
      await t.visible($('point-all-command'));
      await t.click($('point-all-command-copy'));
      const outcome = await t.waitFor('the Copy button to answer', () =>
        t.text(`${$('point-all-command')} ~ .copy-actions span`),
      );
      t.note(`Copy button says "${outcome}"`);
      const shown = ((await t.text($('point-all-command'))) ?? '').trim();
      t.note(`command: ${shown} (script at ${parseSetupCommand(shown).href})`);
      await t.shot('point-all');
      return shown;
    },
  );
}

/**
 * 4: (the gateway side, its person time estimated apart) the command run on each gateway, which then
 * starts from what it wrote; back, they knock. Answers the most words the command printed.
 */
export async function gatewaysKnock(
  t: Technician,
  command: string,
  gateways: PlayedGateway[],
): Promise<number> {
  let outputWords = 0;
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
        const root = mkdtempSync(join(tmpdir(), 'five-minutes-gateways-'));
        try {
          for (const g of PLANT) {
            const { server, output } = await runSetupCommand(command, g, root);
            outputWords = Math.max(outputWords, output.split(/\s+/).filter(Boolean).length);
            if (g === PLANT[0]) t.note(`on ${g.id} the command printed: ${output.replace(/\n/g, ' ⏎ ')}`);
            const gw = new PlayedGateway(server, g, t.lang);
            gateways.push(gw);
            await gw.start();
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
        await t.driver.sleep(KNOCKING_BEFORE_BACK_MS);
      });
      for (const g of PLANT) await t.waitFor(`${g.id} knocking`, async () => t.text($(`knocking-${g.id}`)));
      for (const g of PLANT) {
        const row = ((await t.text($(`knocking-${g.id}`))) ?? '').replace(/\s+/g, ' ');
        t.note(`row ${g.id}: "${row}"`);
        // "N s ago" / "N초 전" (or ms): written at most every 5 s while the gateway retries
        const ago = /(\d+)\s*(ms|밀리초|s|초)(?![a-z])/.exec(row);
        const justNow = /just now|방금/.test(row);
        const seconds = justNow ? 0 : !ago ? Infinity : /ms|밀리/.test(ago[2]!) ? 0 : Number(ago[1]);
        if (seconds > 10) t.find('knocking list', `${g.id}'s row looks stale: "${row}"`);
      }
      const order = (await t.driver.executeScript(
        `return [...document.querySelectorAll('[data-testid^="knocking-b"]')].map((e) => e.getAttribute('data-testid').slice(9))`,
      )) as string[];
      t.note(`rows in the order ${order.join(', ')}`);
      const open = (await t.attribute($('point-all'), 'open')) !== null;
      t.note(`the Server section is ${open ? 'still open' : 'closed now'} below the list`);
      const placeholder = await t.attribute($(`knocking-name-${PLANT[0]!.id}`), 'placeholder');
      t.note(`name placeholder: "${placeholder}"`);
      for (const gw of gateways)
        if (gw.connectedAt !== null) t.find('gateway', `${gw.id} got in before it was added`);
      await t.shot('knocking');
      await t.shot('knocking', 390);
    },
  );
  return outputWords;
}

/** 5–7: one knocking gateway named and added; it stays in the list as a row followed live. */
export async function addKnocking(t: Technician, g: GatewayPlan, n: number): Promise<number> {
  return t.step(
    {
      title: `Name and add ${g.name.en}; it stays in the list, waiting`,
      read: n === 1 ? 'its row; then its row as added (and that Done appeared)' : 'its row as added',
      decide: 'the name',
      decisions: 1,
      after: $(`added-${g.id}`),
    },
    async () => {
      await t.type($(`knocking-name-${g.id}`), g.name[t.lang]);
      const added = Date.now();
      await t.click($(`knocking-add-${g.id}`));
      await t.visible($(`added-${g.id}`));
      const state = await t.attribute($(`added-${g.id}`), 'data-state');
      t.note(
        `row added ${((Date.now() - added) / 1000).toFixed(1)} s after Add, ${state}: ` +
          `"${(await t.text($(`added-${g.id}`)))?.replace(/\s+/g, ' ')}"`,
      );
      if (await t.text($('onboarding-connection')))
        t.find('guide', `after adding ${g.id} the guide switched to its steps 2–4`);
      for (const other of PLANT.slice(n))
        if (!(await t.text($(`knocking-${other.id}`))))
          t.find('guide', `after adding ${g.id}, ${other.id} is no longer listed as knocking`);
      if (!(await t.text($('knocking-done')))) t.find('guide', `no Done button after adding ${g.id}`);
      await t.shot(`gateway-${n}-added`);
      return added;
    },
  );
}

/** the "N sensors registered" count of an added row, or null while it shows none */
const sensorCount = (row: string): number | null => {
  const m = /·\D*(\d+)/.exec(row);
  return m ? Number(m[1]) : null;
};

/** 8: wait until every added row says connected with all its sensors. */
export async function allConnected(
  t: Technician,
  addedAt: number[],
  gateways: PlayedGateway[],
): Promise<void> {
  await t.step(
    {
      title: 'Wait until the three rows say connected, with their sensors',
      read: 'the three rows ("✓ connected · N sensors registered")',
      decide: 'whether all three are in with the sensors each should have',
      decisions: 1,
      after: PLANT.map((g) => $(`added-${g.id}`)).join(', '),
    },
    async () => {
      for (const [i, g] of PLANT.entries()) {
        const css = $(`added-${g.id}`);
        await t.waitFor(
          `${g.id} connected`,
          async () => (await t.attribute(css, 'data-state')) === 'connected',
        );
        const connected = Date.now();
        const row = await t.waitFor(`${g.id}'s ${g.sensors.length} sensors`, async () => {
          const text = (await t.text(css)) ?? '';
          return sensorCount(text) === g.sensors.length ? text : null;
        });
        const inAt = gateways[i]?.connectedAt;
        t.note(
          `${g.name.en}: in ${inAt ? ((inAt - addedAt[i]!) / 1000).toFixed(1) : '?'} s after its Add, row ` +
            `connected by ${((connected - addedAt[i]!) / 1000).toFixed(1)} s, ` +
            `all sensors ${((Date.now() - addedAt[i]!) / 1000).toFixed(1)} s after: "${row.replace(/\s+/g, ' ')}"`,
        );
        if (await t.text(`${css} .refusal, ${css} [data-testid="connect-refusal"]`))
          t.find('guide', `${g.id}: a refusal is shown while connected`);
      }
      const knocking = (await t.driver.executeScript(
        `return document.querySelectorAll('[data-testid^="knocking-b"]').length`,
      )) as number;
      t.note(`${knocking} still listed as knocking; Done: "${await t.text($('knocking-done'))}"`);
      await t.shot('all-connected');
      await t.shot('all-connected', 390);
    },
  );
}
