// The Find gateways page's check of typed targets, before anything is sent: the same rules as the site's
// scan planner (which checks again and has the last word), so a typo is named at once, in the reader's language.

export type TargetProblem =
  | { kind: 'syntax' | 'octet' | 'port' | 'special'; target: string }
  | { kind: 'wide'; target: string; count: number; prefix: number };

const TARGET = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?(?::(\d{1,5}))?$/;

/** Splits what was typed (spaces, commas, lines) into targets. */
export function splitTargets(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The first problem of one target, or null when the site will accept it. */
export function checkTarget(target: string, widestPrefix: number): TargetProblem | null {
  const match = TARGET.exec(target);
  if (!match) return { kind: 'syntax', target };
  const octets = match[1]!.split('.').map(Number);
  if (octets.some((o) => o > 255)) return { kind: 'octet', target };
  const prefix = match[2] === undefined ? 32 : Number(match[2]);
  if (prefix > 32) return { kind: 'syntax', target };
  if (prefix < widestPrefix) return { kind: 'wide', target, count: 2 ** (32 - prefix), prefix: widestPrefix };
  if (match[3] !== undefined) {
    const port = Number(match[3]);
    if (port < 1 || port > 65535) return { kind: 'port', target };
  }
  const first = octets[0]!;
  if (first === 0 || first >= 224) return { kind: 'special', target };
  return null;
}

export function checkTargets(targets: readonly string[], widestPrefix: number): TargetProblem[] {
  return targets.flatMap((t) => checkTarget(t, widestPrefix) ?? []);
}
