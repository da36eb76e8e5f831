// A site of many gateways: the gateway list draws only the rows in view (it is windowed), yet every gateway
// stays reachable by search, by scrolling and by keyboard. The gateways are removed afterwards so the tests
// that follow see the site as before.
/* global document -- the functions given to browser.execute run in the page */
import { $, api } from './lib/site.js';

const COUNT = 130;
const id = (i) => `e2e00001${i.toString(16).padStart(4, '0')}`;
const name = (i) => `Zz list ${String(i).padStart(3, '0')}`;
const drawn = () => document.querySelectorAll('[data-testid^="gateway-row-"]').length;

describe('the gateway list of a large site', function () {
  before(async function () {
    const models = await api('GET', 'api/v1/gatewayModels');
    for (let i = 0; i < COUNT; i++)
      await api('POST', 'api/v1/registerGatewayKey', {
        id: id(i),
        modelId: String(models[0].id),
        name: name(i),
      });
  });
  after(async function () {
    for (let i = 0; i < COUNT; i++) await api('DELETE', `api/v1/gateways/${id(i)}`);
  });

  it('draws only the rows in view, and the last one once scrolled to the end', async function (browser) {
    await browser.setWindowSize(1440, 900);
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}gateways`);
    await browser.waitForElementVisible('[data-testid^="gateway-row-"]', 10000);
    const total = Number(await browser.getAttribute($('gateway-list'), 'data-count'));
    browser.assert.ok(total >= COUNT, `the list holds every gateway (${total})`);
    const first = await browser.execute(drawn);
    browser.assert.ok(first > 5 && first < total, `${first} of ${total} rows drawn`);

    await browser.execute(() => {
      const box = document.querySelector('[data-testid="gateway-list"]');
      box.scrollTop = box.scrollHeight;
    });
    await browser.pause(300);
    const end = await browser.execute(() => {
      const rows = document.querySelectorAll('[data-testid^="gateway-row-"]');
      const table = document.querySelector('[data-testid="gateway-list"] table');
      return [rows[rows.length - 1]?.getAttribute('aria-rowindex'), table.getAttribute('aria-rowcount')];
    });
    browser.assert.equal(end[0], end[1], 'the last gateway is drawn at the end of the list');
    browser.assert.ok((await browser.execute(drawn)) < total, 'still not every row drawn');
  });

  it('finds a gateway far down the list by search', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}gateways`);
    await browser.waitForElementVisible($('gateway-search'), 10000);
    await browser.setValue($('gateway-search'), name(COUNT - 1));
    await browser.waitForElementVisible($(`gateway-row-${id(COUNT - 1)}`));
    browser.assert.equal(await browser.execute(drawn), 1, 'one row matches');
  });

  it('walks the rows with the arrow keys and opens one with Enter', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}gateways`);
    await browser.waitForElementVisible('[data-testid^="gateway-row-"]', 10000);
    const focusedRow = () => document.activeElement?.getAttribute('aria-rowindex');
    await browser.execute(() => document.querySelector('[data-testid^="gateway-row-"]').focus());
    browser.assert.equal(await browser.execute(focusedRow), '2', 'the first row has the focus');
    for (let i = 0; i < 40; i++) await browser.sendKeys(':focus', browser.Keys.ARROW_DOWN);
    browser.assert.equal(await browser.execute(focusedRow), '42', 'forty rows down, past the first window');
    const target = await browser.execute(() =>
      document.activeElement.dataset.testid.slice('gateway-row-'.length),
    );
    await browser.sendKeys(':focus', browser.Keys.ENTER);
    await browser.waitForElementVisible($('gateway-title'), 10000);
    browser.assert.urlContains(`/gateways/${target}`);
  });
});
