// End to end in a real browser: a dashboard's chart widget draws what the sensor page's chart draws
// (the threshold of a rule watching its sensor, the span of that rule's alarm) and zooms like it: a drag
// across the widget asks the site for the dragged range at the resolution that fits the widget's width
// (checked by the chart's attributes and by the series requests the browser made), the buttons pan and
// zoom out, "Live" returns to the widget's own range.
import { $, api, registerGateway, connectGateway } from './lib/site.js';

const GATEWAY = 'e2e0000c4a12';
const SENSOR = `${GATEWAY}-0-kiln`;
const OTHER = `${GATEWAY}-0-damper`;
const MIN = 60_000;
const LADDER = [
  ['1m', MIN],
  ['5m', 5 * MIN],
  ['15m', 15 * MIN],
  ['1h', 60 * MIN],
  ['6h', 360 * MIN],
  ['1d', 1440 * MIN],
];

/** The interval that gives about one point per pixel over `spanMs` on `px` pixels (lib/chart-data.ts). */
function fitting(spanMs, px) {
  const perPixel = spanMs / px;
  if (perPixel < MIN) return '0';
  return (LADDER.find(([, ms]) => ms >= perPixel) ?? LADDER[LADDER.length - 1])[0];
}

const chart = $('widget-chart-c1');

async function attrs(browser) {
  const el = await browser.findElement(chart);
  const attr = async (name) => browser.getElementAttribute(el, name);
  return {
    zoomed: await attr('data-zoomed'),
    interval: await attr('data-interval'),
    start: Number(await attr('data-start')),
    end: Number(await attr('data-end')),
    width: Number(await attr('data-width')),
  };
}

/** Drags across the widget's plot between two fractions of its width, as a mouse does. */
async function drag(browser, from, to) {
  const rect = await browser.execute(() => {
    // eslint-disable-next-line no-undef
    const r = document.querySelector('[data-testid="widget-chart-c1"] .u-over').getBoundingClientRect();
    return { left: r.left, width: r.width, top: r.top, height: r.height };
  });
  const y = Math.round(rect.top + rect.height / 2);
  const x = (f) => Math.round(rect.left + rect.width * f);
  await browser.perform(function () {
    return this.actions({ async: true })
      .move({ x: x(from), y })
      .press()
      .move({ x: x((from + to) / 2), y, duration: 100 })
      .move({ x: x(to), y, duration: 100 })
      .release();
  });
}

