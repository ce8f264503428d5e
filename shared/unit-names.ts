// Unit names in a 责任单位/牵头科室 cell ("和平小学、东元中学"), split the same way by the backend
// (per-unit export and forms) and the renderer (the unit choices it offers).

const UNIT_SPLIT = /[、,，;；/／\s]+/;

export function unitNames(text: string): string[] {
  return text
    .split(UNIT_SPLIT)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every unit named in the rows' 牵头科室 and 责任单位, in first-appearance order. */
export function unitsNamedIn(rows: readonly { values: { leadDept: string; units: string } }[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const n of [...unitNames(r.values.leadDept), ...unitNames(r.values.units)]) seen.add(n);
  return [...seen];
}
