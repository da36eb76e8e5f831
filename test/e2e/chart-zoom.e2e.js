// End to end in a real browser: a sensor with 30 days of history (published by a real MQTT gateway, as a
// gateway sends what it kept while offline) is charted over 30 days, then zoomed by dragging across the
// chart down to about a minute. At every step the page must ask for the resolution that fits the chart
// (about one point per pixel): hourly buckets for 30 days, raw values for a minute. Checked twice: by the
// series requests the browser made (Resource Timing) and by the chart's data attributes.
import { $, api, registerGateway, connectGateway } from './lib/site.js';

const GATEWAY = 'e2e00000c4a7';
const SENSOR = `${GATEWAY}-0-oven`;
const MIN = 60_000;
const DAY = 1440 * MIN;
const LADDER = [
  ['1m', MIN],
  ['5m', 5 * MIN],
  ['15m', 15 * MIN],
  ['1h', 60 * MIN],
  ['6h', 360 * MIN],
  ['1d', DAY],
];

/** The interval that gives about one point per pixel over `spanMs` on `px` pixels. */
function fitting(spanMs, px) {
  const perPixel = spanMs / px;
  if (perPixel < MIN) return '0';
  return (LADDER.find(([, ms]) => ms >= perPixel) ?? LADDER[LADDER.length - 1])[0];
}

async function chartRequest(browser) {
  const el = await browser.findElement($('chart-request'));
  const attr = async (name) => browser.getElementAttribute(el, name);
  return {
    interval: await attr('data-interval'),
    start: Number(await attr('data-start')),
    end: Number(await attr('data-end')),
    width: Number(await attr('data-width')),
  };
}

/** The series URLs the page has requested so far (the browser's own record of its fetches). */
async function seriesUrls(browser) {
  return browser.execute(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.includes('/series?')),
  );
}

/** Drags across the chart's plot from `fromPx` to `toPx` (from the plot's right edge), as a mouse does. */
async function drag(browser, fromRight, toRight) {
  const rect = await browser.execute(() => {
    // eslint-disable-next-line no-undef
    const r = document.querySelector('[data-testid="sensor-chart"] .u-over').getBoundingClientRect();
    return { right: r.right, top: r.top, height: r.height };
  });
  const y = Math.round(rect.top + rect.height / 2);
  await browser.perform(function () {
    return this.actions({ async: true })
      .move({ x: Math.round(rect.right - fromRight), y })
      .press()
      .move({ x: Math.round(rect.right - (fromRight + toRight) / 2), y, duration: 100 })
      .move({ x: Math.round(rect.right - toRight), y, duration: 100 })
      .release();
  });
}

