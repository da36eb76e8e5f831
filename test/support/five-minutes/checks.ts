// What the script can see going wrong on a page, checked at each screenshot: English words on a Korean
// page, raw translation keys, alerts shown, browser console errors, sideways scrolling; and on the
// dashboard, values shown without their unit.
import { logging, type WebDriver } from 'selenium-webdriver';
import type { Lang } from './gateways.js';

export interface Finding {
  step: string;
  kind: string;
  text: string;
  /** the screenshots it was seen on */
  seen: string[];
}

/** Latin words that are right on a Korean page: names of protocols, products, units, the language menu */
const LATIN_OK = new Set(
  (
    'Edge Site ES MQTT MQTTS mqtt mqtts TLS REST HTTP HTTPS http https APIKEY Thing Thing+ JSON CSV SHA ' +
    'SHA-256 PEM pem ssl Ctrl admin English localhost Node Server Arduino Python curl wget config ' +
    'ppm kWh bar Hz lux pf dB kW sec ea lvl cbar pH mm'
  ).split(' '),
);

/** The page's visible text (ids, code and inputs skipped), its alerts, its sideways overflow and height. */
const PAGE_ISSUES = `
  const skip = (el) => el.closest('pre,code,.mono,select,option,input,textarea,script,style,.apikey,.fingerprint,[translate="no"]');
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    const text = (node.textContent || '').trim();
    if (!el || !text || skip(el) || el.getClientRects().length === 0) continue;
    const where = el.closest('[data-testid]')?.getAttribute('data-testid') || el.className || el.tagName;
    texts.push({ text: text.slice(0, 140), where: String(where).slice(0, 60) });
  }
  const alerts = [...document.querySelectorAll('[role="alert"],.error,.form-error,.field-error,.state-error,.refusal')]
    .filter((e) => e.getClientRects().length > 0 && !e.classList.contains('card-key'))
    .map((e) => e.innerText.trim().slice(0, 200)).filter(Boolean);
  return {
    texts,
    alerts,
    overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    height: document.documentElement.scrollHeight,
  };
`;

export type PageFinding = Pick<Finding, 'kind' | 'text'>;

export interface PageIssues {
  texts: { text: string; where: string }[];
  alerts: string[];
  overflowX: number;
  height: number;
}

export async function readPage(driver: WebDriver): Promise<PageIssues> {
  return (await driver.executeScript(PAGE_ISSUES)) as PageIssues;
}

/** Latin words in `text` a Korean reader would stumble on (ids, addresses, acronyms and units allowed). */
export function englishWords(text: string): string[] {
  // tokens with digits, slashes, dots or underscores are ids, addresses, times, files and flags;
  // acronyms in capitals (API, MAC, TCP, GiB) are written so in Korean too
  return text
    .split(/\s+/)
    .map((token) => token.replace(/^[(«"']+|[)»"',.:;]+$/g, ''))
    .filter((token) => !/[\d/@_.]|^-/.test(token))
    .flatMap((token) => token.match(/[A-Za-z][A-Za-z+'’-]*[A-Za-z+]/g) ?? [])
    .filter((w) => !LATIN_OK.has(w) && !/^[A-Z]([A-Z]+|i[A-Z])$/.test(w));
}

/** The findings on a page just read (and the browser's console errors since the last look). */
export async function reviewPage(
  driver: WebDriver,
  lang: Lang,
  issues: PageIssues,
  width: number,
): Promise<PageFinding[]> {
  const found: PageFinding[] = [];
  for (const { text, where } of issues.texts) {
    if (/\b[a-z]+\.[a-z]+[A-Za-z]*\.[A-Za-z.]+\b/.test(text) && !/\d/.test(text))
      found.push({ kind: 'raw translation key', text: `"${text}" (${where})` });
    if (lang === 'ko' && englishWords(text).length > 0)
      found.push({ kind: 'English on a Korean page', text: `"${text}" (${where})` });
  }
  for (const alert of issues.alerts) found.push({ kind: 'alert or warning shown', text: alert });
  if (issues.overflowX > 0)
    found.push({ kind: 'layout', text: `scrolls sideways by ${issues.overflowX} px at ${width} px` });
  const logs = await driver.manage().logs().get(logging.Type.BROWSER);
  for (const entry of logs)
    found.push({ kind: `browser ${entry.level.name}`, text: entry.message.slice(0, 300) });
  return found;
}

/** A value or state tile of the dashboard. */
export interface Tile {
  id: string;
  title: string;
  value: string;
  shown: string;
  unit: string;
}

export async function readTiles(driver: WebDriver): Promise<Tile[]> {
  return (await driver.executeScript(
    `return [...document.querySelectorAll('[data-testid^="widget-value-"]')].map((e) => ({
      id: e.getAttribute('data-testid').slice('widget-value-'.length),
      title: e.closest('[data-testid^="widget-w"]')?.querySelector('h3')?.innerText ?? '',
      value: e.getAttribute('data-value') ?? e.innerText.trim(),
      shown: e.innerText.trim().replace(/\\s+/g, ' '),
      unit: e.querySelector('.w-value-unit')?.innerText ?? '',
    }))`,
  )) as Tile[];
}

/** A tile showing a bare number: no unit and no state word. */
export function tileWithoutUnit(tile: Tile): boolean {
  return !tile.unit && /^-?[\d.,]+$/.test(tile.shown);
}

/** Words shown in the elements `css` selects (a select's options are not read). */
export async function wordsIn(driver: WebDriver, css: string): Promise<number> {
  return (await driver.executeScript(
    `const count = (text) => text.split(/\\s+/).filter((w) => /[\\p{L}\\p{N}]/u.test(w)).length;
    let n = 0;
    for (const e of document.querySelectorAll(arguments[0])) {
      n += count(e.innerText);
      for (const s of e.querySelectorAll('select')) n -= count(s.innerText);
    }
    return n;`,
    css,
  )) as number;
}
