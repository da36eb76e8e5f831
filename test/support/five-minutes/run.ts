// The first five minutes with three gateways: a technician who has just installed the site goes from the
// fresh install to a live dashboard of three Thing+ gateways, once per language (a fresh site, and a fresh
// headless Chromium whose language is that one, each time). Every user action goes through the console;
// the gateways are mqtt.js clients played like unchanged Thing+ Node gateways, configured only by the
// command the console shows, run on a shipped Thing+ Gateway install. Per step: wall-clock time, clicks,
// typed fields, words read, decisions and an estimate of a person's time; screenshots and page checks at
// each main step.
// Each leaves NN-*.png, steps.md and results.json. The console must be built (dist/).
//
//   node --import tsx test/support/five-minutes/run.ts [en] [ko] [--flow=command]
// The default walk has the site point the gateways over SSH (ssh-steps.ts); --flow=command runs the
// guide's command on each gateway instead (its person time at the gateways estimated: estimate.ts).
// Out: /tmp/five-minutes/<flow>/<lang>/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WebDriver } from 'selenium-webdriver';
import type chrome from 'selenium-webdriver/chrome.js';
import { headlessChromium, saveScreenshot } from '../browser.js';
import { startTestSite } from '../site.js';
import { PLANT, type Lang, type PlayedGateway } from './gateways.js';
import { stepsMarkdown, totals, writeRun, type Flow, type LanguageRun } from './report.js';
import { pointOverSsh, scan, startGatewayHosts, toFinder } from './ssh-steps.js';
import { dashboards } from './dashboard.js';
import { addKnocking, allConnected, copySetupCommand, firstRun, gatewaysKnock } from './steps.js';
import { Technician } from './technician.js';

const OUT = '/tmp/five-minutes';

/** The technician's own browser in their language: what the console reads (navigator.language, Intl). */
async function browserIn(lang: Lang): Promise<WebDriver> {
  const driver = (await headlessChromium()) as chrome.Driver;
  const locale = lang === 'ko' ? 'ko-KR' : 'en-US';
  const userAgent = (await driver.executeScript('return navigator.userAgent')) as string;
  await driver.sendDevToolsCommand('Emulation.setUserAgentOverride', {
    userAgent,
    acceptLanguage: lang === 'ko' ? 'ko-KR,ko' : 'en-US,en',
  });
  await driver.sendDevToolsCommand('Emulation.setLocaleOverride', { locale });
  await driver.manage().window().setRect({ width: 1440, height: 1000 });
  return driver;
}

async function walk(t: Technician, gateways: PlayedGateway[], run: LanguageRun): Promise<void> {
  await firstRun(t);
  if (run.flow === 'ssh') {
    const gh = await startGatewayHosts();
    try {
      await toFinder(t);
      await scan(t);
      const submitted = await pointOverSsh(t, gh, gateways, gh.hosts[0]!.sshPort);
      await allConnected(
        t,
        PLANT.map(() => submitted),
        gateways,
      );
      await dashboards(t, 'ssh-done');
    } finally {
      await gh.close();
    }
    return;
  }
  const command = await copySetupCommand(t);
  run.setupOutputWords = await gatewaysKnock(t, command, gateways);
  const addedAt: number[] = [];
  for (const [i, g] of PLANT.entries()) addedAt.push(await addKnocking(t, g, i + 1));
  await allConnected(t, addedAt, gateways);
  await dashboards(t);
}

/** One language: a fresh site (no user, loopback only) and a fresh browser, the whole walk, then cleanup. */
async function walkthrough(lang: Lang, flow: Flow): Promise<LanguageRun> {
  const dir = join(OUT, flow, lang);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  // every listener a fresh install opens, on loopback; no admin password: the console's setup page is used
  const site = await startTestSite(
    {
      mqtt: { tlsPort: 0 },
      gatewayHttp: { host: '127.0.0.1', port: 0 },
      gatewayHttps: { host: '127.0.0.1', port: 0 },
      // loopback only: a scan probes typed targets, never this machine's LAN
      discovery: { broadcast: false },
    },
    undefined,
    { admin: false },
  );
  const run: LanguageRun = {
    lang,
    flow,
    siteStartSeconds: Math.round((Date.now() - started) / 100) / 10,
    steps: [],
    findings: [],
    gateways: [],
    setupOutputWords: 0,
    error: null,
  };
  const gateways: PlayedGateway[] = [];
  let driver: WebDriver | null = null;
  try {
    driver = await browserIn(lang);
    const t = new Technician(driver, lang, dir, `http://127.0.0.1:${site.site.ports.http}`);
    run.steps = t.steps;
    run.findings = t.findings;
    try {
      await walk(t, gateways, run);
    } catch (err) {
      run.error = (err as Error).message;
      await saveScreenshot(driver, dir, 'failed.png').catch(() => undefined);
    }
    for (const gw of gateways) {
      run.gateways.push(gw.summary());
      for (const p of gw.problems) t.find('gateway', `${gw.id}: ${p}`);
      if (gw.timeSyncAt === null) t.find('gateway', `${gw.id} was never sent timeSync`);
    }
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
    await driver?.quit();
    await site.destroy();
  }
  writeRun(dir, run);
  return run;
}

const langs = process.argv.slice(2).filter((a): a is Lang => a === 'en' || a === 'ko');
const flow: Flow = process.argv.includes('--flow=command') ? 'command' : 'ssh';
let failed = false;
for (const lang of langs.length ? langs : (['en', 'ko'] as const)) {
  const run = await walkthrough(lang, flow);
  console.log(`\n${stepsMarkdown(run)}`);
  const sum = totals(run);
  console.log(`[${lang}] console ${sum.console} s + gateway side ${sum.gatewaySide} s = ${sum.all} s`);
  failed ||= run.error !== null;
}
process.exitCode = failed ? 1 : 0;