describe('sensor chart: zoom from 30 days to a minute asks the resolution that fits', function () {
  let gateway;

  before(async function () {
    const apiKey = await registerGateway(GATEWAY, 'Oven line', [
      { id: SENSOR, name: 'Oven temperature', type: 'temperature' },
    ]);
    gateway = await connectGateway(GATEWAY, apiKey);
    // a rule on the sensor: its threshold is drawn on the chart
    await api('POST', 'api/v1/rules', {
      name: 'Oven too hot',
      severity: 'fatal',
      gatewayId: GATEWAY,
      sensorId: SENSOR,
      method: 'over',
      threshold: 75,
    });
    // 30 days every 10 minutes, then the last 20 minutes every 5 s
    const now = Date.now();
    const values = [];
    for (let t = now - 30 * DAY; t < now - 20 * MIN; t += 10 * MIN)
      values.push(t, 60 + 10 * Math.sin(t / 3_600_000));
    for (let t = now - 20 * MIN; t < now; t += 5000) values.push(t, 66 + (t % 7));
    await gateway.publishAsync(`v/a/g/${GATEWAY}`, JSON.stringify({ [SENSOR]: values }), { qos: 1 });
  });

  after(async function () {
    await gateway?.endAsync();
  });

  it('30 days → hourly-ish buckets, then each drag narrows the range and refines the resolution', async function (browser) {
    await browser.navigateTo(
      `${process.env.EDGE_SITE_URL}#/gateways/${GATEWAY}/sensors/${encodeURIComponent(SENSOR)}`,
    );
    await browser.waitForElementVisible($('range-30d'));
    await browser.click($('range-30d'));
    await browser.expect.element($('chart-request')).to.have.attribute('data-interval').not.equals('0');
    await browser.waitForElementVisible(`${$('sensor-chart')} .u-over`);

    const first = await chartRequest(browser);
    browser.assert.ok(Math.abs(first.end - first.start - 30 * DAY) < 2 * 3_600_000, '30 days asked');
    browser.assert.equal(
      first.interval,
      fitting(first.end - first.start, first.width),
      'one point per pixel',
    );
    browser.assert.ok(['1h', '6h'].includes(first.interval), `30 days in hourly buckets (${first.interval})`);
    await browser.expect.element($('sensor-chart')).to.have.attribute('data-band').equals('minmax');
    await browser.expect.element($('sensor-chart')).to.have.attribute('data-thresholds').equals('1');
    const urls30 = await seriesUrls(browser);
    // the averages and their min/max band in one request, not three
    const bucketUrls = urls30.filter((u) => u.includes(`interval=${first.interval}`));
    browser.assert.ok(
      bucketUrls.some((u) => u.includes('band=true')) &&
        !bucketUrls.some((u) => /intervalFunc=m(in|ax)/.test(u)),
      `the page requested ${first.interval} buckets with their band in one request (${bucketUrls.length} asked)`,
    );

    let last = first;
    for (const [a, b] of [
      [6, 40],
      [6, 40],
      [6, 30],
    ]) {
      await drag(browser, b, a);
      await browser.waitUntil(
        async () =>
          (await chartRequest(browser)).end - (await chartRequest(browser)).start <
          (last.end - last.start) / 5,
        5000,
      );
      const now = await chartRequest(browser);
      browser.assert.equal(
        now.interval,
        fitting(now.end - now.start, now.width),
        `span ${Math.round((now.end - now.start) / 1000)} s → ${now.interval}`,
      );
      last = now;
    }
    const span = last.end - last.start;
    browser.assert.ok(span >= 30_000 && span <= 3 * MIN, `zoomed to about a minute (${span / 1000} s)`);
    browser.assert.equal(last.interval, '0', 'a minute is drawn from raw values');
    await browser.waitUntil(async () => {
      const urls = await seriesUrls(browser);
      return urls.some(
        (u) =>
          u.includes('interval=0') &&
          u.includes(`dataStart=${encodeURIComponent(new Date(last.start).toISOString())}`),
      );
    }, 5000);
    // the table and the export follow the chart's range
    const from = await browser.getAttribute('[data-testid="range-from"]', 'data-value');
    browser.assert.ok(from.length > 0, 'range picker shows the zoomed range');
  });

  it('while another range loads, the chart keeps what it shows, then shows the new range with its band', async function (browser) {
    await browser.navigateTo(
      `${process.env.EDGE_SITE_URL}#/gateways/${GATEWAY}/sensors/${encodeURIComponent(SENSOR)}`,
    );
    const chart = $('sensor-chart');
    await browser.waitForElementVisible(`${chart} .u-over`);
    const xMin = async () => Number(await browser.getAttribute(chart, 'data-x-min'));
    const hourAgo = await xMin();
    browser.assert.ok(Math.abs(Date.now() - hourAgo - 60 * MIN) < 5 * MIN, 'the last hour first');
    // the page's bucket requests answered 1.5 s late, as from a busy site
    await browser.execute(() => {
      /* eslint-disable no-undef -- in the page */
      const fetchNow = window.fetch;
      window.fetch = (input, init) =>
        String(input).includes('band=true')
          ? new Promise((r) => setTimeout(r, 1500)).then(() => fetchNow(input, init))
          : fetchNow(input, init);
      /* eslint-enable no-undef */
    });
    // every range and first value the chart shows from now on, as each commit leaves them
    await browser.execute(
      (css) => {
        /* eslint-disable no-undef -- in the page */
        const el = document.querySelector(css);
        window.__shown = [];
        const note = () => window.__shown.push([Number(el.dataset.xMin), Number(el.dataset.xFirst)]);
        new MutationObserver(note).observe(el, { attributes: true });
        /* eslint-enable no-undef */
      },
      [chart],
    );
    await browser.click($('range-30d'));
    await browser.expect.element($('chart-request')).to.have.attribute('data-interval').not.equals('0');
    browser.assert.equal(await xMin(), hourAgo, 'while 30 days load, the chart still shows its hour');
    await browser.waitUntil(async () => Date.now() - (await xMin()) > 29 * DAY, 5000);
    await browser.expect.element(chart).to.have.attribute('data-band').equals('minmax');
    // drawn once with the 30 days: never the hour's values on the 30 days' axis (they were, for one draw,
    // when the values were parsed in an effect after the answer's render)
    const shown = await browser.execute(() => window.__shown); // eslint-disable-line no-undef
    const month = shown.filter(([min]) => Date.now() - min > 29 * DAY);
    browser.assert.ok(month.length > 0, 'the 30 days were shown');
    browser.assert.deepEqual(
      month.filter(([, first]) => !(Date.now() - first > 2 * DAY)),
      [],
      'every 30-day draw starts with the values of 30 days ago',
    );
  });
});
