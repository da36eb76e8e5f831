// The gateway page belongs to one gateway: open A, then B, click Edit, press Back — A's page must show A's
// data and no form filled with B's settings (saving it used to rename A to B's name). Following a link to
// an unknown gateway shows the error alone, not the previous gateway's data under it.
const A = 'e2e00000eda1';
const B = 'e2e00000edb2';
const UNKNOWN = 'e2e00000dead';
const $ = (id) => `[data-testid="${id}"]`;

async function api(method, path, body) {
  const res = await fetch(new URL(`api/v1/${path}`, process.env.EDGE_SITE_URL), {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const page = (id) => `${process.env.EDGE_SITE_URL}gateways/${id}`;

describe('the gateway page never shows or saves one gateway under another', function () {
  before(async function () {
    const models = await api('GET', 'gatewayModels');
    const modelId = String(models[0].id);
    await api('POST', 'registerGatewayKey', { id: A, modelId, name: 'Boiler room A' });
    await api('POST', 'registerGatewayKey', { id: B, modelId, name: 'Packing line B' });
  });

  it('A, then B, Edit, Back: A shows A, and Edit on A edits A', async function (browser) {
    await browser.navigateTo(page(A));
    await browser.expect.element($('gateway-title')).text.to.equal('Boiler room A').before(10000);
    // B opened inside the console, as its links do (a history entry, the same document): Back is then the
    // console's own navigation, where one page's state could outlive its gateway. Loading B's address
    // anew would make Back a change of document, which tests nothing of the console and, restored from
    // the browser's back/forward cache, drops and reopens the live connection under the next click.
    await browser.execute(
      (path) => {
        /* eslint-disable no-undef -- in the page */
        window.history.pushState(null, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
        /* eslint-enable no-undef */
      },
      [new URL(page(B)).pathname],
    );
    await browser.expect.element($('gateway-title')).text.to.equal('Packing line B').before(10000);
    await browser.click($('gateway-edit'));
    await browser.waitForElementVisible($('gateway-edit-name'));
    browser.assert.valueEquals($('gateway-edit-name'), 'Packing line B');

    await browser.back();
    await browser.expect.element($('gateway-title')).text.to.equal('Boiler room A').before(10000);
    // no form carried over from B
    await browser.expect.element($('gateway-edit-name')).to.not.be.present.before(2000);
    await browser.click($('gateway-edit'));
    await browser.waitForElementVisible($('gateway-edit-name'));
    browser.assert.valueEquals($('gateway-edit-name'), 'Boiler room A');
    await browser.click('form button[type="submit"]');
    await browser.expect.element($('gateway-edit-name')).to.not.be.present.before(10000);
    const a = await api('GET', `gateways/${A}`);
    const b = await api('GET', `gateways/${B}`);
    browser.assert.equal(a.name, 'Boiler room A', 'A kept its name after Save');
    browser.assert.equal(b.name, 'Packing line B', 'B kept its name');
  });

  it('a link to an unknown gateway shows the error without the previous gateway', async function (browser) {
    await browser.navigateTo(page(B));
    await browser.waitForElementVisible($('gateway-details'));
    await browser.click($('gateway-edit'));
    await browser.waitForElementVisible($('gateway-edit-name'));
    await browser.navigateTo(page(UNKNOWN));
    await browser.waitForElementVisible('[role="alert"]');
    await browser.expect.element($('gateway-details')).to.not.be.present;
    await browser.expect.element($('gateway-edit-name')).to.not.be.present;
    await browser.expect.element('.content').text.to.not.contain('Packing line B');
  });
});
