// End to end in a real browser: every main page rendered in Korean must not show an English UI string
// from the catalogue (the English values that differ from their Korean ones; user data, ids and units
// are not in the catalogue). The same pages, the sensor chart and a dashboard among them, must not
// scroll sideways at a phone's 390 px.
import { spawnSync } from 'node:child_process';
import { api, registerGateway, connectGateway } from './lib/site.js';

const GATEWAY = 'e2e00000b0ae';
const SENSOR = `${GATEWAY}-0-kiln`;

/** Both catalogues as the console bundles them (read through tsx from src/renderer/i18n). */
function catalogues() {
  const out = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "Promise.all([import('./src/renderer/i18n/en.ts'), import('./src/renderer/i18n/ko.ts')]).then(([e, k]) => process.stdout.write(JSON.stringify({ en: e.en, ko: k.ko })))",
    ],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

/** English leaf strings whose Korean differs, with {{variables}} cut out: the fixed parts long enough to mean something. */
export function englishOnly(en, ko) {
  const pairs = [];
  const walk = (e, k) => {
    for (const [key, v] of Object.entries(e)) {
      if (typeof v === 'string') pairs.push([v, typeof k?.[key] === 'string' ? k[key] : null]);
      else if (v && typeof v === 'object') walk(v, k?.[key]);
    }
  };
  walk(en, ko);
  const allKorean = pairs.map(([, k]) => k ?? '').join('\n');
  const out = new Set();
  for (const [e, k] of pairs) {
    if (k === null || e === k) continue;
    for (const part of e.split(/\{\{[^}]+\}\}|<[^>]+>/)) {
      const p = part.trim().replace(/^[\s:·,.()–—-]+|[\s:·,.()–—-]+$/g, '');
      // short words ("min", "on", "OK") also appear in data and in Korean sentences (APIKEY, MQTT)
      if (p.length < 6 || !/[a-z]{3}/.test(p) || allKorean.includes(p)) continue;
      out.add(p);
    }
  }
  return [...out];
}

/** Where `phrase` stands as words of its own in `text` (not inside a longer word), or -1. */
function wordAt(text, phrase) {
  const re = new RegExp(`(^|[^A-Za-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`);
  const m = re.exec(text);
  return m ? m.index + m[1].length : -1;
}

const PAGES = [
  '/overview',
  '/dashboards',
  '/gateways',
  `/gateways/${GATEWAY}`,
  `/gateways/${GATEWAY}/sensors/${encodeURIComponent(SENSOR)}`,
  '/alarms',
  '/alarms?view=history',
  '/timeline',
  '/rules',
  '/register',
  '/cluster',
  '/access',
  '/internals',
  '/welcome',
];

describe('Korean pages hold no English UI strings and fit 390 px', function () {
  let phrases;
  /** product names of the gateway model catalogue: names, like user data, not UI strings */
  let productNames;

  before(async function () {
    const { en, ko } = catalogues();
    phrases = englishOnly(en, ko);
    const models = await api('GET', 'api/v1/gatewayModels');
    productNames = models
      .flatMap((m) => [m.displayName, m.model, m.name])
      .filter((n) => typeof n === 'string' && n.length > 0)
      .sort((a, b) => b.length - a.length);
    const apiKey = await registerGateway(GATEWAY, '가마 라인', [
      { id: SENSOR, name: '가마 온도', type: 'temperature' },
    ]);
    const gateway = await connectGateway(GATEWAY, apiKey);
    const now = Date.now();
    const values = [];
    for (let t = now - 3_600_000; t < now; t += 60_000) values.push(t, 800 + (t % 13));
    await gateway.publishAsync(`v/a/g/${GATEWAY}`, JSON.stringify({ [SENSOR]: values }), { qos: 1 });
    await api('POST', 'api/v1/rules', {
      name: '가마 과열',
      severity: 'fatal',
      gatewayId: GATEWAY,
      sensorId: SENSOR,
      method: 'over',
      threshold: 805,
    });
    await gateway.publishAsync(`v/a/g/${GATEWAY}`, JSON.stringify({ [SENSOR]: [Date.now(), 900] }), {
      qos: 1,
    });
    await gateway.endAsync();
  });

  after(async function (browser) {
    await browser.execute(() => localStorage.setItem('edgeSite.lang', 'en'));
    await browser.setWindowSize(1280, 900);
  });

  it('the catalogue check itself finds English on an English page', async function (browser) {
    browser.assert.ok(phrases.length > 200, `${phrases.length} English phrases to look for`);
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}overview`);

    await browser.execute(() => localStorage.setItem('edgeSite.lang', 'en'));
    await browser.refresh();
    await browser.waitForElementVisible('.page');
    // eslint-disable-next-line no-undef
    const text = await browser.execute(() => document.body.innerText);
    browser.assert.ok(
      phrases.filter((p) => wordAt(text, p) >= 0).length >= 3,
      'the English overview shows catalogue phrases (so their absence in Korean means something)',
    );
  });

  for (const width of [1280, 390])
    it(`in Korean at ${width} px every page is Korean${width === 390 ? ' and none scrolls sideways' : ''}`, async function (browser) {
      await browser.setWindowSize(width, 900);

      await browser.execute(() => localStorage.setItem('edgeSite.lang', 'ko'));
      const problems = [];
      for (const page of PAGES) {
        await browser.navigateTo(`${process.env.EDGE_SITE_URL}${page.slice(1)}`);
        await browser.refresh();
        await browser.waitForElementVisible('.page');
        await browser.pause(700);
        // what a gateway is handed verbatim (its config file, keys: <pre>/<code>) is data, not UI text
        const shown = await browser.execute(() => {
          /* eslint-disable no-undef */
          const verbatim = [...document.querySelectorAll('pre, code')];
          for (const n of verbatim) n.style.display = 'none';
          const text = document.body.innerText;
          for (const n of verbatim) n.style.display = '';
          return text;
          /* eslint-enable no-undef */
        });
        const text = productNames.reduce((t, n) => t.split(n).join('·'), shown);
        for (const p of phrases) {
          const at = wordAt(text, p);
          if (at >= 0)
            problems.push(
              `${page}: "${p}" in ${JSON.stringify(text.slice(Math.max(0, at - 40), at + p.length + 40))}`,
            );
        }
        if (width === 390) {
          const overflow = await browser.execute(
            // eslint-disable-next-line no-undef
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          if (overflow > 0) problems.push(`${page}: ${overflow} px wider than the screen`);
        }
      }
      browser.assert.deepEqual(
        problems,
        [],
        'no English UI strings' + (width === 390 ? ', no sideways scrolling' : ''),
      );
    });
});
