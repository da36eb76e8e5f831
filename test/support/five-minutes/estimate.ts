// How long a person takes: the same rule as the first walkthrough (/tmp/five-minutes/report.md), so the
// two can be compared. Per console step: the script's wall-clock time (the waits a person waits through
// too) + 5 s per click or typed field + words on screen ÷ 4 a second (a skim at ~240 wpm) + 10 s per
// decision. The work at the gateways is not seen by the script: it is estimated by the same rule from the
// actions listed below.

export const SECONDS_PER_ACTION = 5;
export const WORDS_PER_SECOND = 4;
export const SECONDS_PER_DECISION = 10;
/** a wait for the site longer than this is noted as slow */
export const SLOW_MS = 3000;

export interface Effort {
  seconds: number;
  clicks: number;
  fields: number;
  words: number;
  decisions: number;
}

export function personSeconds(e: Effort): number {
  return Math.round(
    e.seconds +
      (e.clicks + e.fields) * SECONDS_PER_ACTION +
      e.words / WORDS_PER_SECOND +
      e.decisions * SECONDS_PER_DECISION,
  );
}

/**
 * One gateway's side, with the guide's command copied (the same for all three): reach the gateway's shell
 * (ssh user@host, password), paste the command and run it, read what it says (it names the file it set,
 * restarts the gateway and says done), leave. `words` of the output come from the walk's own runs of the
 * script; `seconds` is the machine's time (ssh login, the script with the restart), not the person's.
 */
export interface GatewayChore {
  what: string;
  clicks: number;
  fields: number;
  words: number;
  decisions: number;
  seconds: number;
}

export function gatewayChore(outputWords: number): GatewayChore[] {
  return [
    {
      what: 'ssh into the gateway (command, password)',
      clicks: 0,
      fields: 2,
      words: 10,
      decisions: 0,
      seconds: 3,
    },
    {
      what: 'paste the copied command and run it',
      clicks: 0,
      fields: 1,
      words: 6,
      decisions: 0,
      seconds: 3,
    },
    {
      what: 'read what it says (the file it set, the restart, done) and see it went well',
      clicks: 0,
      fields: 0,
      words: outputWords,
      decisions: 1,
      seconds: 0,
    },
    { what: 'log out (exit)', clicks: 0, fields: 1, words: 0, decisions: 0, seconds: 0 },
  ];
}

export function gatewayChoreSeconds(outputWords: number): number {
  return gatewayChore(outputWords).reduce((sum, c) => sum + personSeconds(c), 0);
}

/** the first gateway costs more: read the command's script once before running it as root */
export const FIRST_GATEWAY_EXTRA_SECONDS = 30;

export function gatewaySideSeconds(gateways: number, outputWords: number): number {
  return gateways * gatewayChoreSeconds(outputWords) + (gateways > 0 ? FIRST_GATEWAY_EXTRA_SECONDS : 0);
}
