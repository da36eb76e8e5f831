// What one language's walk leaves in /tmp/five-minutes/<lang>/: results.json (every step, note and
// finding) and steps.md (the per-step table, the totals with the gateway side, the notes, the findings).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './checks.js';
import {
  FIRST_GATEWAY_EXTRA_SECONDS,
  gatewayChore,
  gatewayChoreSeconds,
  gatewaySideSeconds,
  personSeconds,
  SECONDS_PER_ACTION,
  SECONDS_PER_DECISION,
  WORDS_PER_SECOND,
} from './estimate.js';
import type { Lang } from './gateways.js';
import type { StepRecord } from './technician.js';

/** command: the guide's command run on each gateway by hand; ssh: the site logs in to each itself */
export type Flow = 'command' | 'ssh';

export interface LanguageRun {
  lang: Lang;
  flow: Flow;
  siteStartSeconds: number;
  steps: StepRecord[];
  findings: Finding[];
  gateways: string[];
  /** words the setup command printed on a gateway (the most of the three runs) */
  setupOutputWords: number;
  error: string | null;
}

export interface Totals {
  seconds: number;
  clicks: number;
  fields: number;
  words: number;
  decisions: number;
  console: number;
  gatewaySide: number;
  all: number;
  /** the optional steps' person seconds, not in `console` */
  optional: number;
}

export function totals(run: LanguageRun): Totals {
  const needed = run.steps.filter((s) => !s.optional);
  const sum = (f: (s: StepRecord) => number) => Math.round(needed.reduce((a, s) => a + f(s), 0) * 10) / 10;
  const console = sum((s) => s.estimateSeconds);
  const gatewaySide = run.flow === 'ssh' ? 0 : gatewaySideSeconds(3, run.setupOutputWords);
  return {
    seconds: sum((s) => s.seconds),
    clicks: sum((s) => s.clicks),
    fields: sum((s) => s.fields),
    words: sum((s) => s.words),
    decisions: sum((s) => s.decisions),
    console,
    gatewaySide,
    all: console + gatewaySide,
    optional: run.steps.filter((s) => s.optional).reduce((a, s) => a + s.estimateSeconds, 0),
  };
}

const minutes = (s: number) => `${Math.round(s)} s (≈ ${(s / 60).toFixed(1)} min)`;

function stepTable(run: LanguageRun): string[] {
  const sum = totals(run);
  return [
    '| # | step | script s | clicks | fields | words read | decisions | person s (est.) | read / decide |',
    '|---|---|---|---|---|---|---|---|---|',
    ...run.steps.map(
      (s) =>
        `| ${s.n} | ${s.optional ? `(${s.title}; not in the total)` : s.title} | ${s.seconds} | ${s.clicks} | ${s.fields} | ${s.words} | ${s.decisions} | ` +
        `${s.estimateSeconds} | ${s.read}; decide: ${s.decide} |`,
    ),
    `| | **console total** | ${sum.seconds} | ${sum.clicks} | ${sum.fields} | ${sum.words} | ${sum.decisions} | ` +
      `**${sum.console}** | |`,
  ];
}

function gatewaySide(outputWords: number): string[] {
  return [
    '## The gateway side (the command run for real on each played gateway; the person time estimated)',
    '',
    'Per gateway, by the same rule:',
    '',
    '| what | clicks | fields | words | decisions | machine s | person s |',
    '|---|---|---|---|---|---|---|',
    ...gatewayChore(outputWords).map(
      (c) =>
        `| ${c.what} | ${c.clicks} | ${c.fields} | ${c.words} | ${c.decisions} | ${c.seconds} | ${personSeconds(c)} |`,
    ),
    `| one gateway | | | | | | ${gatewayChoreSeconds(outputWords)} |`,
    '',
    `Three gateways, plus ${FIRST_GATEWAY_EXTRA_SECONDS} s on the first to read the script before running ` +
      `it: **${minutes(gatewaySideSeconds(3, outputWords))}**. Walking to the gateways is not included.`,
  ];
}

export function stepsMarkdown(run: LanguageRun): string {
  const sum = totals(run);
  return [
    `# First five minutes, three gateways, ${run.flow === 'ssh' ? 'pointed by the site over SSH' : 'the command run on each'} (${run.lang})`,
    '',
    `Site start (not a user step): ${run.siteStartSeconds} s.${run.error ? ` **Stopped early: ${run.error}**` : ''}`,
    '',
    ...stepTable(run),
    '',
    `Person estimate per step: script time + ${SECONDS_PER_ACTION} s per click or field + words read / ` +
      `${WORDS_PER_SECOND} per s + ${SECONDS_PER_DECISION} s per decision.`,
    '',
    `**Console: ${minutes(sum.console)}. Gateway side: ${minutes(sum.gatewaySide)}. ` +
      `Together: ${minutes(sum.all)}.**` +
      (sum.optional ? ` Optional steps, not in these: ${sum.optional} s.` : ''),
    '',
    ...(run.flow === 'ssh'
      ? [
          '## The gateway side',
          '',
          'Nothing is done at the gateways: the site logged in to each over SSH with the login typed once ' +
            'at the console, and ran the setup there for real (the three fake gateway hosts ran it with sh).',
        ]
      : gatewaySide(run.setupOutputWords)),
    '',
    '## Notes and screenshots',
    ...run.steps.flatMap((s) => [
      '',
      `${s.n}. ${s.title}`,
      ...s.notes.map((x) => `   - ${x}`),
      ...s.screenshots.map((x) => `   - screenshot: ${x}`),
    ]),
    '',
    '## Gateways',
    ...run.gateways.map((g) => `- ${g}`),
    '',
    '## Findings',
    ...run.findings.map(
      (f) => `- [${f.kind}] ${f.text} (step ${f.step}${f.seen.length ? `; ${f.seen.join(', ')}` : ''})`,
    ),
    '',
  ].join('\n');
}

export function writeRun(dir: string, run: LanguageRun): void {
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...run, totals: totals(run) }, null, 2));
  writeFileSync(join(dir, 'steps.md'), stepsMarkdown(run));
}
