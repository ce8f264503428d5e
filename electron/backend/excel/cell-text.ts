// How a raw value reads as text, the same way everywhere (model building, normalisers).

/** Dates from exceljs are UTC midnight for date-only cells. */
export function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** Texts of the small whole numbers a sheet repeats (serial numbers, targets, percentages), made once each. */
const SMALL_INT_TEXT: string[] = [];
const SMALL_INT_LIMIT = 1 << 16;

/** Excel shows 15 significant digits; cached results like 0.30000000000000004 read as 0.3. */
export function numberText(n: number): string {
  // Integers below 10^15 print exactly either way; the shortcut matters on sheets of 100,000s of cells.
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n >= 0 && n < SMALL_INT_LIMIT ? (SMALL_INT_TEXT[n] ??= String(n)) : String(n);
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : String(n);
}
