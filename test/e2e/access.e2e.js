// Users & access: the admin adds a viewer and an API token on the page (the token shown once), sees both
// in the audit trail; the viewer then signs in through the sign-in page and is offered no write control
// and no Users & access. The browser's admin cookie is only dropped, never signed out: it is the token
// every test shares (nightwatch.conf.cjs), and the next test's beforeEach sets it again.

const GATEWAY = 'e2e0000ac0de';
const VIEWER = 'kim-e2e';
const VIEWER_PASSWORD = 'kim-e2e-password';
const TOKEN = 'MES export e2e';
const $ = (id) => `[data-testid="${id}"]`;
const url = (path) => `${process.env.EDGE_SITE_URL}${path}`;

async function api(method, path, body) {
  const res = await fetch(url(path), {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

describe('Users & access: a viewer and an API token made on the page, and what the viewer is offered', function () {
  let secret;

  before(async function () {
    await api('POST', 'api/v1/registerGatewayKey', { id: GATEWAY, modelId: '34', name: 'Access line' });
  });
  after(async function () {
    await api('DELETE', `api/v1/gateways/${GATEWAY}`).catch(() => undefined);
    await api('DELETE', `api/v1/users/${VIEWER}`).catch(() => undefined);
    const { data } = await api('GET', 'api/v1/tokens');
    for (const tok of data.filter((x) => x.name === TOKEN)) await api('DELETE', `api/v1/tokens/${tok.id}`);
  });

  it('the admin adds a viewer (passwords must match) and sees it listed', async function (browser) {
    await browser.navigateTo(url('overview'));
    await browser.waitForElementVisible($('nav-access'));
    await browser.click($('nav-access'));
    await browser.waitForElementVisible($('users-table'));
    await browser.expect.element($('user-row-admin')).text.to.contain('admin');
    await browser.setValue($('user-add-name'), VIEWER);
    await browser.setValue($('user-add-password'), VIEWER_PASSWORD);
    await browser.setValue($('user-add-repeat'), 'something-else');
    await browser.expect.element($('user-add-submit')).to.not.be.enabled;
    await browser.clearValue($('user-add-repeat'));
    await browser.setValue($('user-add-repeat'), VIEWER_PASSWORD);
    await browser.click($('user-add-submit'));
    await browser.waitForElementVisible($(`user-row-${VIEWER}`));
    await browser.expect.element($('users-notice')).text.to.contain(`User ${VIEWER} added`);
    const { data } = await api('GET', 'api/v1/users');
    browser.assert.deepEqual(
      data.filter((u) => u.username === VIEWER).map((u) => u.role),
      ['viewer'],
    );
  });

  it('the API says why a name is taken, and the page shows it', async function (browser) {
    await browser.setValue($('user-add-name'), VIEWER);
    await browser.setValue($('user-add-password'), VIEWER_PASSWORD);
    await browser.setValue($('user-add-repeat'), VIEWER_PASSWORD);
    await browser.click($('user-add-submit'));
    await browser.waitForElementVisible(`${$('users-notice')}.field-error`);
    await browser.expect.element($('users-notice')).text.to.contain(`user ${VIEWER} already exists`);
  });

  it('the last admin stays admin: the refusal is shown and the role kept', async function (browser) {
    await browser.click(`${$('user-role-admin')} option[value="viewer"]`);
    await browser.expect
      .element($('users-notice'))
      .text.to.contain('the last admin cannot be deleted or demoted');
    await browser.expect.element($('user-role-admin')).value.to.equal('admin');
    const { data } = await api('GET', 'api/v1/users');
    browser.assert.deepEqual(
      data.filter((u) => u.username === 'admin').map((u) => u.role),
      ['admin'],
    );
  });

  it('an API token is shown once, works, and is listed without its secret', async function (browser) {
    await browser.setValue($('token-name'), TOKEN);
    await browser.click($('token-create'));
    await browser.waitForElementVisible($('token-issued'));
    await browser.expect.element($('token-issued')).text.to.contain('shown only once');
    secret = await browser.getText($('token-secret'));
    browser.assert.ok(/^est/.test(secret), `a token secret: ${secret.slice(0, 6)}…`);
    // the secret works against the API as the viewer role it was given
    const res = await fetch(url('api/v1/gateways'), { headers: { authorization: `Bearer ${secret}` } });
    browser.assert.equal(res.status, 200);
    await browser.click($('token-issued-done'));
    await browser.waitForElementNotPresent($('token-issued'));
    await browser.expect.element($(`token-row-${TOKEN}`)).text.to.not.contain(secret);
    // gone from the page for good: a reload shows the list only
    await browser.refresh();
    await browser.waitForElementVisible($(`token-row-${TOKEN}`));
    await browser.expect.element('body').text.to.not.contain(secret);
  });

  it('the audit trail shows both actions, newest first, and filters by action', async function (browser) {
    await browser.waitForElementVisible($('audit-table'));
    await browser.expect.element(`${$('audit-row')}[data-action="token.create"]`).to.be.visible;
    await browser.expect.element(`${$('audit-row')}[data-action="user.create"]`).to.be.visible;
    const actions = await browser.execute(() =>
      // eslint-disable-next-line no-undef
      [...document.querySelectorAll('[data-testid="audit-row"]')].map((r) => r.dataset.action),
    );
    browser.assert.ok(
      actions.indexOf('token.create') < actions.indexOf('user.create'),
      `newest first: ${actions.slice(0, 6).join(', ')}`,
    );
    await browser.setValue($('audit-filter-action'), 'user.create');
    await browser.click($('audit-apply'));
    await browser.waitForElementNotPresent(`${$('audit-row')}[data-action="token.create"]`);
    await browser.expect.element(`${$('audit-row')}[data-action="user.create"]`).text.to.contain(VIEWER);
  });

  it('the audit trail pages back with Older', async function (browser) {
    // 52 role changes (ending as viewer): more than one page (50) of user.update entries
    for (let i = 0; i < 52; i++)
      await api('PUT', `api/v1/users/${VIEWER}`, { role: i % 2 === 0 ? 'technician' : 'viewer' });
    await browser.clearValue($('audit-filter-action'));
    await browser.setValue($('audit-filter-action'), 'user.update');
    await browser.click($('audit-apply'));
    const rows = `${$('audit-row')}[data-action="user.update"]`;
    await browser.waitForElementVisible($('audit-older'));
    await browser.expect.elements(rows).count.to.equal(50);
    await browser.click($('audit-older'));
    await browser.expect.elements(rows).count.to.equal(52);
    await browser.expect.element($('audit-older')).to.not.be.present;
  });

  it('the admin is offered the write controls of a gateway (what the viewer will not see)', async function (browser) {
    await browser.navigateTo(url(`gateways/${GATEWAY}`));
    await browser.waitForElementVisible($('gateway-edit'));
    await browser.expect.element($('gateway-rotate-key')).to.be.visible;
    await browser.expect.element($('sensor-add')).to.be.visible;
    await browser.expect.element($('read-only-note')).to.not.be.present;
  });

  it('the viewer signs in on the sign-in page and is offered no write control', async function (browser) {
    // drop the admin's cookie (not a sign-out: that would end the session every test shares)
    await browser.deleteCookies();
    await browser.navigateTo(url('gateways'));
    await browser.waitForElementVisible($('signIn-form'));
    await browser.setValue('input[name="username"]', VIEWER);
    await browser.setValue('input[name="password"]', VIEWER_PASSWORD);
    await browser.click($('signin-submit'));
    await browser.waitForElementVisible($('user-menu'));
    await browser.expect.element($('user-menu')).text.to.contain(VIEWER);
    await browser.expect.element($('nav-gateways')).to.be.present;
    await browser.expect.element($('nav-access')).to.not.be.present;
    await browser.expect.element($('nav-register')).to.not.be.present;
    await browser.navigateTo(url(`gateways/${GATEWAY}`));
    await browser.waitForElementVisible($('gateway-title'));
    await browser.expect.element($('read-only-note')).text.to.contain('viewer');
    await browser.expect.element($('gateway-edit')).to.not.be.present;
    await browser.expect.element($('gateway-rotate-key')).to.not.be.present;
    await browser.expect.element($('sensor-add')).to.not.be.present;
    // the page itself is not reachable by address either
    await browser.navigateTo(url('access'));
    await browser.waitForElementVisible($('nav-overview'));
    await browser.expect.element($('access-page')).to.not.be.present;
    // its icon is drawn (an SVG), not a glyph the fonts lack (⏻ rendered as a box)
    await browser.expect.element(`${$('sign-out')} svg`).to.be.visible;
    await browser.expect.element($('sign-out')).text.to.not.contain('⏻');
    await browser.click($('sign-out'));
    await browser.waitForElementVisible($('signIn-form'));
  });
});
