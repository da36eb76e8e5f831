// The technician at the console: every click and typed field counted, every step timed (screenshots and
// checks left out), the words read counted on the page, a screenshot and the page checks at each main step.
import { join } from 'node:path';
import { By, until, type WebDriver, type WebElement } from 'selenium-webdriver';
import { saveScreenshot } from '../browser.js';
import { readPage, reviewPage, wordsIn, type Finding } from './checks.js';
import { personSeconds, SLOW_MS } from './estimate.js';
import type { Lang } from './gateways.js';

export const $ = (testId: string): string => `[data-testid="${testId}"]`;

export interface StepAbout {
  title: string;
  /** what a person reads there (the words of `before`/`after` are counted) */
  read: string;
  /** what they decide or must know */
  decide: string;
  decisions: number;
  /** css of what is read before acting (its words counted as the step starts) */
  before?: string;
  /** css of what the step shows and is read to see it worked (counted as it ends) */
  after?: string;
  /** not needed for the goal: run and shown, but left out of the totals */
  optional?: boolean;
}

export interface StepRecord extends StepAbout {
  n: number;
  seconds: number;
  clicks: number;
  fields: number;
  words: number;
  estimateSeconds: number;
  screenshots: string[];
  notes: string[];
}

export class Technician {
  readonly steps: StepRecord[] = [];
  readonly findings: Finding[] = [];
  private current: StepRecord | null = null;
  /** time spent on screenshots and checks in the current step: not the technician's */
  private asideMs = 0;

  constructor(
    readonly driver: WebDriver,
    readonly lang: Lang,
    readonly dir: string,
    readonly base: string,
  ) {}

  async step<T>(about: StepAbout, act: () => Promise<T>): Promise<T> {
    const started = Date.now();
    this.asideMs = 0;
    const words = about.before ? await wordsIn(this.driver, about.before) : 0;
    const rec: StepRecord = {
      ...about,
      n: this.steps.length + 1,
      seconds: 0,
      clicks: 0,
      fields: 0,
      words,
      estimateSeconds: 0,
      screenshots: [],
      notes: [],
    };
    this.current = rec;
    this.steps.push(rec);
    try {
      return await act();
    } finally {
      const counting = Date.now();
      if (about.after) rec.words += await wordsIn(this.driver, about.after).catch(() => 0);
      this.asideMs += Date.now() - counting;
      rec.seconds = Math.round((Date.now() - started - this.asideMs) / 100) / 10;
      rec.estimateSeconds = personSeconds(rec);
      console.log(
        `[${this.lang}] ${rec.n}. ${rec.title}: ${rec.seconds} s, ${rec.clicks} clicks, ${rec.fields} fields, ` +
          `${rec.words} words → ${rec.estimateSeconds} s`,
      );
      this.current = null;
    }
  }

  /** time the script spends that is not at the console (the technician is at the gateways) */
  async away<T>(act: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await act();
    } finally {
      this.asideMs += Date.now() - started;
    }
  }

  note(text: string): void {
    this.current?.notes.push(text);
  }

  find(kind: string, text: string, screenshot?: string): void {
    const step = this.current ? `${this.current.n}. ${this.current.title}` : '-';
    const known = this.findings.find((f) => f.kind === kind && f.text === text);
    const finding = known ?? { step, kind, text, seen: [] };
    if (!known) this.findings.push(finding);
    if (screenshot && !finding.seen.includes(screenshot)) finding.seen.push(screenshot);
  }

  /** Waits for `probe` to give a truthy value; a wait longer than SLOW_MS is noted and found. */
  async waitFor<T>(what: string, probe: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
    const started = Date.now();
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value) {
        const ms = Date.now() - started;
        if (ms > SLOW_MS) {
          this.note(`waited ${(ms / 1000).toFixed(1)} s for ${what}`);
          this.find('slow wait', `${(ms / 1000).toFixed(1)} s for ${what}`);
        }
        return value as NonNullable<T>;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`[${this.lang}] timed out waiting for ${what}`);
      await this.driver.sleep(150);
    }
  }

  async visible(css: string, timeoutMs = 20_000): Promise<WebElement> {
    const el = await this.driver.wait(until.elementLocated(By.css(css)), timeoutMs, `no ${css}`);
    await this.driver.wait(until.elementIsVisible(el), timeoutMs, `${css} not visible`);
    return el;
  }

  async text(css: string): Promise<string | null> {
    return (await this.driver.executeScript(
      'return document.querySelector(arguments[0])?.innerText ?? null',
      css,
    )) as string | null;
  }

  async attribute(css: string, name: string): Promise<string | null> {
    return (await this.driver.executeScript(
      'return document.querySelector(arguments[0])?.getAttribute(arguments[1]) ?? null',
      css,
      name,
    )) as string | null;
  }

  async click(css: string): Promise<void> {
    const el = await this.visible(css);
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
    await el.click();
    this.current!.clicks++;
  }

  async type(css: string, text: string): Promise<void> {
    const el = await this.visible(css);
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
    await el.click();
    await el.sendKeys(text);
    this.current!.fields++;
  }

  /** a prefilled field typed over (one field) */
  async retype(css: string, text: string): Promise<void> {
    const el = await this.visible(css);
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
    await el.clear();
    await el.sendKeys(text);
    this.current!.fields++;
  }

  /** the address typed into the browser */
  async open(path: string): Promise<void> {
    await this.driver.get(`${this.base}${path}`);
    this.current!.fields++;
  }

  /** Checks the page and saves it whole (the window as tall as the page) at `width`. */
  async shot(name: string, width = 1440): Promise<void> {
    const started = Date.now();
    try {
      await this.driver.sleep(400);
      const height = width > 500 ? 1000 : 844;
      await this.driver.manage().window().setRect({ width, height });
      await this.driver.executeScript('window.scrollTo(0, 0)');
      await this.driver.sleep(300);
      const issues = await readPage(this.driver);
      const tall = Math.min(Math.max(issues.height + 100, height), 6000);
      await this.driver.manage().window().setRect({ width, height: tall });
      await this.driver.sleep(300);
      const file = `${String(this.current?.n ?? 0).padStart(2, '0')}-${name}-${width}.png`;
      await saveScreenshot(this.driver, this.dir, file);
      this.current?.screenshots.push(join(this.dir, file));
      await this.driver.manage().window().setRect({ width: 1440, height: 1000 });
      for (const f of await reviewPage(this.driver, this.lang, issues, width))
        this.find(f.kind, f.text, file);
    } finally {
      this.asideMs += Date.now() - started;
    }
  }
}
