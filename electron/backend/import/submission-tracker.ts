// Which units have submitted for a period: every unit of the directory (the bureau collects from all
// of them), missing ones first, each with the files applied for it.
import type { TrackerDto } from '#shared/api/submission-api.js';
import type { Store } from '../store.js';

export function submissionTracker(store: Store, ledgerId: number, period: string): TrackerDto {
  const files = store.submissions.filesOfPeriod(ledgerId, period);
  const out = store.units.list().map((u) => {
    const own = files.filter((f) => f.unitId === u.id);
    return {
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      submitted: own.length > 0,
      files: own.map((f) => ({ fileName: f.fileName, batchId: f.batchId, createdAt: f.createdAt, rowsApplied: f.rowsApplied, reportDate: f.reportDate })),
    };
  });
  // Missing first: that is who the clerk has to chase (a stable sort keeps directory order).
  out.sort((a, b) => Number(a.submitted) - Number(b.submitted));
  const submitted = out.filter((u) => u.submitted).length;
  return { ledgerId, period, units: out, submitted, missing: out.length - submitted };
}
