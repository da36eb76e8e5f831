// End to end in a real browser whose zone differs from the site PC's (Chromium's zone forced through the
// DevTools protocol): the console first shows times in the browser's zone; the zone switch in the top
// bar moves every time to the site's zone: a rendered time and the zone named beside the range pickers
// change with it. Times come from Intl in the user's locale: "12/01/2026, 5:50:07 AM" in English,
// "2026. 12. 01. 오전 5:50:07" in Korean.
import { $, api, registerGateway, connectGateway } from './lib/site.js';

const GATEWAY = 'e2e00007a0e1';
const SENSOR = `${GATEWAY}-0-boiler`;
// Intl writes a narrow no-break space before AM/PM in some versions
const plain = (s) => s.replace(/[\u202f\u00a0]/g, ' ').trim();

/** A time as the console writes it in English (en-US: the browser's language) in `zone`. */
const english = (ms, zone) =>
  plain(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
    }).format(ms),
  );

/** The wall-clock fields of `ms` in `zone` (24-hour), to check the Korean form independently. */
function wall(ms, zone) {
  const p = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  return Object.fromEntries(p.map((x) => [x.type, x.value]));
}

/** "YYYY-MM-DDTHH:mm" of `ms` on `zone`'s wall clock (a picker's value). */
function isoWall(ms, zone) {
  const w = wall(ms, zone);
  return `${w.year}-${w.month}-${w.day}T${w.hour.padStart(2, '0')}:${w.minute}`;
}

/** "2026. 12. 01. 오후 3:50:07": Korean date order and 오전/오후 with a 12-hour clock. */
function korean(ms, zone) {
  const w = wall(ms, zone);
  const h = Number(w.hour);
  return `${w.year}. ${w.month}. ${w.day}. ${h < 12 ? '오전' : '오후'} ${h % 12 || 12}:${w.minute}:${w.second}`;
}

const city = (zone) => zone.split('/').pop().replace(/_/g, ' ');

