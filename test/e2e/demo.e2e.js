// The demo from the first-run page: "Start demo" next to the registration guide starts the simulated
// factory (real Thing+ gateways over MQTT on loopback), its values arrive live in the console, the overview
// says a demo runs, and "Remove demo" there leaves the site as it was.
const $ = (id) => `[data-testid="${id}"]`;
const url = (path) => `${process.env.EDGE_SITE_URL}${path}`;
const SENSOR = 'demo-press-a-m1-temp';

describe('the demo from the first-run page', function () {
  after(async function () {
    // a failed test must not leave the demo running for the other e2e files
    await fetch(url('api/v1/demo'), { method: 'DELETE' }).catch(() => undefined);
  });

  it('the first-run page offers "Start demo" beside registering and finding gateways', async function (browser) {
    await browser.navigateTo(url('welcome'));
    await browser.waitForElementVisible($('onboarding'));
    await browser.expect.element($('onboarding-find')).to.be.visible;
    await browser.expect.element($('demo-controls')).text.to.contain('simulated factory');
    await browser.expect.element($('demo-start')).text.to.equal('Start demo');
  });

  it('starting it connects the simulated gateways, whose values change live', async function (browser) {
    await browser.click($('demo-start'));
    await browser.expect
      .element($('demo-state'))
      .to.have.attribute('data-state')
      .equals('running')
      .before(30000);
    await browser.expect.element($('demo-state')).text.to.contain('6 gateways, 41 sensors');
    await browser.click($('demo-open'));
    await browser.waitForElementVisible($('gateway-row-demo-press-a'), 10000);
    await browser.click($('gateway-row-demo-press-a'));
    const cell = $(`sensor-value-${SENSOR}`);
    await browser.waitForElementVisible(cell, 10000);
    await browser.expect.element(cell).text.to.match(/\d/).before(10000);
    const first = await browser.getText(cell);
    // live values every 2 s: the motor temperature shown changes without a reload
    await browser.expect.element(cell).text.not.to.equal(first).before(15000);
  });

  it('the overview says the demo runs, and "Remove demo" there removes it', async function (browser) {
    await browser.click($('nav-overview'));
    await browser.waitForElementVisible($('demo-notice'), 10000);
    await browser.expect.element($('demo-notice')).text.to.contain('Demo running');
    await browser.expect.element($('demo-notice')).text.to.contain('6 simulated gateways');
    await browser.click($('demo-notice-remove'));
    await browser.waitForElementVisible($('dialog'));
    await browser.click($('dialog-ok'));
    await browser.waitForElementNotPresent($('demo-notice'), 15000);
    const res = await fetch(url('api/v1/demo'));
    const status = await res.json();
    browser.assert.deepEqual([status.running, status.gateways], [false, 0], 'no demo left on the site');
  });
});
