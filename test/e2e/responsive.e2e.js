// At a phone's 390 px no page scrolls sideways and the navigation collapses behind a menu button; at a
// tablet's 768 px the gateway list keeps its Status column on screen.
const GATEWAY = 'e2e00000a390';
const $ = (id) => `[data-testid="${id}"]`;
const ROUTES = [
  '/overview',
  '/gateways',
  `/gateways/${GATEWAY}`,
  '/alarms',
  '/alarms?view=history',
  '/alarms?view=stats',
  '/timeline',
  '/rules',
  '/register',
  '/cluster',
  '/access',
  '/internals',
  '/welcome',
];

async function api(method, path, body) {
  const res = await fetch(new URL(`api/v1/${path}`, process.env.EDGE_SITE_URL), {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const sideways = () =>
  // eslint-disable-next-line no-undef
  document.documentElement.scrollWidth - document.documentElement.clientWidth;

describe('the console fits a phone and a tablet', function () {
  before(async function () {
    const models = await api('GET', 'gatewayModels');
    await api('POST', 'registerGatewayKey', {
      id: GATEWAY,
      modelId: String(models[0].id),
      name: 'Compressor hall, east wing, line 4',
    });
  });

  after(async function (browser) {
    await browser.setWindowSize(1280, 900);
  });

  it('at 390 px no page scrolls sideways, in English and Korean', async function (browser) {
    await browser.setWindowSize(390, 844);
    for (const lang of ['en', 'ko']) {
      await browser.navigateTo(`${process.env.EDGE_SITE_URL}overview`);
      await browser.execute((l) => localStorage.setItem('edgeSite.lang', l), [lang]);
      for (const route of ROUTES) {
        await browser.navigateTo(`${process.env.EDGE_SITE_URL}${route.slice(1)}`);
        await browser.refresh();
        await browser.waitForElementVisible('.page');
        await browser.pause(300);
        const overflow = await browser.execute(sideways);
        browser.assert.ok(overflow <= 0, `${lang} ${route}: ${overflow} px wider than the screen`);
      }
    }
    await browser.execute(() => localStorage.setItem('edgeSite.lang', 'en'));
  });

  it('at 390 px the navigation opens from the menu button and closes after a choice', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}overview`);
    await browser.refresh();
    await browser.waitForElementVisible($('nav-toggle'));
    await browser.expect.element($('nav-gateways')).to.not.be.visible;
    await browser.click($('nav-toggle'));
    await browser.waitForElementVisible($('nav-gateways'));
    await browser.click($('nav-gateways'));
    await browser.waitForElementVisible($(`gateway-row-${GATEWAY}`));
    await browser.expect.element($('nav-gateways')).to.not.be.visible;
  });

  it('at 768 px the gateway list shows Status without sideways scrolling', async function (browser) {
    await browser.setWindowSize(768, 1024);
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}gateways`);
    await browser.waitForElementVisible($(`gateway-row-${GATEWAY}`));
    const fits = await browser.execute(
      (sel) => {
        /* eslint-disable no-undef */
        const row = document.querySelector(sel);
        const last = row.lastElementChild.getBoundingClientRect();
        const table = row.closest('.card-body');
        return last.right <= window.innerWidth && table.scrollWidth <= table.clientWidth;
        /* eslint-enable no-undef */
      },
      [$(`gateway-row-${GATEWAY}`)],
    );
    browser.assert.ok(fits, 'every column of the gateway row is on screen');
    await browser.expect.element($(`gateway-state-${GATEWAY}`)).to.be.visible;
  });
});
