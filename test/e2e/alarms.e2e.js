// End to end in a real browser: a rule made through the API, a registered gateway (a real MQTT client
// speaking the Thing+ protocol) publishes over its threshold; the header counts the alarm live, the alarms
// page shows it by names with its unit, an operator acknowledges it, a normal value clears it.
import { $, api, registerGateway, connectGateway } from './lib/site.js';

const GATEWAY = 'e2e0000a1a2b';
const SENSOR = `${GATEWAY}-0-oven`;

describe('an alarm is raised, counted in the header, acknowledged and cleared in the console', function () {
  let gateway;
  let alarmId;
  let time = Date.now() - 60_000;

  const publish = (value) => {
    time += 1000;
    return gateway.publishAsync(`v/a/g/${GATEWAY}/s/${SENSOR}`, `${time},${value}`, { qos: 1 });
  };

  before(async function () {
    const apiKey = await registerGateway(GATEWAY, 'Bakery line 2', [
      { id: SENSOR, name: 'Oven temperature', type: 'temperature', model: 'jsonrpcTemp' },
    ]);
    gateway = await connectGateway(GATEWAY, apiKey);
    // a Thing+ gateway answers the site's timeSync on its req topic
    gateway.on('message', (topic, payload) => {
      const request = JSON.parse(payload.toString());
      gateway.publish(`v/a/g/${GATEWAY}/res`, JSON.stringify({ id: request.id, result: '' }), { qos: 1 });
    });
    await gateway.subscribeAsync(`v/a/g/${GATEWAY}/req`, { qos: 1 });
    await publish('180');
    await api('POST', 'api/v1/rules', {
      name: 'Oven too hot',
      severity: 'fatal',
      gatewayId: GATEWAY,
      sensorId: SENSOR,
      method: 'over',
      threshold: 250,
      deadband: 0,
    });
  });

  after(async function () {
    if (gateway) await gateway.endAsync(true);
  });

  it('the header counts the new alarm live, coloured by its severity', async function (browser) {
    await browser.navigateTo(`${process.env.EDGE_SITE_URL}overview`);
    await browser.waitForElementVisible($('alarm-indicator'));
    await browser.expect.element($('live-state')).text.to.contain('live').before(10000);
    await browser.expect.element($('alarm-count')).text.to.equal('0');
    await publish('262.5');
    await browser.expect.element($('alarm-count')).text.to.equal('1').before(10000);
    await browser.expect.element($('alarm-indicator')).to.have.attribute('data-severity').equals('fatal');
  });

  it('the alarms page lists it by rule, sensor and gateway names, with the value and its unit', async function (browser) {
    await browser.click($('alarm-indicator'));
    await browser.waitForElementVisible('[data-alarm-row]');
    const row = await browser.getAttribute('[data-alarm-row]', 'data-testid');
    alarmId = row.replace('alarm-row-', '');
    const text = await browser.getText($(row));
    for (const part of ['Oven too hot', 'Oven temperature', 'Bakery line 2', '262.5 °C'])
      browser.assert.ok(text.includes(part), `the row shows "${part}": ${text}`);
    browser.assert.ok(!text.includes(GATEWAY), 'no raw gateway id in the row');
    await browser.expect
      .element($(`alarm-state-${alarmId}`))
      .to.have.attribute('data-state')
      .equals('unack');
  });

  it('shelving is bounded by the site maximum and needs a reason; unshelve brings it back', async function (browser) {
    await browser.click($(`alarm-shelve-${alarmId}`));
    await browser.waitForElementVisible($(`alarm-minutes-${alarmId}`));
    await browser.clearValue($(`alarm-minutes-${alarmId}`));
    await browser.setValue($(`alarm-minutes-${alarmId}`), '2000');
    await browser.setValue($(`alarm-reason-${alarmId}`), 'oven door open for cleaning');
    await browser.click($(`alarm-shelve-confirm-${alarmId}`));
    await browser.expect.element($(`alarm-row-${alarmId}`)).text.to.contain('From 1 to 1440 minutes');
    await browser.clearValue($(`alarm-minutes-${alarmId}`));
    await browser.setValue($(`alarm-minutes-${alarmId}`), '15');
    await browser.click($(`alarm-shelve-confirm-${alarmId}`));
    await browser.expect
      .element($(`alarm-state-${alarmId}`))
      .to.have.attribute('data-state')
      .equals('shelved')
      .before(10000);
    await browser.expect.element($('alarm-count')).text.to.equal('0').before(10000);
    await browser.click($(`alarm-unshelve-${alarmId}`));
    await browser.expect
      .element($(`alarm-state-${alarmId}`))
      .to.have.attribute('data-state')
      .equals('unack')
      .before(10000);
    await browser.expect.element($('alarm-count')).text.to.equal('1').before(10000);
  });

  it('an operator acknowledges it with a comment: acknowledged, and the header count drops', async function (browser) {
    await browser.click($(`alarm-ack-${alarmId}`));
    await browser.waitForElementVisible($(`alarm-comment-${alarmId}`));
    await browser.setValue($(`alarm-comment-${alarmId}`), 'door checked');
    await browser.click($(`alarm-ack-confirm-${alarmId}`));
    await browser.expect
      .element($(`alarm-state-${alarmId}`))
      .to.have.attribute('data-state')
      .equals('ack')
      .before(10000);
    await browser.expect.element($('alarm-count')).text.to.equal('0').before(10000);
    const stored = await api('GET', `api/v1/alarms/${alarmId}`);
    browser.assert.equal(stored.state, 'ack');
  });

  it('the fatal-alarm sound is off by default, and a choice survives a reload', async function (browser) {
    await browser.expect.element($('alarm-sound')).to.not.be.selected;
    await browser.click($('alarm-sound'));
    await browser.expect.element($('alarm-sound')).to.be.selected;
    const stored = await browser.execute(() => localStorage.getItem('edgeSite.alarmSound'));
    browser.assert.equal(stored, 'on');
    await browser.refresh();
    await browser.waitForElementVisible($('alarm-sound'));
    await browser.expect.element($('alarm-sound')).to.be.selected;
    await browser.click($('alarm-sound'));
    await browser.expect.element($('alarm-sound')).to.not.be.selected;
    await browser.waitForElementVisible($(`alarm-row-${alarmId}`));
  });

  it('a normal value clears it: it leaves the open list and shows in the history', async function (browser) {
    await publish('190');
    await browser.waitForElementNotPresent($(`alarm-row-${alarmId}`), 10000);
    await browser.click($('alarms-tab-history'));
    await browser.waitForElementVisible($(`history-row-${alarmId}`));
    await browser.expect.element($(`history-row-${alarmId}`)).text.to.contain('Oven too hot');
    const stored = await api('GET', `api/v1/alarms/${alarmId}`);
    browser.assert.equal(stored.state, 'cleared');
  });
});
