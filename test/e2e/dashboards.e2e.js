// End to end in a real browser: a technician builds a dashboard of three widgets in the editor (sensors
// picked from the searchable tree, a widget moved by its buttons and by the keyboard), saves it; a
// registered gateway (a real MQTT client speaking the Thing+ protocol) publishes and the widgets follow
// live; after a reload the dashboard is there as saved. (Wall mode: dashboards-wall.e2e.js.)
import { $, api, registerGateway, connectGateway } from './lib/site.js';

const GATEWAY = 'e2e0000d0a5b';
const SENSORS = [
  { id: `${GATEWAY}-0-kiln`, name: 'Kiln temperature', type: 'temperature' },
  { id: `${GATEWAY}-0-hopper`, name: 'Hopper level', type: 'humidity' },
  { id: `${GATEWAY}-0-dryer`, name: 'Dryer temperature', type: 'temperature' },
];

/** Replaces an input's text the way a user does (select all, type): React sees every change. */
async function retype(browser, testId, text) {
  await browser.click($(testId));
  await browser.sendKeys($(testId), [browser.Keys.CONTROL, 'a', browser.Keys.NULL, text]);
  await browser.expect.element($(testId)).to.have.value.that.equals(text);
}

describe('dashboards: build one in the editor, see it live, find it after a reload', function () {
  let gateway;
  let time = Date.now() - 60_000;
  let dashboardId;

  const publish = (values) => {
    time += 1000;
    const body = Object.fromEntries(values.map(([i, v]) => [SENSORS[i].id, [time, v]]));
    return gateway.publishAsync(`v/a/g/${GATEWAY}`, JSON.stringify(body), { qos: 1 });
  };

  before(async function () {
    const apiKey = await registerGateway(GATEWAY, 'Kiln line', SENSORS);
    gateway = await connectGateway(GATEWAY, apiKey);
    gateway.on('message', (topic, payload) => {
      const request = JSON.parse(payload.toString());
      gateway.publish(`v/a/g/${GATEWAY}/res`, JSON.stringify({ id: request.id, result: '' }), { qos: 1 });
    });
    await gateway.subscribeAsync(`v/a/g/${GATEWAY}/req`, { qos: 1 });
    await publish([
      [0, 700],
      [1, 40],
      [2, 80],
    ]);
  });

  after(async function () {
    if (gateway) await gateway.endAsync(true);
  });

  it('builds a dashboard of three widgets in the editor and saves it', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/dashboards`);
    await browser.waitForElementVisible($('nav-dashboards'));
    await browser.click($('dashboard-new'));
    await browser.waitForElementVisible($('dashboard-name'));
    await retype(browser, 'dashboard-name', 'Kiln floor');

    // 1: a value tile, its sensor found by name in the tree
    await browser.click($('add-widget'));
    await browser.waitForElementVisible($('widget-editor'));
    await browser.setValue($('picker-search'), 'kiln temp');
    await browser.waitForElementNotPresent($(`pick-${SENSORS[1].id}`));
    await browser.click($(`pick-${SENSORS[0].id}`));
    await browser.click($('widget-save'));
    await browser.waitForElementVisible($('widget-w1'));

    // 2: a gauge from 0 to 100
    await browser.click($('add-widget'));
    await browser.click($('kind-gauge'));
    await browser.setValue($('picker-search'), 'hopper');
    await browser.click($(`pick-${SENSORS[1].id}`));
    await retype(browser, 'gauge-max', '100');
    await browser.click($('widget-save'));
    await browser.waitForElementVisible($('widget-w2'));

    // 3: a line chart of two sensors
    await browser.click($('add-widget'));
    await browser.click($('kind-chart'));
    await browser.setValue($('picker-search'), 'temperature');
    await browser.click($(`pick-${SENSORS[0].id}`));
    await browser.click($(`pick-${SENSORS[2].id}`));
    await browser.click($('widget-save'));
    await browser.waitForElementVisible($('widget-w3'));

    // widget 2 sits below widget 1: move it up and right with its buttons, widen it with the keyboard
    await browser.click($('widget-up-w2'));
    await browser.click($('widget-up-w2'));
    for (let i = 0; i < 3; i++) await browser.click($('widget-right-w2'));
    await browser.click($('widget-w2'));
    await browser.sendKeys($('widget-w2'), [browser.Keys.SHIFT, browser.Keys.ARROW_RIGHT, browser.Keys.NULL]);
    await browser.expect
      .element($('widget-w2'))
      .to.have.attribute('style')
      .which.contains('grid-area: 1 / 4 / span 3 / span 4')
      .before(5000);
    await browser.click($('dashboard-save'));
    await browser.waitForElementVisible($('dashboard-title'));
    await browser.expect.element($('dashboard-title')).text.to.equal('Kiln floor');

    const list = await api('GET', 'api/v1/dashboards');
    const saved = list.data.find((d) => d.name === 'Kiln floor');
    browser.assert.ok(saved, 'the dashboard is stored in the site');
    dashboardId = saved.id;
    const byId = Object.fromEntries(saved.widgets.map((w) => [w.id, w]));
    browser.assert.deepStrictEqual(
      saved.widgets.map((w) => w.kind),
      ['value', 'gauge', 'chart'],
    );
    browser.assert.deepStrictEqual([byId.w2.x, byId.w2.y, byId.w2.w], [3, 0, 4]);
    browser.assert.deepStrictEqual(byId.w2.options, { min: 0, max: 100 });
    browser.assert.deepStrictEqual(
      byId.w3.sensors.map((s) => s.sensorId),
      [SENSORS[0].id, SENSORS[2].id],
    );
  });

  it('the widgets show names and units and follow the values a gateway publishes', async function (browser) {
    await browser.expect.element($('widget-w1')).text.to.contain('Kiln temperature');
    await browser.expect.element($('widget-w1')).text.to.contain('Kiln line');
    await browser.expect.element($('widget-w1')).text.to.contain('°C');
    const text = await browser.getText($('dashboard-view'));
    browser.assert.ok(!text.includes(GATEWAY), 'no raw gateway id on the dashboard');
    await publish([
      [0, 712.5],
      [1, 63],
    ]);
    await browser.expect
      .element($('widget-value-w1'))
      .to.have.attribute('data-value')
      .which.matches(/^712\.5/)
      .before(10000);
    await browser.expect.element($('widget-value-w2')).text.to.match(/^63/).before(10000);
    await publish([[0, 718.25]]);
    await browser.expect
      .element($('widget-value-w1'))
      .to.have.attribute('data-value')
      .which.matches(/^718\.[23]/)
      .before(10000);
    await browser.waitForElementVisible(`${$('widget-chart-w3')} canvas`);
  });

  it('after a reload the dashboard is there as it was saved', async function (browser) {
    await browser.refresh();
    await browser.waitForElementVisible($('dashboard-tabs'));
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/dashboards/${dashboardId}`);
    await browser.waitForElementVisible($('widget-w3'));
    await browser.expect.element($('dashboard-title')).text.to.contain('Kiln floor');
    // boot.ts asked the page's first GETs (and, from the list, the dashboard's gateway and sensors) before
    // the console's script ran; the page's own asks took those answers instead of asking again
    const asked = await browser.execute(() =>
      // runs in the page
      performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
    );
    for (const path of ['/api/v1/dashboards', '/api/v1/sensorTypes', `/api/v1/gateways/${GATEWAY}/sensors`])
      browser.assert.equal(asked.filter((p) => p === path).length, 1, `${path} asked once`);
    await browser.expect
      .element($('widget-w2'))
      .to.have.attribute('style')
      .which.contains('grid-area: 1 / 4 / span 3 / span 4');
    await browser.expect
      .element($('widget-value-w1'))
      .to.have.attribute('data-value')
      .which.matches(/^718\.[23]/);
  });

  it('in the editor a widget moves and resizes by pointer drag, snapped to the grid', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/dashboards/${dashboardId}?edit=1`);
    await browser.waitForElementVisible($('widget-w1'));
    await browser.expect
      .element($('widget-w1'))
      .to.have.attribute('style')
      .which.contains('grid-area: 1 / 1 / span 2 / span 3');
    const head = await browser.findElement(`${$('widget-w1')} h3`);
    const corner = await browser.findElement(`${$('widget-w1')} .dash-resize`);
    const cell = await browser.execute(() => {
      // runs in the page
      // eslint-disable-next-line no-undef
      const grid = document.querySelector('[data-testid="dash-grid"]');
      return (grid.clientWidth + 12) / 12;
    });
    // down two rows (72 px + 12 px gap each), then two columns wider
    await browser
      .actions()
      .move({ origin: head })
      .press()
      .move({ origin: 'pointer', x: 0, y: 84 })
      .move({ origin: 'pointer', x: 0, y: 84 })
      .release()
      .perform();
    await browser.expect
      .element($('widget-w1'))
      .to.have.attribute('style')
      .which.contains('grid-area: 3 / 1 / span 2 / span 3');
    await browser
      .actions()
      .move({ origin: corner })
      .press()
      .move({ origin: 'pointer', x: Math.round(cell * 2), y: 0 })
      .release()
      .perform();
    await browser.expect
      .element($('widget-w1'))
      .to.have.attribute('style')
      .which.contains('grid-area: 3 / 1 / span 2 / span 5');
    await browser.click($('dashboard-cancel'));
  });

  it('at 390 px nothing scrolls sideways: the dashboard, its editor and wall mode', async function (browser) {
    await browser.window.setSize(390, 844);
    const overflow = () =>
      // runs in the page
      // eslint-disable-next-line no-undef
      browser.execute(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const path of [`#/dashboards/${dashboardId}`, `#/dashboards/${dashboardId}?edit=1`, '#/wall']) {
      await browser.navigateTo(`${process.env.EDGE_SITE_URL}${path}`);
      await browser.waitForElementVisible($('widget-w3'));
      await browser.pause(500);
      browser.assert.ok((await overflow()) <= 0, `${path}: no sideways scroll at 390 px`);
    }
    await browser.window.setSize(1280, 900);
  });
});
