// End to end in a real browser: the in-page dialog that replaced window.prompt / window.confirm. A sensor
// is renamed through it (Enter confirms), Esc cancels a delete, Tab stays inside the dialog, focus returns
// to the button that opened it, and it speaks Korean on a Korean page.
import { $, api, registerGateway } from './lib/site.js';

const GATEWAY = 'e2e0000d1a10';
const SENSOR = `${GATEWAY}-0-temp`;

/** The data-testid of the focused element (inside the dialog or not). */
const focused = (browser) =>
  browser.execute(() => {
    // eslint-disable-next-line no-undef
    const el = document.activeElement;
    return el?.getAttribute('data-testid') ?? el?.id ?? '';
  });

/** Keys pressed on whatever has the focus, as a keyboard does. */
async function pressKeys(browser, ...keys) {
  await browser.perform(function () {
    return this.actions({ async: true }).sendKeys(...keys);
  });
}

describe('dialog: an accessible in-page confirm and prompt', function () {
  before(async function () {
    await registerGateway(GATEWAY, 'Dialog line', [{ id: SENSOR, name: 'Inlet', type: 'temperature' }]);
  });

  it('renames with Enter, cancels with Esc, traps Tab and returns focus', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/gateways/${GATEWAY}`);
    await browser.waitForElementVisible($(`sensor-rename-${SENSOR}`));
    await browser.click($(`sensor-rename-${SENSOR}`));
    await browser.waitForElementVisible($('dialog'));
    await browser.expect.element($('dialog')).to.have.attribute('aria-modal').equals('true');
    browser.assert.equal(await focused(browser), 'dialog-input', 'the text field has the focus');
    await browser.expect.element($('dialog-input')).to.have.value.that.equals('Inlet');
    // Tab from the last button comes back to the field: focus never leaves the dialog
    await pressKeys(browser, browser.Keys.TAB);
    browser.assert.equal(await focused(browser), 'dialog-cancel');
    await pressKeys(browser, browser.Keys.TAB, browser.Keys.TAB);
    browser.assert.equal(await focused(browser), 'dialog-input', 'Tab cycles inside the dialog');
    await browser.sendKeys($('dialog-input'), [
      browser.Keys.CONTROL,
      'a',
      browser.Keys.NULL,
      'Inlet east',
      browser.Keys.ENTER,
    ]);
    await browser.waitForElementNotPresent($('dialog'));
    await browser.expect.element($(`sensor-name-${SENSOR}`)).text.to.equal('Inlet east');
    const sensor = await api('GET', `api/v1/gateways/${GATEWAY}/sensors/${SENSOR}`);
    browser.assert.equal(sensor.name, 'Inlet east', 'saved');
    browser.assert.equal(await focused(browser), `sensor-rename-${SENSOR}`, 'focus returns to the opener');

    await browser.click($(`sensor-delete-${SENSOR}`));
    await browser.waitForElementVisible($('dialog'));
    await pressKeys(browser, browser.Keys.ESCAPE);
    await browser.waitForElementNotPresent($('dialog'));
    await browser.expect.element($(`sensor-row-${SENSOR}`)).to.be.present;
    await api('GET', `api/v1/gateways/${GATEWAY}/sensors/${SENSOR}`); // still there: Esc cancelled
  });

  it('speaks Korean on a Korean page', async function (browser) {
    await browser.execute(() => localStorage.setItem('edgeSite.lang', 'ko'));
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}#/gateways/${GATEWAY}`);
    await browser.waitForElementVisible($(`sensor-delete-${SENSOR}`));
    await browser.click($(`sensor-delete-${SENSOR}`));
    await browser.waitForElementVisible($('dialog'));
    await browser.expect.element($('dialog-cancel')).text.to.equal('취소');
    await browser.expect.element($('dialog-ok')).text.to.equal('확인');
    await browser.click($('dialog-ok'));
    await browser.waitForElementNotPresent($(`sensor-row-${SENSOR}`));

    await browser.execute(() => localStorage.setItem('edgeSite.lang', 'en'));
  });
});
