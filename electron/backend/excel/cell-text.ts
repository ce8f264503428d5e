// How a raw value reads as text, the same way everywhere (model building, normalisers).

/** Dates from exceljs are UTC midnight for date-only cells. */
export function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** Excel shows 15 significant digits; cached results like 0.30000000000000004 read as 0.3. */
export function numberText(n: number): string {
  // Integers below 10^15 print exactly either way; the shortcut matters on sheets of 100,000s of cells.
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : String(n);
}
