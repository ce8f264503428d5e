// Which units have submitted for a period: the units the ledger names (责任单位/牵头科室, matched
// against the directory; all units when it names none), plus any unit that sent a file anyway.
import type { TrackerDto } from '../../../shared/api/submission-api.js';
import type { Store } from '../store.js';
import { unitsNamedIn } from './unit-resolution.js';

export function submissionTracker(store: Store, ledgerId: number, period: string): TrackerDto {
  const units = store.units.list();
  const named = new Set<number>();
  for (const row of store.rows.listInOrder(ledgerId, period)) {
    for (const cell of [row.values.units, row.values.leadDept]) {
      for (const part of cell.split(/[、,，;；\s]+/)) if (part) for (const u of unitsNamedIn(part, units)) named.add(u.id);
    }
  }
  const files = store.submissions.filesOfPeriod(ledgerId, period);
  const expected = named.size ? units.filter((u) => named.has(u.id)) : units;
  const list = [...expected, ...units.filter((u) => !expected.includes(u) && files.some((f) => f.unitId === u.id))];
  const out = list.map((u) => {
    const own = files.filter((f) => f.unitId === u.id);
    return {
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      submitted: own.length > 0,
      files: own.map((f) => ({ fileName: f.fileName, batchId: f.batchId, createdAt: f.createdAt, rowsApplied: f.rowsApplied, reportDate: f.reportDate })),
    };
  });
  // Missing first: that is who the clerk has to chase.
  out.sort((a, b) => Number(a.submitted) - Number(b.submitted));
  const submitted = out.filter((u) => u.submitted).length;
  return { ledgerId, period, units: out, submitted, missing: out.length - submitted };
}
