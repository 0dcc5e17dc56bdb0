/**
 * What mail clients, issue trackers and people do to a paste, undone where it can be undone without
 * guessing, and marked where it cannot:
 *
 * - Spaces copied from a web page (no-break spaces, zero-width characters, a BOM) are plain spaces again.
 * - Markdown code fences (```` ``` ````, `~~~`, with or without a language) are markup: they become blank
 *   lines, so they separate sections as the blank lines around them would.
 * - `> ` quote markers (nested `> > ` too) and `•` bullets are stripped from the start of a line; the rest is
 *   read as usual.
 * - A command written inline in prose (`` **Command:** `sudo iptables -nvL` ``, `` `netstat -s` BEFORE ``)
 *   names the output that follows, like a prompt line.
 * - Hard-wrapped lines: a mail client or tracker broke a long line at a space, so its tail sits alone on
 *   the next line at column 0. Joined back only when the paste shows a wrap width (no line longer than
 *   {@link MAX_WRAP} columns), the broken line fills most of that width, and the tail cannot be a line of
 *   the output on its own (each detector says what its lines look like).
 * - Trim marks (`...`, `[...]`, `[snip]`, `<snip>`, `(output truncated)`) say that lines were removed by
 *   hand: such a section is only partly read.
 *
 * Line numbers never move: one input line is one cleaned line, so what is reported points at the input.
 */

/** A hard wrap is at most this wide; a paste with longer lines was not wrapped (or not everywhere). */
export const MAX_WRAP = 100;
/** The broken line fills the wrap width but for at most this many columns (the next word did not fit). */
const WRAP_SLACK = 24;

const FENCE = /^\s*(?:`{3,}|~{3,})[\w+.#-]*\s*$/;
/** `> ` quote markers (nested), and the `•` bullets a slide or PDF puts before each line. */
const QUOTE = /^(?: {0,3}[>•] ?)+/;

/** A line that says lines were removed here. */
const TRIM =
  /^\s*(?:\.{3,}|…+|\[\s*(?:\.{3}|…|snip(?:ped)?|trimmed|truncated|cut|omitted|more)\b[^\]]*\]|\[\s*(?:\.{3}|…)\s*\]|<\s*(?:snip(?:ped)?|\.{3}|…|trimmed|truncated)[^>]*>|\(\s*(?:snip(?:ped)?|\.{3}|…|(?:output )?(?:trimmed|truncated|shortened)|\d+ (?:more )?lines? (?:omitted|removed|skipped|trimmed))[^)]*\)|-+\s*(?:snip|cut)\s*-*|✂.*|(?:snip|snipped)\s*|\.{3}\s*(?:snip|more|etc\.?)\s*\.{0,3})\s*$/i;

export const isTrimMark = (line: string | undefined): boolean => line !== undefined && TRIM.test(line);

export interface CleanedInput {
  /** The input's lines with fences blanked and quote markers stripped, one for one. */
  readonly lines: readonly string[];
  /** 0-based indexes of the fence lines (blanked). */
  readonly fences: ReadonlySet<number>;
  /**
   * The wrap width the paste shows: its longest line that a wrapper could have broken (one with a space),
   * when it is at most {@link MAX_WRAP}; else undefined.
   */
  readonly wrapWidth: number | undefined;
}

/** Strip fences and quote markers, line for line. Pure. */
export function cleanLines(raw: readonly string[]): CleanedInput {
  const fences = new Set<number>();
  const out = raw.map((l, i) => {
    // Copied from a web page: no-break and other wide spaces for spaces, zero-width characters and BOMs.
    const plain = l.replace(/[\u00a0\u2000-\u200a\u202f\u205f]/g, ' ').replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
    const unquoted = plain.replace(QUOTE, '');
    if (FENCE.test(unquoted)) {
      fences.add(i);
      return '';
    }
    return unquoted;
  });
  // A word longer than the width (a URL) stays whole on its own line: such lines say nothing of the width.
  const longest = out.reduce((m, l) => (/\S\s+\S/.test(l.trim()) ? Math.max(m, l.trimEnd().length) : m), 0);
  return { lines: out, fences, wrapWidth: longest > 0 && longest <= MAX_WRAP ? longest : undefined };
}

/**
 * True when `line` looks like the tail of `prev` broken by a hard wrap at `width`: `prev` fills the
 * width but for the word that did not fit, and `line` starts at column 0 (a wrap leaves no indentation)
 * and is no sentence of prose.
 */
export function looksWrapped(prev: string, line: string, width: number | undefined): boolean {
  if (width === undefined) return false;
  const head = prev.trimEnd();
  if (head.length < width - WRAP_SLACK || /^\s/.test(line) || line.trim() === '') return false;
  if (!/^[\x20-\x7e\t]*$/.test(line)) return false;
  // Prose: a capitalised sentence ending in a full stop, question or colon.
  if (/^[A-Z][a-z]+(?:\s+[a-z]+){2,}.*[.?!:]\s*$/.test(line.trim())) return false;
  return true;
}

/** A command that changes something (`tc qdisc add`, `iptables -A`, `sysctl -w`): it prints no output to read. */
const CHANGES = /\s(?:add|del|delete|change|replace|flush|set)\b|\s-[AIDRFXPNZE]\b|\s-w\b|\s--(?:append|insert|delete|flush|policy|zero|new-chain|delete-chain|write)\b/;

/**
 * The command written inline in a line of prose (`` **Command:** `sudo iptables -nvL` ``), if any. A
 * command that changes something (`I ran \`tc qdisc add dev eth0 root netem loss 30%\``) names no output.
 */
export function inlineCommand(line: string, commandOf: (l: string) => string | undefined): string | undefined {
  for (const m of line.matchAll(/`([^`\n]{2,200})`/g)) {
    const c = commandOf(m[1] ?? '');
    if (c !== undefined && !CHANGES.test(` ${c}`)) return c;
  }
  return undefined;
}

/** `[3, 4, 5, 9]` → `3-5, 9`: line numbers as a person reads them. */
export function lineList(ns: readonly number[]): string {
  const sorted = [...new Set(ns)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const n of [...sorted, Number.NaN]) {
    if (start !== undefined && prev !== undefined && n === prev + 1) {
      prev = n;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? String(start) : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return parts.join(', ');
}
