// The end of the walk: Done under the guide's list leads to the dashboard made from the registered
// sensors; its values are checked live, per gateway; then whether it must be kept (Customize → Save) is
// checked: it is shown again after a reload without saving, so that step is run but counted as optional.
import { By } from 'selenium-webdriver';
import { readTiles, tileWithoutUnit, type Tile } from './checks.js';
import { PLANT } from './gateways.js';
import { $, type Technician } from './technician.js';

const widgetTitles = async (t: Technician): Promise<string[]> =>
  (await t.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid^="widget-w"] h3')].map((h) => h.innerText)`,
  )) as string[];

/** 9–11: Done → the dashboard made from the sensors, checked live, then (optionally) kept. */
export async function dashboards(t: Technician, done = 'knocking-done'): Promise<void> {
  await t.step(
    {
      title: 'Done: the dashboard made from the sensors',
      read: 'the dashboard: its name and note, each widget (title, value, unit), the charts',
      decide: 'whether this is the dashboard wanted',
      decisions: 1,
      after: $('dashboard-view'),
    },
    async () => {
      await t.click($(done));
      await t.visible($('dashboard-view'));
      await t.waitFor('the widgets', async () => (await readTiles(t.driver)).length > 0);
      const titles = await widgetTitles(t);
      t.note(
        `at ${(await t.driver.getCurrentUrl()).replace(t.base, '')}: "${await t.text($('dashboard-title'))}", ` +
          `${titles.length} widgets: ${titles.join(' | ')}`,
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

/** the tiles showing one of this gateway's sensors (titled by the sensor's name) */
const tilesOf = (tiles: Tile[], names: string[]): Tile[] => tiles.filter((x) => names.includes(x.title));

async function liveValues(t: Technician): Promise<void> {
  await t.step(
    {
      title: "Check that the three gateways' values are live",
      read: 'the tiles for a few seconds',
      decide: 'nothing',
      decisions: 0,
    },
    async () => {
      const before = await readTiles(t.driver);
      const moved = (now: Tile[]) => now.filter((x) => before.find((b) => b.id === x.id)?.value !== x.value);
      // every gateway with a changing sensor (the on/off one stays On) has a tile that moved
      const changing = PLANT.map((g) => g.sensors.filter((s) => s.amp > 0).map((s) => s.name[t.lang]));
      const now = await t.waitFor('values of every gateway to change on the dashboard', async () => {
        const tiles = await readTiles(t.driver);
        return changing.every((names) => tilesOf(moved(tiles), names).length > 0) ? tiles : null;
      });
      t.note(
        `${moved(now).length} of ${now.length} tiles changed: ${now.map((x) => `${x.title}: ${x.shown}`).join('; ')}`,
      );
      for (const [i, g] of PLANT.entries())
        t.note(`${g.name.en}: ${tilesOf(moved(now), changing[i]!).length} tile(s) changed`);
      for (const tile of now)
        if (tileWithoutUnit(tile))
          t.find('value without a unit', `dashboard tile "${tile.title}": "${tile.shown}"`);
      const gateways = (await t.text('[data-testid^="widget-gateways-"]')) ?? '';
      t.note(`gateways widget: ${gateways.replace(/\n/g, ' | ')}`);
      for (const g of PLANT)
        if (!gateways.includes(g.name[t.lang]))
          t.find('dashboard', `${g.name[t.lang]} is not in the Gateways widget`);
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

/**
 * Whether the generated dashboard must be kept: reloaded without saving (not the technician's time), is it
 * still there with the same widgets? Then Customize → Save, counted as an optional step.
 */
async function keepDashboard(t: Technician): Promise<void> {
  const id = await t.attribute($('dashboard-view'), 'data-dashboard-id');
  if (id !== 'default') {
    t.note(`the dashboard is stored already (id ${id}): nothing to keep`);
    return;
  }
  const note = (await t.text($('dashboard-title'))) ?? '';
  await t.step(
    {
      title: 'Optional: keep it (Customize, then Save)',
      read: 'the note under the title (it follows the sensors until customized), the editor',
      decide: 'whether it must be kept (and so customized) at all; keep the name and the widgets',
      decisions: 1,
      before: $('dashboard-title'),
      optional: true,
    },
    async () => {
      const widgets = await widgetTitles(t);
      const again = await t.away(async () => {
        await t.driver.get(`${t.base}/overview`);
        await t.driver.get(`${t.base}/dashboards`);
        await t.visible($('dashboard-view'));
        await t.waitFor('the widgets after a reload', async () => (await readTiles(t.driver)).length > 0);
        return {
          id: await t.attribute($('dashboard-view'), 'data-dashboard-id'),
          widgets: await widgetTitles(t),
        };
      });
      const same = again.widgets.join('|') === widgets.join('|');
      t.note(
        `unsaved, after leaving and a reload of /dashboards: ${again.id === 'default' ? 'the same generated dashboard' : `dashboard ${again.id}`}` +
          `, ${again.widgets.length} widgets${same ? ', the same' : ' (different)'}; its note: "${note.replace(/\s+/g, ' ')}"`,
      );
      if (!same) t.find('dashboard', 'the unsaved dashboard is not the same after a reload');
      await t.shot('dashboard-reloaded');
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
