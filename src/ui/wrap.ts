/**
 * Display width and wrapping for the terminal, with no dependency: East Asian wide and fullwidth
 * characters (Chinese, fullwidth punctuation) take two columns, combining marks and zero-width
 * characters none, ANSI escape sequences (colour) none.
 *
 * Wrapping: prose breaks at spaces, and between any two wide characters (Chinese has no spaces and
 * may break between any two characters), never inside a run of narrow characters (a word, a
 * counter name, an address). A word wider than the line stays whole on a line of its own. Commands
 * are never given to {@link wrap}: a renderer prints each on a line of its own, whatever its length,
 * so a copy-paste never carries a line break into a shell.
 */

// CSI (colour, cursor) and OSC (hyperlink) sequences.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export const stripAnsi = (s: string): string => s.replace(ANSI, '');

/** Two columns: East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15, the ones a terminal draws wide. */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x231a && cp <= 0x231b) ||
    (cp >= 0x2329 && cp <= 0x232a) ||
    (cp >= 0x23e9 && cp <= 0x23ec) ||
    cp === 0x23f0 ||
    cp === 0x23f3 ||
    (cp >= 0x25fd && cp <= 0x25fe) ||
    (cp >= 0x2614 && cp <= 0x2615) ||
    (cp >= 0x2648 && cp <= 0x2653) ||
    cp === 0x267f ||
    cp === 0x2693 ||
    cp === 0x26a1 ||
    (cp >= 0x26aa && cp <= 0x26ab) ||
    (cp >= 0x26bd && cp <= 0x26be) ||
    (cp >= 0x26c4 && cp <= 0x26c5) ||
    cp === 0x26ce ||
    cp === 0x26d4 ||
    cp === 0x26ea ||
    (cp >= 0x26f2 && cp <= 0x26f3) ||
    cp === 0x26f5 ||
    cp === 0x26fa ||
    cp === 0x26fd ||
    cp === 0x2705 ||
    (cp >= 0x270a && cp <= 0x270b) ||
    cp === 0x2728 ||
    cp === 0x274c ||
    cp === 0x274e ||
    (cp >= 0x2753 && cp <= 0x2755) ||
    cp === 0x2757 ||
    (cp >= 0x2795 && cp <= 0x2797) ||
    cp === 0x27b0 ||
    cp === 0x27bf ||
    (cp >= 0x2b1b && cp <= 0x2b1c) ||
    cp === 0x2b50 ||
    cp === 0x2b55 ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** No column: combining marks, zero-width joiners and spaces, variation selectors, control characters. */
function isZeroWidth(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp < 0xa0) ||
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  );
}

const charWidth = (ch: string): number => {
  const cp = ch.codePointAt(0) ?? 0;
  return isZeroWidth(cp) ? 0 : isWide(cp) ? 2 : 1;
};

/** The columns `s` takes on a terminal, colour codes not counted. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of stripAnsi(s)) w += charWidth(ch);
  return w;
}

/** `s` padded with spaces to `width` columns (never cut). */
export const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/**
 * The pieces a line may break between: a run of narrow non-space characters (a word: never broken),
 * one wide character (may break on either side), or a run of spaces (a break; dropped at a line's
 * edge). Closing punctuation (full-width or not) sticks to what comes before it and opening
 * punctuation to what comes after, so no line starts with `，` or ends with `（`.
 */
function tokens(s: string): { text: string; space: boolean }[] {
  const out: { text: string; space: boolean }[] = [];
  const NO_START = /^[，。、；：？！）》」』】,.;:?!)\]}%]/u;
  const NO_END = /[（《「『【(\[{]$/u;
  let word = '';
  const flush = () => {
    if (word !== '') out.push({ text: word, space: false });
    word = '';
  };
  for (const ch of s) {
    if (ch === ' ') {
      flush();
      const last = out.at(-1);
      if (last?.space) last.text += ch;
      else out.push({ text: ch, space: true });
    } else if (isWide(ch.codePointAt(0) ?? 0)) {
      flush();
      out.push({ text: ch, space: false });
    } else {
      word += ch;
    }
  }
  flush();
  // Glue: a token that may not start a line joins the one before; one that may not end a line, the one after.
  const glued: { text: string; space: boolean }[] = [];
  for (const tk of out) {
    const prev = glued.at(-1);
    if (prev && !prev.space && !tk.space && (NO_START.test(tk.text) || NO_END.test(prev.text))) prev.text += tk.text;
    else glued.push({ ...tk });
  }
  return glued;
}

/**
 * `text` wrapped to `width` columns: the first line starts with `first` (a bullet, a label), every
 * later line with `hang` (spaces, usually as wide as `first`). Newlines in `text` start new
 * paragraphs with the same hanging indent. ANSI codes in `first`/`hang` are not counted; `text`
 * itself should be plain (colour each line after wrapping).
 */
export function wrap(text: string, width: number, first = '', hang = ' '.repeat(displayWidth(first))): string[] {
  const lines: string[] = [];
  const paragraphs = text.split('\n');
  paragraphs.forEach((para, pi) => {
    let line = pi === 0 ? first : hang;
    const prefixWidth = displayWidth(line);
    let w = prefixWidth;
    let empty = true;
    let pendingSpace = '';
    for (const tk of tokens(para)) {
      if (tk.space) {
        if (!empty) pendingSpace = tk.text;
        continue;
      }
      const tw = displayWidth(tk.text);
      const sw = empty ? 0 : displayWidth(pendingSpace);
      if (!empty && w + sw + tw > width) {
        lines.push(line);
        line = hang;
        w = displayWidth(hang);
        empty = true;
        pendingSpace = '';
      }
      if (!empty) {
        line += pendingSpace;
        w += displayWidth(pendingSpace);
      }
      line += tk.text;
      w += tw;
      empty = false;
      pendingSpace = '';
    }
    lines.push(line);
  });
  return lines;
}

/** The width to wrap to: the terminal's columns (never under 80), or 80 when stdout is not a terminal. */
export function wrapWidth(columns: number | undefined, isTty: boolean): number {
  if (!isTty || columns === undefined || !Number.isFinite(columns) || columns <= 0) return 80;
  return Math.max(80, Math.floor(columns));
}