describe('time zone: switching between the browser’s zone and the site’s', function () {
  let gateway;
  let siteZone;
  let browserZone;
  // a whole second, five minutes ago: the sensor's latest value
  const at = Math.floor((Date.now() - 5 * 60_000) / 1000) * 1000;

  before(async function () {
    siteZone = (await api('GET', 'api/v1/overview')).site.timeZone;
    browserZone = siteZone === 'Asia/Seoul' ? 'America/New_York' : 'Asia/Seoul';
    const apiKey = await registerGateway(GATEWAY, 'Boiler room', [
      { id: SENSOR, name: 'Boiler temperature', type: 'temperature' },
    ]);
    gateway = await connectGateway(GATEWAY, apiKey);
    await gateway.publishAsync(`v/a/g/${GATEWAY}`, JSON.stringify({ [SENSOR]: [at, 81.5] }), { qos: 1 });
  });

  after(async function () {
    if (gateway) await gateway.endAsync(true);
  });

  it('shows the browser’s zone first, then the site’s after the switch (English)', async function (browser) {
    await browser.chrome.sendDevToolsCommand('Emulation.setTimezoneOverride', { timezoneId: browserZone });
    await browser.execute(() => {
      localStorage.setItem('edgeSite.zone', 'browser');

      localStorage.setItem('edgeSite.lang', 'en');
    });
    await browser.navigateTo(
      `${process.env.EDGE_SITE_URL}#/gateways/${GATEWAY}/sensors/${encodeURIComponent(SENSOR)}`,
    );
    const zoneNow = await browser.execute(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    browser.assert.equal(zoneNow, browserZone, 'the browser runs in its forced zone');
    browser.assert.notEqual(siteZone, browserZone, 'the site’s zone differs from the browser’s');

    await browser.waitForElementVisible($('sensor-time'));
    await browser.expect.element($('sensor-time')).to.have.attribute('data-time').equals(String(at));
    const before = plain(await browser.getText($('sensor-time')));
    browser.assert.equal(before, english(at, browserZone), `in the browser’s zone (${browserZone})`);
    await browser.expect.element($('zone-toggle')).to.have.attribute('data-zone').equals(browserZone);
    await browser.expect.element($('zone-label')).to.have.attribute('data-zone').equals(browserZone);
    await browser.expect.element($('zone-label')).text.to.contain(city(browserZone));

    const pickedBefore = await browser.getAttribute($('range-from'), 'data-value');

    await browser.expect.element($('zone-toggle')).to.be.enabled.before(10000);
    await browser.click($('zone-toggle'));
    await browser.expect.element($('zone-toggle')).to.have.attribute('data-zone').equals(siteZone);
    await browser.expect.element($('zone-label')).to.have.attribute('data-zone').equals(siteZone);
    await browser.expect.element($('zone-label')).text.to.contain(city(siteZone));
    await browser.expect.element($('sensor-time')).to.have.attribute('data-time').equals(String(at));
    const after = plain(await browser.getText($('sensor-time')));
    browser.assert.equal(after, english(at, siteZone), `in the site’s zone (${siteZone})`);
    browser.assert.notEqual(after, before, 'the same instant reads differently');
    // the picker writes the site's wall clock now: an hour ago, shifted by the zones' difference
    const pickedAfter = await browser.getAttribute($('range-from'), 'data-value');
    const asUtc = (v) => Date.parse(`${v}:00Z`);
    const shift = asUtc(pickedBefore) - asUtc(pickedAfter);
    const offset = (zone) => asUtc(isoWall(at, zone));
    const expected = offset(browserZone) - offset(siteZone);
    browser.assert.ok(
      Math.abs(shift - expected) <= 2 * 60_000,
      `the range picker moved by the zones' difference (${shift / 60_000} min, expected ${expected / 60_000})`,
    );
  });

  it('in Korean, with 오전/오후 from Intl, in the chosen zone; switching back returns', async function (browser) {
    await browser.chrome.sendDevToolsCommand('Emulation.setTimezoneOverride', { timezoneId: browserZone });
    await browser.execute(() => {
      localStorage.setItem('edgeSite.zone', 'site');

      localStorage.setItem('edgeSite.lang', 'ko');
    });
    await browser.navigateTo(
      `${process.env.EDGE_SITE_URL}#/gateways/${GATEWAY}/sensors/${encodeURIComponent(SENSOR)}`,
    );
    await browser.expect.element($('zone-toggle')).to.have.attribute('data-zone').equals(siteZone);
    await browser.waitForElementVisible($('sensor-time'));
    const site = plain(await browser.getText($('sensor-time')));
    browser.assert.equal(site, korean(at, siteZone), 'Korean, in the site’s zone');
    // the range picker names its hours the same way
    const hours = await browser.execute(() =>
      // eslint-disable-next-line no-undef
      [...document.querySelectorAll('[data-testid="range-from-hour"] option')].map((o) => o.textContent),
    );
    browser.assert.deepStrictEqual(hours.slice(0, 1).concat(hours.slice(13, 14)), ['오전 12시', '오후 1시']);
    // and its day in Korean, year first, in a browser whose language is English (no native date field)
    const day = await browser.execute(() =>
      // eslint-disable-next-line no-undef
      [...document.querySelectorAll('[data-testid="range-from"] select')].map((s) => ({
        field: s.dataset.testid,
        shown: s.options[s.selectedIndex].textContent,
      })),
    );
    browser.assert.deepStrictEqual(
      day.slice(0, 3).map((d) => d.field),
      ['range-from-year', 'range-from-month', 'range-from-day'],
    );
    browser.assert.ok(
      /^\d{4}년$/.test(day[0].shown) && /^\d{1,2}월$/.test(day[1].shown) && /^\d{1,2}일$/.test(day[2].shown),
      `the day reads in Korean: ${day.map((d) => d.shown).join(' ')}`,
    );
    const nativeDate = await browser.execute(
      // eslint-disable-next-line no-undef
      () => document.querySelectorAll('[data-testid="range-from"] input[type="date"]').length,
    );
    browser.assert.equal(nativeDate, 0, 'no native date field (it follows the browser’s language)');

    await browser.click($('zone-toggle'));
    await browser.expect.element($('zone-toggle')).to.have.attribute('data-zone').equals(browserZone);
    const local = plain(await browser.getText($('sensor-time')));
    browser.assert.equal(local, korean(at, browserZone), 'Korean, in the browser’s zone');
  });
});
