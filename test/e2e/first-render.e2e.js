// The overview opened at its address (a new tab, a bookmark, the wall screen after a restart) draws the
// plant in the console's first render, and the gateway list its rows: boot.ts asked for /overview before the console's script was
// evaluated, main.tsx waits for the page's chunk, and the page starts from the answer already read
// (hooks/useApi `initial`). Told from inside the page: a script the DevTools protocol puts into every new
// document notes whether a loading state ever showed in <main> before the plant's cards did.
import { $, registerGateway } from './lib/site.js';

const GATEWAY = 'e2e0000f1857';

const WATCH = `(() => {
  const seen = (window.__firstRender = { loading: 0, cards: null, list: null, overviewGets: 0, listGets: 0 });
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('/api/v1/overview')) seen.overviewGets++;
    if (url.endsWith('/api/v1/gateways')) seen.listGets++;
    return fetch0.call(this, input, init);
  };
  const look = () => {
    const main = document.querySelector('main');
    if (!main || seen.cards !== null || seen.list !== null) return;
    if (main.querySelector('.state-loading')) seen.loading++;
    if (main.querySelector('.floor-grid')) seen.cards = { at: performance.now(), loading: seen.loading };
    if (main.querySelector('[data-testid="gateway-list"]')) seen.list = { at: performance.now(), loading: seen.loading };
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true });
})();`;

describe('a page at its address: drawn in the first render, no loading state', function () {
  before(async function () {
    await registerGateway(GATEWAY, 'Kiln hall', [
      { id: `${GATEWAY}-0-kiln`, name: 'Kiln', type: 'temperature' },
    ]);
  });

  it('shows the plant without a loading state in between, from one request', async function (browser) {
    // a first visit: the console notes the user signed in (boot.ts only asks early for a known user)
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}gateways`);
    await browser.waitForElementVisible($('gateways-find'));
    // (for this suite's browser session only: Nightwatch starts one per file)
    await browser.chrome.sendDevToolsCommand('Page.addScriptToEvaluateOnNewDocument', { source: WATCH });
    // Korean first: the browser's profile (and its language choice) is shared with the suites after this one
    for (const lang of ['ko', 'en']) {
      await browser.execute((l) => localStorage.setItem('edgeSite.lang', l), [lang]);
      await browser.navigateTo(`${process.env.EDGE_SITE_URL}overview`);
      await browser.waitForElementVisible('.floor-grid');
      const seen = await browser.execute(() => window.__firstRender); // eslint-disable-line no-undef
      browser.assert.ok(seen.cards, `${lang}: the plant's cards were noted`);
      browser.assert.equal(seen.cards.loading, 0, `${lang}: no loading state in <main> before the cards`);
      browser.assert.equal(
        seen.overviewGets,
        1,
        `${lang}: /overview asked once (by boot.ts), not again by the page`,
      );
      await browser.expect.element('.floor-grid').text.to.contain(lang === 'en' ? 'Gateways' : '게이트웨이');
    }
  });

  it('the gateway list opened at its address shows its rows at once, from one request', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}gateways`);
    await browser.waitForElementVisible($('gateway-list'));
    const seen = await browser.execute(() => window.__firstRender); // eslint-disable-line no-undef
    browser.assert.ok(seen.list, "the list's table was noted");
    browser.assert.equal(seen.list.loading, 0, 'no loading state in <main> before the list');
    browser.assert.equal(seen.listGets, 1, '/gateways asked once (by boot.ts), not again by the page');
    await browser.expect.element($('gateway-list')).text.to.contain('Kiln hall');
  });
});
