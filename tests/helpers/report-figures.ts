// Hand-made report figures for tests of what is built from them (report text, charts).
import type { UnitFigure } from '#shared/report-figures.js';

/** A school's figures: 4 assignments, done in proportion to its 完成率, two green, one yellow, one red. */
export const unitFigure = (name: string, rank: number, completionRate: number, extra: Partial<UnitFigure> = {}): UnitFigure => ({
  unit: name,
  kind: 'school',
  assignments: 4,
  done: Math.round((completionRate / 100) * 4),
  overdue: 0,
  completionRate,
  meanProgress: completionRate,
  green: 2,
  yellow: 1,
  red: 1,
  reported: true,
  rank,
  ...extra,
});
