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
 * One gateway's side, with the Server section already copied (it is the same for all three): reach the
 * gateway's shell (ssh user@host, password), open its config file in an editor, replace the `"Server"`
 * section by the copied one (select the old one, paste), save, restart the service, see it running.
 * `words` is what is read there: the section pasted and the restart's output. `seconds` is the time the
 * machine takes (ssh login, the service restart), not the person's.
 */
export interface GatewayChore {
  what: string;
  clicks: number;
  fields: number;
  words: number;
  decisions: number;
  seconds: number;
}

export const GATEWAY_CHORE: GatewayChore[] = [
  {
    what: 'ssh into the gateway (command, password)',
    clicks: 0,
    fields: 2,
    words: 10,
    decisions: 0,
    seconds: 3,
  },
  {
    what: 'open its Thing+ config file in an editor (find the file: config/default.json or similar)',
    clicks: 0,
    fields: 1,
    words: 40,
    decisions: 1,
    seconds: 1,
  },
  {
    what: 'select the old "Server" section, paste the copied one, check the braces and commas',
    clicks: 2,
    fields: 1,
    words: 25,
    decisions: 1,
    seconds: 0,
  },
  { what: 'save and quit the editor', clicks: 0, fields: 1, words: 0, decisions: 0, seconds: 0 },
  {
    what: 'restart the gateway service and see it run (systemctl restart …; status)',
    clicks: 0,
    fields: 2,
    words: 30,
    decisions: 1,
    seconds: 5,
  },
];

export function gatewayChoreSeconds(): number {
  return GATEWAY_CHORE.reduce((sum, c) => sum + personSeconds(c), 0);
}

/**
 * the first gateway costs more: find the config file (the guide names it: config/default.json) and see
 * where the section goes in it
 */
export const FIRST_GATEWAY_EXTRA_SECONDS = 30;

export function gatewaySideSeconds(gateways: number): number {
  return gateways * gatewayChoreSeconds() + (gateways > 0 ? FIRST_GATEWAY_EXTRA_SECONDS : 0);
}
