// A small, lenient scanner for the value payloads of protocol §2/§3 (internal to this folder).
//
// One tokenizer serves the CSV form `t,v[,t,v]*`, the JSON array form `[t,v,…]` and the arrays inside
// the gateway object `{"sid":[t,v,…],…}`. Elements are either JSON texts (`{…}`, `[…]`, `"…"`, parsed
// with JSON.parse so their meaning is exact) or bare tokens up to the next separator. Bare tokens make
// the scanner tolerant of what real gateways send: CSV is all bare tokens, and the C SDK writes sensor
// values into its JSON with a raw `%s` (so a string value arrives unquoted, a NaN as `nan`). A broken
// element is reported on its own and its neighbours are kept (protocol §3: valid parts of a batch are
// still stored).

export type Element = { ok: true; value: unknown; raw: string } | { ok: false; raw: string; reason: string };

export interface ListScan {
  elements: Element[];
  /** index just after the list (after its closer, or the end of the text) */
  end: number;
  /** a structural failure that stopped the scan; the elements before it are still valid */
  fatal?: string;
}

// JSON number grammar (RFC 8259 §6); looser spellings ("+5", ".5", "007") stay strings, which
// coerceValue still turns into numbers for number types.
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// What C's printf and Python's str() write for non-finite floats.
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

function isWs(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

export function skipWs(text: string, pos: number): number {
  while (pos < text.length && isWs(text[pos])) pos++;
  return pos;
}

/** Index just after the JSON string starting at `pos` (a `"`), or -1 when it is not terminated. */
export function scanString(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return -1;
}

/** Index just after the JSON string/object/array starting at `pos`, or -1 when it is not closed. */
export function scanJsonValue(text: string, pos: number): number {
  if (text[pos] === '"') return scanString(text, pos);
  let depth = 0;
  for (let i = pos; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = scanString(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (ch === '{' || ch === '[') {
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Meaning of a bare (unquoted) token: a JSON number or literal, a non-finite marker, or a string. */
export function classifyBare(raw: string): Element {
  if (raw === '') return { ok: false, raw, reason: 'empty element' };
  if (JSON_NUMBER.test(raw)) {
    const n = Number(raw);
    return Number.isFinite(n)
      ? { ok: true, value: n, raw }
      : { ok: false, raw, reason: 'number out of range' };
  }
  if (raw === 'true') return { ok: true, value: true, raw };
  if (raw === 'false') return { ok: true, value: false, raw };
  if (raw === 'null') return { ok: true, value: null, raw };
  if (NON_FINITE.test(raw)) return { ok: false, raw, reason: 'not a finite number' };
  return { ok: true, value: raw, raw };
}

/**
 * Scans comma-separated elements from `start` up to `closer` (`]` for a JSON array, `null` for CSV that
 * runs to the end of the text).
 */
export function scanList(text: string, start: number, closer: ']' | null): ListScan {
  const elements: Element[] = [];
  let pos = skipWs(text, start);
  if (closer !== null && text[pos] === closer) return { elements, end: pos + 1 };
  for (;;) {
    pos = skipWs(text, pos);
    const ch = text[pos];
    if (ch === '{' || ch === '[' || ch === '"') {
      const begin = pos;
      const end = scanJsonValue(text, pos);
      if (end < 0) return { elements, end: text.length, fatal: `unterminated ${ch} at offset ${pos}` };
      const raw = text.slice(pos, end);
      pos = skipWs(text, end);
      if (pos < text.length && text[pos] !== ',' && text[pos] !== closer) {
        // junk glued to a JSON element: drop the element, resynchronise on the next separator
        const stop = nextSeparator(text, pos, closer);
        elements.push({ ok: false, raw: text.slice(begin, stop).trim(), reason: 'unexpected text' });
        pos = stop;
      } else {
        elements.push(parseJsonElement(raw));
      }
    } else {
      const stop = nextSeparator(text, pos, closer);
      elements.push(classifyBare(text.slice(pos, stop).trim()));
      pos = stop;
    }
    if (pos >= text.length) {
      return closer === null ? { elements, end: pos } : { elements, end: pos, fatal: `missing ${closer}` };
    }
    if (text[pos] === closer) return { elements, end: pos + 1 };
    pos++; // the ','
  }
}

function nextSeparator(text: string, pos: number, closer: ']' | null): number {
  let i = pos;
  while (i < text.length && text[i] !== ',' && text[i] !== closer) i++;
  return i;
}

function parseJsonElement(raw: string): Element {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown, raw };
  } catch {
    return { ok: false, raw, reason: 'invalid JSON' };
  }
}

export interface ObjectEntry {
  key: string;
  /** the elements of the key's array; absent when the value was not an array */
  elements?: Element[];
  /** why this entry is unusable or incomplete */
  error?: string;
}

export interface ObjectScan {
  entries: ObjectEntry[];
  /** a structural failure that stopped the scan; the entries before it are still usable */
  fatal?: string;
}

/**
 * Scans `{"key":[…],…}`. Duplicate keys are all returned, in order (JSON.parse would keep only the last
 * one; the upstream MQTT page's own example repeats a key).
 */
export function scanObjectOfLists(text: string): ObjectScan {
  const entries: ObjectEntry[] = [];
  let pos = skipWs(text, 0);
  if (text[pos] !== '{') return { entries, fatal: 'expected a JSON object' };
  pos = skipWs(text, pos + 1);
  if (text[pos] === '}') return trailing(text, pos + 1, entries);
  for (;;) {
    pos = skipWs(text, pos);
    if (text[pos] !== '"') return { entries, fatal: `expected a quoted key at offset ${pos}` };
    const keyEnd = scanString(text, pos);
    if (keyEnd < 0) return { entries, fatal: `unterminated key at offset ${pos}` };
    let key: string;
    try {
      key = JSON.parse(text.slice(pos, keyEnd)) as string;
    } catch {
      return { entries, fatal: `invalid key at offset ${pos}` };
    }
    pos = skipWs(text, keyEnd);
    if (text[pos] !== ':') return { entries, fatal: `expected ':' at offset ${pos}` };
    pos = skipWs(text, pos + 1);
    if (text[pos] === '[') {
      const list = scanList(text, pos + 1, ']');
      entries.push(
        list.fatal === undefined
          ? { key, elements: list.elements }
          : { key, elements: list.elements, error: list.fatal },
      );
      if (list.fatal !== undefined) return { entries, fatal: list.fatal };
      pos = list.end;
    } else {
      const start = pos;
      const ch = text[pos];
      if (ch === '{' || ch === '"') {
        pos = scanJsonValue(text, pos);
        if (pos < 0) return { entries, fatal: `unterminated value at offset ${start}` };
      } else {
        while (pos < text.length && text[pos] !== ',' && text[pos] !== '}') pos++;
      }
      entries.push({
        key,
        error: `expected an array [t,v,…], got ${text.slice(start, pos).trim() || 'nothing'}`,
      });
    }
    pos = skipWs(text, pos);
    if (text[pos] === ',') {
      pos++;
      continue;
    }
    if (text[pos] === '}') return trailing(text, pos + 1, entries);
    return { entries, fatal: `expected ',' or '}' at offset ${pos}` };
  }
}

function trailing(text: string, pos: number, entries: ObjectEntry[]): ObjectScan {
  const rest = skipWs(text, pos);
  return rest < text.length
    ? { entries, fatal: `unexpected text after the object at offset ${rest}` }
    : { entries };
}
