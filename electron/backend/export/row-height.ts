// Row heights for wrapped text: Excel does not grow rows written by a program, so a long measure
// would print as one clipped line. Estimated from the text's width in the column's width.

/** Display width in Excel "character" units: CJK and full-width characters count two. */
export function textWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // second half of a surrogate pair: counted with the first
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xd800 && c <= 0xdbff) || // astral CJK (extension B …)
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

/**
 * Points needed to show `text` wrapped in a column `columnWidth` characters wide (widths are measured
 * for an 11 pt font; a larger font fits fewer characters).
 */
export function estimateRowHeight(text: string, columnWidth: number, fontSize = 11): number {
  if (!text) return 0;
  const perLine = Math.max(1, Math.floor(((columnWidth - 1) * 11) / fontSize));
  let lines = 0;
  for (const para of text.includes('\n') ? text.split(/\r?\n/) : [text]) lines += Math.max(1, Math.ceil(textWidth(para) / perLine));
  return Math.ceil(lines * fontSize * 1.35 + 6);
}