describe('dashboard chart widget: thresholds, alarm spans, zoom and pan with a fitting refetch', function () {
  let gateway;
  let dashboardId;

  before(async function () {
    const apiKey = await registerGateway(GATEWAY, 'Kiln line', [
      { id: SENSOR, name: 'Kiln temperature', type: 'temperature' },
      { id: OTHER, name: 'Damper humidity', type: 'humidity' },
    ]);
    gateway = await connectGateway(GATEWAY, apiKey);
    await api('POST', 'api/v1/rules', {
      name: 'Kiln too hot',
      severity: 'fatal',
      gatewayId: GATEWAY,
      sensorId: SENSOR,
      method: 'over',
      threshold: 75,
      deadband: 0,
    });
    // six hours every minute under the threshold, then over it and back: one alarm, raised and
    // cleared now (an alarm's time is when the site saw the value)
    const now = Date.now();
    const body = (from, to, kiln) => {
      const values = [];
      const other = [];
      for (let t = from; t < to; t += MIN) {
        values.push(t, kiln ?? 60 + 5 * Math.sin(t / 3_600_000));
        other.push(t, 40 + (t % 11));
      }
      return JSON.stringify({ [SENSOR]: values, [OTHER]: other });
    };
    for (const [from, to, kiln] of [
      [now - 360 * MIN, now - 2 * MIN],
      [now - 2 * MIN, now - MIN, 80],
      [now - MIN, now, 70],
    ])
      await gateway.publishAsync(`v/a/g/${GATEWAY}`, body(from, to, kiln), { qos: 1 });
    const made = await api('POST', 'api/v1/dashboards', {
      name: 'Kiln chart',
      widgets: [
        {
          id: 'c1',
          kind: 'chart',
          x: 0,
          y: 0,
          w: 12,
          h: 5,
          sensors: [
            { gatewayId: GATEWAY, sensorId: SENSOR },
            { gatewayId: GATEWAY, sensorId: OTHER },
          ],
          options: { rangeMinutes: 360 },
        },
      ],
    });
    dashboardId = made.id;
  });

  // the e2e files share one site: the wall (dashboards.e2e.js) must not rotate onto this dashboard
  after(async function () {
    if (gateway) await gateway.endAsync(true);
    if (dashboardId) await api('DELETE', `api/v1/dashboards/${dashboardId}`);
    await api('DELETE', `api/v1/gateways/${GATEWAY}`);
  });

  it('draws the rule’s threshold and the alarm’s span, as the sensor chart does', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/dashboards/${dashboardId}`);
    await browser.waitForElementVisible(`${chart} .u-over`);
    await browser.expect.element(chart).to.have.attribute('data-thresholds').equals('1').before(10000);
    await browser.expect.element(chart).to.have.attribute('data-marks').equals('1').before(10000);
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('false');
    await browser.expect.element(chart).to.have.attribute('data-axes').equals('2');
  });

  it('the legend names each line with its unit; a click hides a line, another shows it again', async function (browser) {
    const legend = $('widget-chart-legend-c1');
    await browser.expect.element(legend).text.to.contain('Kiln temperature (°C)');
    await browser.expect.element(legend).text.to.contain('Damper humidity (%)');
    const first = `${legend} li:first-child button`;
    await browser.click(first);
    await browser.expect.element(first).to.have.attribute('aria-pressed').equals('false');
    await browser.expect.element(`${chart} .uplot`).to.have.attribute('data-shown').equals('1');
    await browser.click(first);
    await browser.expect.element(first).to.have.attribute('aria-pressed').equals('true');
    await browser.expect.element(`${chart} .uplot`).to.have.attribute('data-shown').equals('2');
  });

  it('zooms by a drag and refetches at the resolution that fits, pans, zooms out, returns to live', async function (browser) {
    await browser.execute(() => performance.clearResourceTimings());
    // about an hour of six, ending a few minutes ago
    await drag(browser, 0.8, 0.99);
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('true');
    const z = await attrs(browser);
    const span = z.end - z.start;
    browser.assert.ok(span > 30 * MIN && span < 90 * MIN, `zoomed to about an hour (${span / MIN} min)`);
    browser.assert.equal(z.interval, fitting(span, z.width), `one point per pixel over ${z.width} px`);
    await browser.waitUntil(async () => {
      const urls = await browser.execute(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.includes('/series?')),
      );
      return urls.some(
        (u) =>
          u.includes(`interval=${z.interval}`) &&
          u.includes(`dataStart=${encodeURIComponent(new Date(z.start).toISOString())}`) &&
          u.includes(encodeURIComponent(`${GATEWAY}:${SENSOR}`)),
      );
    }, 5000);
    // the alarm, raised a moment ago, is after the zoomed hour; the threshold stays
    await browser.expect.element(chart).to.have.attribute('data-marks').equals('0');
    await browser.expect.element(chart).to.have.attribute('data-thresholds').equals('1');

    // later: up to now, the alarm's span is in the range again
    await browser.click($('widget-chart-forward-c1'));
    await browser.expect.element(chart).to.have.attribute('data-marks').equals('1');
    const forward = await attrs(browser);
    browser.assert.ok(forward.end > z.end && forward.end <= Date.now(), 'panned forward, not past now');
    browser.assert.ok(Math.abs(forward.end - forward.start - span) < 1000, 'panning keeps the span');

    await browser.click($('widget-chart-back-c1'));
    await browser.expect.element(chart).to.have.attribute('data-marks').equals('0');
    const back = await attrs(browser);
    browser.assert.ok(back.end < forward.end, 'panned back in time');

    await browser.click($('widget-chart-out-c1'));
    await browser.waitUntil(async () => {
      const o = await attrs(browser);
      return o.end - o.start > 2 * span;
    }, 5000);
    const out = await attrs(browser);
    browser.assert.equal(out.interval, fitting(out.end - out.start, out.width), 'zoomed out: coarser again');

    await browser.click($('widget-chart-live-c1'));
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('false');
    await browser.expect.element($('widget-chart-live-c1')).to.not.be.present;
  });

  it('a zoom is this view’s only (it says so); zoomed while editing, Save keeps it and the chart opens on it', async function (browser) {
    await drag(browser, 0.8, 0.99);
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('true');
    await browser.expect.element($('widget-chart-temporary-c1')).to.be.visible;
    await browser.refresh();
    await browser.waitForElementVisible(`${chart} .u-over`);
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('false');
    await browser.expect.element($('widget-chart-temporary-c1')).to.not.be.present;

    await browser.click($('dashboard-edit'));
    await browser.waitForElementVisible(`${chart} .u-over`);
    await drag(browser, 0.5, 0.9);
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('true');
    await browser.expect.element($('widget-chart-kept-c1')).to.be.visible;
    const zoomedEnd = Number(await browser.getAttribute(chart, 'data-end'));
    await browser.click($('dashboard-save'));
    await browser.waitForElementVisible($('dashboard-edit'));
    const stored = await api('GET', `api/v1/dashboards/${dashboardId}`);
    const options = stored.widgets.find((w) => w.id === 'c1').options;
    browser.assert.equal(options.to, zoomedEnd, 'the zoomed range is stored with the widget');
    browser.assert.ok(options.to - options.from > 30_000, 'from before to');
    browser.assert.equal(options.rangeMinutes, 360, 'its own span stays');
    await browser.expect.element($('widget-chart-temporary-c1')).to.not.be.present;

    await browser.refresh();
    await browser.waitForElementVisible(`${chart} .u-over`);
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('true');
    await browser.expect.element(chart).to.have.attribute('data-end').equals(String(options.to));
    await browser.expect.element($('widget-chart-temporary-c1')).to.not.be.present;
    // following now from there is this view's only again
    await browser.click($('widget-chart-live-c1'));
    await browser.expect.element(chart).to.have.attribute('data-zoomed').equals('false');
    await browser.expect.element($('widget-chart-temporary-c1')).to.be.visible;
  });

  it('on sensors added minutes ago a 15-minute chart starts where they begin, not as a sliver at its edge', async function (browser) {
    const young = 'e2e0000c4a13';
    const sensor = `${young}-0-oven`;
    const key = await registerGateway(young, 'New oven', [
      { id: sensor, name: 'Oven temperature', type: 'temperature' },
    ]);
    const g = await connectGateway(young, key);
    let made;
    try {
      const now = Date.now();
      await g.publishAsync(`v/a/g/${young}`, JSON.stringify({ [sensor]: [now - 30_000, 180, now, 181] }), {
        qos: 1,
      });
      made = await api('POST', 'api/v1/dashboards', {
        name: 'New oven',
        widgets: [
          {
            id: 'n1',
            kind: 'chart',
            x: 0,
            y: 0,
            w: 12,
            h: 4,
            sensors: [{ gatewayId: young, sensorId: sensor }],
            options: { rangeMinutes: 15 },
          },
        ],
      });
      await browser.execute(() => performance.clearResourceTimings());
      await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/dashboards/${made.id}`);
      const box = $('widget-chart-n1');
      await browser.waitForElementVisible(`${box} .u-over`);
      const start = Number(await browser.getAttribute(box, 'data-shown-start'));
      const age = Date.now() - start;
      // registered a moment ago: the chart's shortest span (1 min), not its 15
      browser.assert.ok(age > 50_000 && age < 2 * MIN, `the chart starts ${Math.round(age / 1000)} s ago`);
      // its alarms are asked over its whole range, once: not over the shown minute, and again when the
      // values move the shown start
      const alarmsAsked = () =>
        browser.execute(() =>
          performance
            .getEntriesByType('resource')
            .map((e) => new URL(e.name))
            .filter((u) => u.pathname === '/api/v1/alarms' && u.searchParams.has('from'))
            .map((u) => Number(u.searchParams.get('from'))),
        );
      await browser.waitUntil(async () => (await alarmsAsked()).length > 0, 5000);
      const alarmsFrom = await alarmsAsked();
      browser.assert.ok(
        alarmsFrom.length > 0 && alarmsFrom.every((from) => from <= Date.now() - 15 * MIN),
        `alarms asked from ${alarmsFrom.map((from) => Math.round((Date.now() - from) / 1000)).join(', ')} s ago`,
      );
    } finally {
      await g.endAsync(true);
      if (made) await api('DELETE', `api/v1/dashboards/${made.id}`);
      await api('DELETE', `api/v1/gateways/${young}`);
    }
  });
});
