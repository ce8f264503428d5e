// Row heights for wrapped text: Excel does not grow rows written by a program, so a long measure
// would print as one clipped line. Estimated from the text's width in the column's width.

/** Display width in Excel "character" units: CJK and full-width characters count two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u3000-\u303f]/.test(ch) ? 2 : 1;
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
  for (const para of text.split(/\r?\n/)) lines += Math.max(1, Math.ceil(textWidth(para) / perLine));
  return Math.ceil(lines * fontSize * 1.35 + 6);
}
