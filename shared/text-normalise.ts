// Character-level clean-up shared by header matching and value parsing.

/**
 * Full-width ASCII (０-９, Ａ-Ｚ, ％, ．, ，, （） …) to half-width; ideographic space to a space. One UTF-16
 * unit for one, so offsets in the result are offsets in the input. `keep` lists characters left as they are.
 */
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_ALL = /[\uFF01-\uFF5E\u3000]/g;

export function toHalfWidth(s: string, options: { keep?: string } = {}): string {
  // Most texts hold no full-width form: asked of every cell read, the plain test costs least.
  if (!FULL_WIDTH.test(s)) return s;
  const keep = options.keep ?? '';
  return s.replace(FULL_WIDTH_ALL, (ch) => (keep.includes(ch) ? ch : ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/** Plan text keeps the full-width comma (it separates clauses: "8，277个" must not read as one number) and the ideographic space. */
export const PLAN_TEXT = { keep: '\uFF0C\u3000' } as const;

/** All kinds of whitespace, including NBSP, ideographic space and zero-width characters. */
const WHITESPACE = /[\s\u00A0\u2000-\u200B\u2028\u2029\u3000\uFEFF]+/g;

export function removeWhitespace(s: string): string {
  return s.replace(WHITESPACE, '');
}

/** Trims and collapses inner whitespace runs to one space (for display and comparisons). */
export function squashWhitespace(s: string): string {
  return s.replace(WHITESPACE, ' ').trim();
}

/** Half-width, no whitespace: the form used to compare short labels and keywords. */
export function compactText(s: string): string {
  return removeWhitespace(toHalfWidth(s));
}

const CJK = '\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) (?=[${CJK}])`, 'g');

/**
 * A label as it should read: whitespace squashed, and spaces between Chinese characters removed
 * (headers are often spaced or wrapped for layout: 备 注, 完成\n时限).
 */
export function tidyLabel(s: string): string {
  return squashWhitespace(s).replace(SPACE_BETWEEN_CJK, '');
}

/**
 * Characters that must not reach a terminal line or a name unescaped: C0/C1 controls (line breaks,
 * ESC, DEL …), Unicode line/paragraph separators and the bidi overrides that reorder what is shown.
 */
const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A user-provided name (file, unit, template) made safe for one output line: controls become visible escapes. */
export function escapeControls(s: string): string {
  return s.replace(CONTROL_CHARS, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A name derived from outside input (a file name): controls and line breaks become spaces, runs squashed, trimmed. */
export function sanitiseName(s: string): string {
  return squashWhitespace(s.replace(CONTROL_CHARS, ' '));
}

/**
 * A plan number as it is compared: half-width, no spaces, without the punctuation after it
 * (`3.`, `3、`, `３．` and `3` are one task; `一、` and `一` one section). `（一）` keeps its brackets.
 */
export function planCodeKey(code: string): string {
  return compactText(code).replace(/[.、,]+$/, '');
}
